"""Public pages kept for visitors not logged in: served from the store until the data changes."""

import re

import pytest
import sqlalchemy as sa
from flask import g, make_response, render_template_string
from prometheus_client import REGISTRY

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.page_cache import pages
from crowdfund.page_cache.generation import read_generation
from crowdfund.projects.models import Project
from crowdfund.security.csp import csp_nonce
from tests.catalogue.query_counter import counting_queries, without_savepoints
from tests.factories import ProjectFactory, UserFactory

NONCE = re.compile(r"'nonce-([^']+)'")
#: A page served from the store sends one statement: the page generation's.
FROM_THE_STORE = 1


@pytest.fixture
def project():
    project = ProjectFactory(title="A well for Douar Anou")
    db.session.commit()
    return project


def _get(client, url, **kwargs):
    """The response and the number of SQL statements it took (the tests' savepoints aside)."""
    with counting_queries() as statements:
        response = client.get(url, **kwargs)
    return response, len(without_savepoints(statements))


@pytest.mark.parametrize("url", ["/", "/?status=all&sort=most_funded", "/projects/{slug}"])
def test_the_second_visitor_gets_the_kept_page(client, app, project, url):
    url = url.format(slug=project.slug)
    first, rendering = _get(client, url)
    second, serving = _get(app.test_client(), url)

    assert first.status_code == second.status_code == 200
    assert rendering > FROM_THE_STORE
    assert serving == FROM_THE_STORE
    assert "A well for Douar Anou" in second.get_data(as_text=True)


def test_pages_served_and_rendered_are_counted_for_prometheus(client, app, project):
    def counted(outcome):
        return REGISTRY.get_sample_value("twiza_kept_pages_total", {"outcome": outcome}) or 0

    before = counted("served"), counted("rendered")
    for _ in range(3):
        app.test_client().get(f"/projects/{project.slug}")

    assert (counted("served"), counted("rendered")) == (before[0] + 2, before[1] + 1)


def test_each_visitor_gets_a_nonce_of_their_own_in_the_page_and_the_policy(app):
    page = '<script nonce="{{ csp_nonce() }}" src="/static/js/a.js"></script>'
    with app.test_request_context("/"):
        rendered = make_response(render_template_string(page))
        first_nonce = csp_nonce()
        kept = pages._keepable(rendered)
    with app.test_request_context("/"):
        g.pop("csp_nonce")  # the tests' requests share one application context, and so `g`
        served = pages._serve(kept).get_data(as_text=True)
        second_nonce = csp_nonce()

    assert first_nonce not in kept["body"]
    assert first_nonce != second_nonce
    assert served == f'<script nonce="{second_nonce}" src="/static/js/a.js"></script>'


def test_no_mark_of_what_was_cut_out_reaches_a_visitor(app, project):
    pages_served = [app.test_client().get(url) for url in ("/", "/", f"/projects/{project.slug}")]
    for page in pages_served:
        assert page.status_code == 200
        assert "\x00" not in page.get_data(as_text=True)


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(app, project, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    visitors = [app.test_client(), app.test_client()]
    tokens = []
    for visitor in visitors:
        html = visitor.get("/").get_data(as_text=True)
        tokens.append(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1))
    assert tokens[0] != tokens[1]

    for visitor, token in zip(visitors, tokens, strict=True):
        answer = visitor.post("/language", data={"csrf_token": token, "language": "fr"})
        assert answer.status_code == 302
        assert "language=fr" in answer.headers["Set-Cookie"]
    refused = visitors[0].post("/language", data={"csrf_token": tokens[1], "language": "ar"})
    assert refused.status_code == 400


def test_a_committed_change_is_shown_at_once(client, project):
    _get(client, f"/projects/{project.slug}")

    project.title = "A well and a trough for Douar Anou"
    db.session.commit()
    response, statements = _get(client, f"/projects/{project.slug}")

    assert statements > FROM_THE_STORE
    assert "A well and a trough" in response.get_data(as_text=True)
    catalogue = client.get("/").get_data(as_text=True)
    assert "A well and a trough" in catalogue


