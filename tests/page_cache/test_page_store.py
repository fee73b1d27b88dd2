"""The page store in Redis, shared by every worker, and pages served when it is down."""

import time

import pytest
from cachelib import SimpleCache

from crowdfund.extensions import db
from crowdfund.notifications.sink import free_port
from crowdfund.page_cache import cache, pages, store_config
from tests.catalogue.query_counter import counting_queries, without_savepoints
from tests.factories import ProjectFactory
from tests.job_queue.conftest import redis_server, redis_url  # noqa: F401  (fixtures)

READ_GENERATION = (
    "SELECT page_generation.value \nFROM page_generation \nWHERE page_generation.id = ?"
)


@pytest.fixture
def project():
    project = ProjectFactory(title="A school roof in Tafraout")
    db.session.commit()
    return project


@pytest.fixture
def store_in(app):
    """Start the app's page store on the Redis at `url` for the test, as REDIS_URL would."""
    stores = app.extensions["cache"]
    kept = stores[cache]

    def _store_in(url):
        cache.init_app(app, config=store_config({**app.config, "REDIS_URL": url}))
        return stores[cache]

    yield _store_in
    stores[cache] = kept
    pages._store_paused_until[0] = 0.0


def test_pages_are_kept_in_redis_for_every_worker(client, project, store_in, redis_url):  # noqa: F811
    store = store_in(redis_url)

    client.get(f"/projects/{project.slug}")

    keys = store._write_client.keys("twiza:page:*")
    assert len(keys) == 1
    kept = store.get(keys[0].decode().removeprefix("twiza:page:"))
    assert "A school roof in Tafraout" in kept["body"]


def test_pages_are_served_when_the_store_is_down(client, project, store_in):
    store_in(f"redis://127.0.0.1:{free_port()}/0")

    for _ in range(2):
        response = client.get(f"/projects/{project.slug}")
        assert response.status_code == 200
        assert "A school roof in Tafraout" in response.get_data(as_text=True)
    # The first failure set the store aside for a while: the second page did not wait on it.
    assert pages._store_paused_until[0] > time.monotonic() + pages.STORE_PAUSE_SECONDS - 5


def test_without_redis_the_workers_of_a_host_share_pages_in_files(client, project, app, tmp_path):
    settings = {**app.config, "REDIS_URL": "", "PAGE_CACHE_DIR": str(tmp_path)}
    stores = app.extensions["cache"]
    kept = stores[cache]
    try:
        cache.init_app(app, config=store_config(settings))
        client.get(f"/projects/{project.slug}")
        # Another worker: a store of its own, on the same folder.
        cache.init_app(app, config=store_config(settings))
        with counting_queries() as statements:
            page = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    finally:
        stores[cache] = kept

    assert isinstance(stores[cache], SimpleCache)
    (only_statement,) = without_savepoints(statements)
    assert only_statement.startswith("SELECT page_generation.value")
    assert "A school roof in Tafraout" in page
