"""Cookies in production: Secure, HttpOnly, SameSite, and `__Host-` for the session ones.

The `__Host-` prefix makes the browser refuse the cookie unless it is Secure, has
Path=/ and names no Domain: no sibling subdomain can plant or read a session.
"""

from http.cookies import SimpleCookie

import pytest
from flask_login import UserMixin, login_user

from config import DevelopmentConfig, ProductionConfig

HSTS = "max-age=63072000; includeSubDomains"


class _ProductionForTests(ProductionConfig):
    """Production's settings on a throw-away database; its start-up checks are tested elsewhere."""

    SECRET_KEY = "x" * 48
    SERVER_NAME = "twiza.example"
    WTF_CSRF_ENABLED = False
    STRIPE_SECRET_KEY = "sk_test_cookies"
    STRIPE_WEBHOOK_SECRET = "whsec_cookies"

    @classmethod
    def check(cls):
        """Nothing to refuse: the settings above are the test's own."""


class _Member(UserMixin):
    """Who Flask-Login remembers; the cookie's attributes do not depend on who it is."""

    def get_id(self):
        return "7:1"


def _production_app(tmp_path, config=_ProductionForTests):
    from crowdfund import create_app

    class Config(config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'production.sqlite3'}"
        UPLOAD_DIR = tmp_path / "uploads"
        INSTANCE_DIR = tmp_path

    return create_app(Config)


@pytest.fixture
def production_app(tmp_path):
    app = _production_app(tmp_path)
    yield app
    _close(app)


def _close(app):
    """Close the app's database connections, which would otherwise outlive the test."""
    from crowdfund.extensions import db

    with app.app_context():
        db.engine.dispose()


def _set_cookies(response):
    """Every cookie the response sets, by name, with its attributes as the browser sees them."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            cookies[name] = {key: morsel[key] for key in morsel if morsel[key]}
            cookies[name]["raw"] = header
    return cookies


def _cookies_after_login(app):
    """The cookies a login that asks to be remembered sets."""
    with app.test_request_context("/", base_url="https://twiza.example"):
        login_user(_Member(), remember=True)
        response = app.process_response(app.make_response("logged in"))
    return _set_cookies(response)


def test_session_and_remember_cookies_are_host_prefixed_and_locked_down(production_app):
    cookies = _cookies_after_login(production_app)

    assert set(cookies) >= {"__Host-session", "__Host-remember"}
    for name in ("__Host-session", "__Host-remember"):
        cookie = cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
        assert cookie["path"] == "/", name
        assert "domain" not in cookie, name


def test_every_cookie_a_visitor_gets_is_secure_httponly_and_samesite(production_app):
    client = production_app.test_client()

    response = client.post(
        "/language",
        data={"language": "fr", "next": "/"},
        base_url="https://twiza.example",
    )

    assert response.status_code == 302
    cookies = _set_cookies(response)
    assert "__Host-session" in cookies
    for cookie in cookies.values():
        assert cookie.get("secure") is True, cookie["raw"]
        assert cookie.get("httponly") is True, cookie["raw"]
        assert cookie.get("samesite") == "Lax", cookie["raw"]


def test_production_sends_hsts_of_two_years_with_subdomains(production_app):
    response = production_app.test_client().get("/account/login", base_url="https://twiza.example")

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_development_cookies_work_over_plain_http(tmp_path):
    """On a developer's machine the site is http://127.0.0.1: Secure cookies would be lost."""

    class Development(DevelopmentConfig):
        SERVER_NAME = None

    app = _production_app(tmp_path, Development)

    cookies = _cookies_after_login(app)

    assert cookies["session"].get("secure") is None
    assert cookies["remember_token"].get("secure") is None
    assert cookies["session"]["httponly"] is True
    response = app.test_client().get("/account/login")
    _close(app)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