def test_a_change_made_by_a_statement_is_shown_at_once(client, project):
    _get(client, "/")

    db.session.execute(
        sa.update(Project).where(Project.id == project.id).values(title="Water for Anou")
    )
    db.session.commit()

    assert "Water for Anou" in client.get("/").get_data(as_text=True)


def test_a_change_rolled_back_keeps_the_pages(client, project):
    _get(client, "/")
    generation = read_generation()

    project.title = "Never committed"
    db.session.flush()
    db.session.rollback()

    response, statements = _get(client, "/")
    assert statements == FROM_THE_STORE
    assert read_generation() == generation
    assert "Never committed" not in response.get_data(as_text=True)


def test_a_savepoint_rolled_back_does_not_lose_the_change_made_before_it(client, project):
    _get(client, "/")

    project.title = "Committed around a savepoint"
    db.session.flush()
    with db.session.begin_nested() as savepoint:
        UserFactory()
        savepoint.rollback()
    db.session.commit()

    assert "Committed around a savepoint" in client.get("/").get_data(as_text=True)


def test_one_transaction_moves_the_generation_on_once(project):
    before = read_generation()
    project.title = "First"
    db.session.flush()
    project.summary = "Then a second flush"
    db.session.commit()

    assert read_generation() == before + 1


def test_rows_no_public_page_shows_keep_the_pages(client, project):
    _get(client, "/")
    db.session.add(
        OutboxMessage(
            message_key="a-test-mail",
            address="someone@example.org",
            kind=next(iter(NotificationKind)),
            locale="en",
            subject="Hello",
            text_body="Hello",
            html_body="<p>Hello</p>",
        )
    )
    db.session.commit()

    assert _get(client, "/")[1] == FROM_THE_STORE


def test_logged_in_users_never_get_a_kept_page_nor_leave_one(client, login, project):
    donor = UserFactory(name="Yasmina Haddad")
    db.session.commit()
    _get(client, "/")

    as_donor, statements = _get(login(donor), "/")
    assert statements > FROM_THE_STORE
    assert "Yasmina Haddad" in as_donor.get_data(as_text=True)

    db.session.execute(sa.update(Project).values(summary="Anonymous again"))
    db.session.commit()
    _get(login(donor), "/")
    anonymous = client.get("/").get_data(as_text=True)
    assert "Yasmina Haddad" not in anonymous


def test_each_language_has_its_own_page(app, project):
    french = app.test_client().get("/", headers={"Accept-Language": "fr"})
    arabic, statements = _get(app.test_client(), "/", headers={"Accept-Language": "ar"})

    assert statements > FROM_THE_STORE
    assert 'lang="fr"' in french.get_data(as_text=True)
    assert 'dir="rtl"' in arabic.get_data(as_text=True)


def test_a_new_day_renders_the_days_left_afresh(client, project, monkeypatch):
    from datetime import timedelta

    from crowdfund.page_cache import pages
    from crowdfund.timeutil import today

    _get(client, "/")
    monkeypatch.setattr(pages, "today", lambda: today() + timedelta(days=1))

    assert _get(client, "/")[1] > FROM_THE_STORE


def test_a_waiting_message_is_shown_not_skipped(client, project):
    _get(client, "/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "You have been logged out.")]

    response, statements = _get(client, "/")

    assert statements > FROM_THE_STORE
    assert "You have been logged out." in response.get_data(as_text=True)


def test_pages_that_are_not_found_are_not_kept(client):
    _get(client, "/projects/no-such-project")

    response, statements = _get(client, "/projects/no-such-project")

    assert response.status_code == 404
    assert statements > FROM_THE_STORE


def test_a_project_taken_down_is_not_served_from_the_store(client, project):
    _get(client, f"/projects/{project.slug}")

    project.state = "draft"
    db.session.commit()

    assert client.get(f"/projects/{project.slug}").status_code == 404
