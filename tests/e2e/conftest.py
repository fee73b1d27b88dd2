"""Browser tests: Chromium drives a live Twiza server whose schema the migrations built.

The server runs in a thread of this process, on its own SQLite file, with CSRF
protection on as in production. The tests read the mail it sends from its
in-memory outbox and create privileged accounts directly, as an administrator
would. Nothing here uses the rolled-back transaction of tests/conftest.py: the
server commits for real.

One server, `mailing_server`, delivers its outbox over SMTP instead, to a real
aiosmtpd server on a free port of 127.0.0.1 (`smtp_sink`), as production does.

Without Chromium at /usr/bin/chromium these tests are skipped, unless the CI
environment variable is set: then they fail.
"""

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from config import TestConfig
from crowdfund import create_app
from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.geography.seed import seed_geography
from crowdfund.payments import localstripe_control
from tests.e2e.support import CHROMIUM_ARGS, Screenshots, create_account, minimal_pdf, small_png
from tests.notifications.conftest import SmtpServer
from tests.payments.conftest import running_localstripe

CHROMIUM = Path("/usr/bin/chromium")

#: How long an action or an expectation may wait for the page, in milliseconds.
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _rollback_after_test():
    """Replaces the fixture of tests/conftest.py: the live server's data is really committed."""


@pytest.fixture(scope="session")
def chromium():
    """The Chromium executable; skip without it, or fail when running in CI."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)."
    if os.environ.get("CI"):
        pytest.fail(f"{message} The browser tests must run in CI.", pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str

    @property
    def outbox(self):
        """Every message the application has sent."""
        return self.app.extensions["mailman"].outbox


def e2e_config(base, **settings):
    """The browser tests' configuration: a SQLite file under `base`, CSRF on as in production."""
    return type(
        "E2EConfig",
        (TestConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'twiza.sqlite3'}",
            "UPLOAD_DIR": base / "uploads",
            "WTF_CSRF_ENABLED": True,
            "MAIL_BACKEND": "locmem",
            "SERVER_NAME": None,
            **settings,
        },
    )


@contextmanager
def serving(config):
    """Twiza built by its migrations and served on a free port of 127.0.0.1 until the block ends."""
    app = create_app(config)
    with app.app_context():
        upgrade()
        seed_geography()
        db.session.commit()
        db.session.remove()
    app.extensions["mailman"].outbox = []

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="twiza-e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(chromium, tmp_path_factory):
    """Twiza with the in-process payment gateway, for the whole run."""
    with serving(e2e_config(tmp_path_factory.mktemp("twiza-e2e"))) as server:
        yield server


@pytest.fixture(scope="session")
def payments_server(chromium, tmp_path_factory):
    """Twiza paying through the Stripe SDK against a localstripe of its own, webhooks included."""
    base = tmp_path_factory.mktemp("twiza-e2e-payments")
    with running_localstripe(base / "localstripe.pickle", "--from-scratch") as stripe_url:
        config = e2e_config(
            base,
            PAYMENT_GATEWAY="stripe",
            STRIPE_SECRET_KEY="sk_test_twiza_e2e",
            STRIPE_PUBLISHABLE_KEY="pk_test_twiza_e2e",
            STRIPE_WEBHOOK_SECRET="whsec_twiza_e2e",
            STRIPE_API_BASE=stripe_url,
            STRIPE_JS_URL=f"{stripe_url}/js.stripe.com/v3/",
        )
        with serving(config) as server:
            localstripe_control.register_webhook(
                stripe_url,
                "twiza-e2e",
                f"{server.url}/webhooks/stripe",
                config.STRIPE_WEBHOOK_SECRET,
            )
            yield server


@pytest.fixture(scope="session")
def smtp_sink(tmp_path_factory):
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1, keeping what it receives."""
    sink = SmtpServer(tmp_path_factory.mktemp("twiza-e2e-mail"))
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def mailing_server(chromium, smtp_sink, tmp_path_factory):
    """Twiza whose outbox is delivered over SMTP to `smtp_sink`, as in production."""
    config = e2e_config(
        tmp_path_factory.mktemp("twiza-e2e-mailing"),
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_sink.port,
        MAIL_USE_TLS=False,
        MAIL_TIMEOUT=5,
    )
    with serving(config) as server:
        yield server


@pytest.fixture(scope="session")
def reviewer(live_server):
    """A ministry reviewer who logs in with a password and a code from an authenticator."""
    return create_account(
        live_server,
        email="leila.benjelloun@finances.gov.ma",
        password="argan trees on the hillside",
        name="Leila Benjelloun",
        role=Role.REVIEWER,
        affiliation="Ministry of Economy and Finance – Treasury",
    )


@pytest.fixture(scope="session")
def browser(chromium, live_server):
    """One headless Chromium for the run; it closes before the server stops."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Opens browser contexts (separate visitors, each with their own cookies) for one test.

    Relative URLs go to the live server. An uncaught script error on any page fails the test,
    and so does anything the Content-Security-Policy refuses on an HTML page (Chromium says
    so on the console; its own viewer of XML documents styles itself inline, and is not ours).
    """
    contexts, script_errors, document_types = [], [], {}

    def watch(page):
        page.on("pageerror", lambda error: script_errors.append(f"{page.url}: {error}"))
        page.on("response", note_document_type)
        page.on("console", lambda message: note_policy_refusal(page, message))

    def note_document_type(response):
        if response.request.is_navigation_request():
            document_types[response.url] = response.headers.get("content-type", "")

    def note_policy_refusal(page, message):
        is_html = document_types.get(page.url, "text/html").startswith("text/html")
        if "Content Security Policy" in message.text and is_html:
            script_errors.append(f"{page.url}: {message.text}")

    def open_context(**options):
        options = {
            "base_url": live_server.url,
            "locale": "en-GB",
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert not script_errors, "script errors in the browser:\n" + "\n".join(script_errors)


@pytest.fixture
def page(new_context):
    """A page of a fresh visitor."""
    return new_context().new_page()


@pytest.fixture
def shot(request):
    """shot(page, "step") saves test-artifacts/e2e/<test>/NN-step.png."""
    return Screenshots(request.node.name)


@dataclass(frozen=True)
class UploadFiles:
    statutes: Path
    registration_certificate: Path
    board_decision: Path
    cover_image: Path
    commune_approval: Path


@pytest.fixture(scope="session")
def upload_files(tmp_path_factory):
    """Documents and pictures an owner has on their computer."""
    folder = tmp_path_factory.mktemp("owner-files")
    contents = {
        "statutes": ("statuts-association.pdf", minimal_pdf("Statuts de l'association")),
        "registration_certificate": (
            "recepisse-definitif.pdf",
            minimal_pdf("Recepisse de depot definitif"),
        ),
        "board_decision": ("decision-du-bureau.png", small_png((40, 90, 160))),
        "cover_image": ("douar-well.png", small_png((196, 98, 45), (640, 360))),
        "commune_approval": ("deliberation-conseil-communal.pdf", minimal_pdf("Deliberation")),
    }
    paths = {}
    for field, (name, data) in contents.items():
        paths[field] = folder / name
        paths[field].write_bytes(data)
    return UploadFiles(**paths)
