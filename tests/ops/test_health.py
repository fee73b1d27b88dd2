"""/healthz says the process answers; /readyz that its database answers and is migrated."""

import sqlalchemy as sa
from flask_migrate import downgrade

from crowdfund.extensions import db
from crowdfund.ops.readiness import expected_heads
from tests.ops.conftest import app_on, dispose, migrated_database


def test_healthz_answers_without_touching_the_database(unreachable_app):
    response = unreachable_app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_on_a_database_migrated_to_head(migrated_database_url):
    ready = app_on(migrated_database_url)
    response = ready.test_client().get("/readyz")
    dispose(ready)

    assert response.status_code == 200
    assert response.json == {"status": "ready"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_refuses_traffic_while_a_migration_has_not_run(migrated_database_url):
    behind = app_on(migrated_database_url)
    with behind.app_context():
        downgrade(revision="-1")
        db.session.remove()
    [head] = expected_heads(behind.extensions["migrate"].directory)

    response = behind.test_client().get("/readyz")
    dispose(behind)

    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    [problem] = response.json["problems"]
    assert problem.startswith("database schema is at ")
    assert problem.endswith(f"but this code expects {head}")
    assert f"at {head} " not in problem


def test_readyz_stays_ready_on_a_schema_a_newer_release_has_expanded(migrated_database_url):
    """Expand/contract: the next release migrates first; this code keeps serving meanwhile."""
    older_code = app_on(migrated_database_url)
    with older_code.app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0099_next_release'"))
        db.session.commit()

    response = older_code.test_client().get("/readyz")

    assert response.status_code == 200
    dispose(older_code)


def test_readyz_refuses_traffic_on_a_database_never_migrated(tmp_path):
    with migrated_database(tmp_path, "ops_never_migrated", migrated=False) as url:
        empty = app_on(url)
        response = empty.test_client().get("/readyz")
        dispose(empty)

    assert response.status_code == 503
    [problem] = response.json["problems"]
    assert problem.startswith("database schema is at no revision but this code expects ")


def test_readyz_refuses_traffic_when_the_database_does_not_answer(unreachable_app):
    response = unreachable_app.test_client().get("/readyz")

    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "problems": ["database unreachable (OperationalError)"],
    }
