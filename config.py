"""Configuration classes, read from environment variables.

`create_app` takes one of these classes (or its name); nothing else reads the
environment.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TWIZA_INSTANCE_DIR", BASE_DIR / "instance"))


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'twiza.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    INSTANCE_DIR = INSTANCE_DIR
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = 6 * 3600
    #: Strict-Transport-Security max-age in seconds (crowdfund.security); None: not sent,
    #: as on a development machine served over plain HTTP.
    HSTS_MAX_AGE = None

    # Internationalisation.
    #: English is the base; Spanish covers the donor's pages, Tamazight (Tifinagh) the donor
    #: journey's navigation and buttons: what they leave untranslated shows in English.
    LANGUAGES = ("en", "fr", "ar", "es", "zgh")
    RTL_LANGUAGES = ("ar",)
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Africa/Casablanca"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Uploads: 3 documents of 10 MB at most, plus form fields.
    MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    #: Milestone evidence: how many photos and invoices one evidence may have (and one
    #: acceptance record), and how large each file may be; its form may be as large as
    #: all of them together.
    EVIDENCE_MAX_PHOTOS = 10
    EVIDENCE_MAX_INVOICES = 6
    EVIDENCE_PHOTO_MAX_BYTES = 6 * 1024 * 1024
    EVIDENCE_DOCUMENT_MAX_BYTES = 4 * 1024 * 1024

    # Rules of the platform.
    PROJECT_GOAL_CAP_MAD = int(os.environ.get("PROJECT_GOAL_CAP_MAD", "450000"))
    #: Currencies donors may pay in (ISO 4217); projects are in MAD, the others need a rate.
    SUPPORTED_CURRENCIES = ("MAD", "EUR", "USD", "CAD", "GBP")
    #: Pledges, in MAD minor units (centimes): the smallest and largest gift.
    PLEDGE_MIN_MAD = 50_00
    PLEDGE_MAX_MAD = 100_000_00
    #: The processing cost the donor covers on top of the gift: a share and a fixed part.
    PROCESSING_FEE_BASIS_POINTS = 290
    PROCESSING_FEE_FIXED_MAD = 300
    #: What one donor may give in a calendar year, in MAD minor units; None for no cap.
    DONOR_ANNUAL_CAP_MAD = None
    #: Days a donor has to complete (3-D Secure) a settlement charge before the pledge lapses.
    PLEDGE_ACTION_WINDOW_DAYS = 7
    #: Pledges left waiting this long are checked with the processor by `flask payments reconcile`.
    PLEDGE_PENDING_RECONCILE_MINUTES = 10
    #: Items waiting longer than this in the review queue are highlighted.
    REVIEW_AGEING_ALERT_DAYS = 10
    #: Live and funded projects owe a progress report this often (from going live or the last).
    REPORT_INTERVAL_DAYS = int(os.environ.get("REPORT_INTERVAL_DAYS", "90"))
    #: How long the author of an update may still correct or delete it.
    UPDATE_EDIT_WINDOW_HOURS = 24
    CATALOGUE_PAGE_SIZE = 12
    API_PAGE_SIZE = 20
    #: The platform as IATI reporting organisation. The default ref is a placeholder of the
    #: kind IATI assigns (XI-IATI-...): set the identifier registered with IATI.
    IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "XI-IATI-TWIZA")
    IATI_REPORTING_ORG_NAME = os.environ.get("IATI_REPORTING_ORG_NAME", "Twiza")
    #: IATI OrganisationType code of the platform's operator (90: Other).
    IATI_REPORTING_ORG_TYPE = os.environ.get("IATI_REPORTING_ORG_TYPE", "90")
    EMAIL_TOKEN_MAX_AGE = 3 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 3600

    # Redis (redis://host:port/db), for state every worker and host shares: the rate limits
    # and the job queue (crowdfund/queue). Empty: limits in memory, jobs from cron.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    #: Seconds a job's lock outlives a worker that died holding it (renewed while the job runs).
    QUEUE_JOB_LOCK_SECONDS = int(os.environ.get("QUEUE_JOB_LOCK_SECONDS", "60"))

    # Whole public pages kept for visitors not logged in (crowdfund/page_cache), in Redis when
    # REDIS_URL is set, else in files in PAGE_CACHE_DIR (shared by one host's workers), else
    # in each worker's memory; a page is never served once the data it shows has changed.
    # The seconds bound how long an unread page takes room.
    PAGE_CACHE_ENABLED = _env_bool("PAGE_CACHE_ENABLED", default=True)
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
    PAGE_CACHE_MAX_PAGES = int(os.environ.get("PAGE_CACHE_MAX_PAGES", "1000"))
    PAGE_CACHE_DIR = os.environ.get("PAGE_CACHE_DIR", str(INSTANCE_DIR / "page-cache"))
    #: A Redis of its own for pages (it may evict them), else REDIS_URL's.
    PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL", "")
    #: On PostgreSQL, each worker learns the page generation from notifications
    #: (crowdfund/page_cache/listening.py) instead of reading it for every kept page.
    PAGE_CACHE_LISTEN = _env_bool("PAGE_CACHE_LISTEN", default=True)
    #: Seconds Redis has to answer the page store; after a failure pages skip it for a while.
    PAGE_CACHE_REDIS_TIMEOUT = float(os.environ.get("PAGE_CACHE_REDIS_TIMEOUT", "0.25"))

    # Login throttling (Flask-Limiter syntax).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    RATELIMIT_KEY_PREFIX = "twiza"
    #: With Redis unreachable, each worker counts in its own memory rather than failing logins.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")

    # Mail.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Twiza <no-reply@twiza.ma>")
    MAIL_FILE_PATH = str(INSTANCE_DIR / "mail")
    #: Seconds to wait for the SMTP server before a delivery attempt counts as failed.
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "30"))
    #: The outbox: attempts per message before it is given up (kept, with its last error),
    #: the wait after the first failure, doubled after each one up to the longest wait, and
    #: the most messages one delivery pass sends.
    MAIL_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("MAIL_OUTBOX_MAX_ATTEMPTS", "12"))
    MAIL_OUTBOX_RETRY_SECONDS = 60
    MAIL_OUTBOX_RETRY_MAX_SECONDS = 6 * 3600
    MAIL_OUTBOX_BATCH = 500

    # Argon2id password hashing (RFC 9106 second recommended option).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 2

    # Two-factor login for privileged roles.
    TOTP_ISSUER = "Twiza"

    # The demo loader runs only where this is true.
    ALLOW_DEMO_DATA = False

    # Payments: "stripe" (real Stripe, or localstripe at another API base) or "fake" (tests).
    PAYMENT_GATEWAY = os.environ.get("PAYMENT_GATEWAY", "stripe")
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
    STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
    #: Live keys (sk_live_...) are refused unless this is true; only production may set it.
    STRIPE_ALLOW_LIVE_KEYS = False
    #: For the CSP, besides STRIPE_JS_URL's own origin: where Stripe.js loads more of its
    #: code from, and opens frames from (card fields, 3-D Secure), as Stripe documents them.
    STRIPE_SCRIPT_ORIGINS = ("https://*.js.stripe.com",)
    STRIPE_FRAME_ORIGINS = ("https://*.js.stripe.com", "https://hooks.stripe.com")

    # Operations (crowdfund/ops).
    #: Reverse proxies in front of the app (nginx: 1; a load balancer before nginx: 2), whose
    #: X-Forwarded-For and X-Forwarded-Proto are believed; 0 believes none.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    #: Log one JSON object per line on stderr, with the request id.
    LOG_JSON = _env_bool("LOG_JSON")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: The bearer token Prometheus sends to /metrics; empty: /metrics answers 404.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key-not-for-production")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    ALLOW_DEMO_DATA = True
    SERVER_NAME = os.environ.get("SERVER_NAME", "127.0.0.1:5000")

    # localstripe on this machine (`make run` starts it); set the STRIPE_* variables
    # to use Stripe's test mode instead.
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_test_twiza_dev")
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "pk_test_twiza_dev")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_twiza_development")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "http://127.0.0.1:8420")
    STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "http://127.0.0.1:8420/js.stripe.com/v3/")


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "locmem"
    RATELIMIT_ENABLED = False
    # Tests that need Redis start their own (tests/job_queue).
    REDIS_URL = ""
    RATELIMIT_STORAGE_URI = "memory://"
    # The tests' transactions are rolled back, never committed: nothing would be announced.
    PAGE_CACHE_LISTEN = False
    PAGE_CACHE_DIR = ""  # in memory
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    UPLOAD_DIR = None  # set per test run by the fixtures
    ALLOW_DEMO_DATA = True
    SERVER_NAME = None
    PAYMENT_GATEWAY = "fake"
    STRIPE_SECRET_KEY = "sk_test_twiza_tests"
    STRIPE_PUBLISHABLE_KEY = "pk_test_twiza_tests"
    STRIPE_WEBHOOK_SECRET = "whsec_twiza_tests"
    TRUSTED_PROXY_COUNT = 0
    LOG_JSON = False
    METRICS_TOKEN = ""


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember"
    HSTS_MAX_AGE = 2 * 365 * 24 * 3600
    PREFERRED_URL_SCHEME = "https"
    PAYMENT_GATEWAY = "stripe"
    STRIPE_ALLOW_LIVE_KEYS = _env_bool("STRIPE_ALLOW_LIVE_KEYS")
    SERVER_NAME = os.environ.get("SERVER_NAME")
    #: nginx in front (docs/deployment.md).
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
    LOG_JSON = _env_bool("LOG_JSON", default=True)

    @classmethod
    def check(cls):
        """Refuse to start with settings that are unsafe in production."""
        if len(cls.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY must be set to at least 32 random characters.")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must point at the production database.")
        if not cls.STRIPE_WEBHOOK_SECRET.startswith("whsec_"):
            raise RuntimeError("STRIPE_WEBHOOK_SECRET must be set (whsec_...).")
        if not cls.SERVER_NAME:
            raise RuntimeError("SERVER_NAME must name the public site, for links in mail.")
        if cls.METRICS_TOKEN and len(cls.METRICS_TOKEN) < 32:
            raise RuntimeError("METRICS_TOKEN, when set, must be at least 32 random characters.")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
