"""On PostgreSQL, workers learn each new page generation from the database's notifications.

On a database of its own whose data is really committed (the notifications are sent at
the commit); skipped on SQLite.
"""

import time

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.page_cache import listening
from crowdfund.page_cache.generation import read_generation
from crowdfund.projects.models import Project
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory

#: Notifications arrive within milliseconds; this only bounds a test that would hang.
PATIENCE_SECONDS = 15


@pytest.fixture
def listening_app(committed_app):
    committed_app.config["PAGE_CACHE_LISTEN"] = True
    with committed_app.app_context():
        project = ProjectFactory(title="A well for Douar Anou")
        db.session.commit()
        slug = project.slug
        listener = listening.listener_for(db.engine.url)
    _wait_for(lambda: listener.known is not None, "the listener to start")
    yield committed_app, slug, listener
    listener.stop()
    listening._listeners.clear()


def _wait_for(condition, what):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def _commit_title(app, slug, title):
    with app.app_context():
        db.session.execute(sa.update(Project).where(Project.slug == slug).values(title=title))
        db.session.commit()
        return read_generation()


def test_a_kept_page_is_served_without_asking_the_database(listening_app):
    app, slug, _listener = listening_app
    client = app.test_client()
    client.get(f"/projects/{slug}")

    with app.app_context(), counting_queries() as statements:
        response = client.get(f"/projects/{slug}")

    assert response.status_code == 200
    assert statements == []


def test_a_commit_is_heard_and_the_page_rendered_afresh(listening_app):
    app, slug, listener = listening_app
    client = app.test_client()
    assert "A well for Douar Anou" in client.get(f"/projects/{slug}").get_data(as_text=True)

    generation = _commit_title(app, slug, "A well and a trough for Douar Anou")
    _wait_for(lambda: listener.known == generation, "the commit's notification")

    page = client.get(f"/projects/{slug}").get_data(as_text=True)
    assert "A well and a trough for Douar Anou" in page


def test_a_listener_that_loses_its_connection_comes_back_and_catches_up(listening_app):
    app, slug, listener = listening_app
    client = app.test_client()
    client.get(f"/projects/{slug}")

    with app.app_context():
        db.session.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN%' OR query LIKE 'SELECT value FROM page_generation%'"
            )
        )
        db.session.commit()
    # It waits RECONNECT_SECONDS before trying again, knowing no generation meanwhile.
    _wait_for(lambda: listener.known is None, "the listener to notice")
    generation = _commit_title(app, slug, "Water for Anou")

    # Meanwhile, each request reads the generation itself: the change is never missed.
    assert "Water for Anou" in client.get(f"/projects/{slug}").get_data(as_text=True)
    _wait_for(lambda: listener.known == generation, "the listener to come back")
    assert "Water for Anou" in client.get(f"/projects/{slug}").get_data(as_text=True)
