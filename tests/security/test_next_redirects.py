"""`next=` sends nowhere but to a page of this site (crowdfund.urls.safe_next_url).

The targets are the classic open-redirect tricks: a scheme-relative URL, an absolute
one, a backslash browsers read as a slash, a script URL, and control characters
browsers strip before parsing.
"""

import time
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import url_for

from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, ProjectFactory, UserFactory
from tests.factories.accounts import EnrolledReviewerFactory
from tests.permission_matrix.personas import PERSONAS
from tests.permission_matrix.test_every_route import ROUTES
from tests.permission_matrix.world import build_world

OFF_SITE_TARGETS = [
    "//evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "/\t/evil.example/",
    "/\n/evil.example/",
    " //evil.example/",
    "///evil.example/",
    "data:text/html,<script>alert(1)</script>",
]
ON_SITE_TARGET = "/projects?sector=water"


def is_on_site(location):
    """Whether a browser following `location` stays on this site (the test client's host)."""
    cleaned = "".join(char for char in location if char not in "\t\r\n").strip()
    if "\\" in cleaned:
        return False
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    return cleaned.startswith("/") and not cleaned.startswith("//")


def test_the_check_itself_tells_off_site_from_on_site():
    assert not any(is_on_site(target) for target in OFF_SITE_TARGETS)
    assert is_on_site(ON_SITE_TARGET)
    assert is_on_site("http://localhost/projects")


def _log_in(client, user, next_url):
    return client.post(
        "/account/login",
        data={"email": user.email, "password": DEFAULT_PASSWORD, "next": next_url},
    )


@pytest.mark.parametrize("target", OFF_SITE_TARGETS)
def test_login_goes_home_instead_of_off_site(client, target):
    user = UserFactory()

    form = client.get("/account/login", query_string={"next": target})
    response = _log_in(client, user, target)

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_path_of_this_site(client):
    response = _log_in(client, UserFactory(), ON_SITE_TARGET)

    assert response.headers["Location"] == ON_SITE_TARGET


@pytest.mark.parametrize("target", [*OFF_SITE_TARGETS, ON_SITE_TARGET])
def test_second_factor_login_keeps_next_on_site(client, target):
    reviewer = EnrolledReviewerFactory()
    db.session.commit()

    first = _log_in(client, reviewer, target)
    code = pyotp.TOTP(reviewer.totp_secret).at(time.time())
    response = client.post("/account/login/code", data={"code": code})

    assert first.headers["Location"] == "/account/login/code"
    assert response.status_code == 302
    expected = ON_SITE_TARGET if target == ON_SITE_TARGET else "/"
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("target", [*OFF_SITE_TARGETS, ON_SITE_TARGET])
def test_language_switch_keeps_next_on_site(client, target):
    response = client.post("/language", data={"language": "fr", "next": target})

    assert response.status_code == 302
    expected = ON_SITE_TARGET if target == ON_SITE_TARGET else "/"
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("action", ["follow", "unfollow"])
@pytest.mark.parametrize("target", OFF_SITE_TARGETS)
def test_following_a_project_keeps_next_on_site(login, action, target):
    project = ProjectFactory()
    donor = UserFactory()

    response = login(donor).post(f"/projects/{project.slug}/{action}", data={"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def _allowed_persona(expected_statuses):
    """A persona the route serves (not 403/404), so that the request reaches the view."""
    for persona in PERSONAS:
        if expected_statuses.get(persona) not in (403, 404):
            return persona
    return None


def test_no_route_redirects_off_site_whatever_next_says(app):
    """Every route, with `next` in its query and its form, as a persona it serves.

    A route added later that reads `next` without safe_next_url fails here.
    """
    world = build_world(app.config["UPLOAD_DIR"])
    off_site = []
    for endpoint, row in sorted(ROUTES.items()):
        with app.test_request_context():
            path = url_for(endpoint, **row.get("args", lambda w: {})(world))
        for method in ("GET", "POST"):
            persona = _allowed_persona(row.get(method, {}))
            if method not in row or persona is None:
                continue
            user = world.users[persona]
            client = app.test_client(user=user) if user else app.test_client()
            for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
                location = _location(client, method, path, target)
                if location is not None and not is_on_site(location):
                    off_site.append(f"{method} {path} as {persona}: {location}")
    assert off_site == []


def _location(client, method, path, target):
    """Where the route sends the visitor when given `next=target`, or None.

    A request that crashes sends nowhere: finding 500s is the fuzz tests' job
    (tests/security/test_fuzz_*.py), this test only follows redirects.
    """
    try:
        with client.open(
            path, method=method, query_string={"next": target}, data={"next": target}
        ) as response:
            return response.headers.get("Location")
    except Exception:
        return None
