"""The audit log records who did what, from where, and refuses to be changed."""

import contextvars
from datetime import date
from enum import StrEnum

import pytest
import sqlalchemy as sa
from flask_login import login_user

from crowdfund.audit.log import record
from crowdfund.audit.models import AuditEntry, AuditLogIsAppendOnly
from crowdfund.extensions import db
from tests.factories import AdminFactory, ProjectFactory, UserFactory


class Colour(StrEnum):
    RED = "red"


def test_record_stores_actor_action_target_and_states():
    admin = AdminFactory()
    project = ProjectFactory()

    entry = record(
        "project.example",
        project,
        before={"state": Colour.RED, "on": date(2026, 1, 2)},
        after={"state": "blue", "tags": {"b", "a"}},
        actor=admin,
    )

    stored = db.session.get(AuditEntry, entry.id)
    assert stored.actor_id == admin.id
    assert stored.action == "project.example"
    assert (stored.target_type, stored.target_id) == ("Project", project.id)
    assert stored.before == {"state": "red", "on": "2026-01-02"}
    assert stored.after == {"state": "blue", "tags": ["a", "b"]}
    assert stored.created_at is not None


def test_record_outside_a_request_has_no_actor_and_no_address(app):
    project = ProjectFactory()

    def in_a_command():
        with app.app_context():
            entry = record("project.example", project)
            return entry.id, entry.actor_id, entry.ip_address

    entry_id, actor_id, ip_address = contextvars.Context().run(in_a_command)

    assert entry_id is not None
    assert (actor_id, ip_address) == (None, None)


def test_record_takes_the_logged_in_user_and_the_address_of_the_request(app):
    user = UserFactory()
    project = ProjectFactory()

    def in_a_request():
        with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
            login_user(user)
            entry = record("project.example", project)
            return entry.actor_id, entry.ip_address

    assert contextvars.Context().run(in_a_request) == (user.id, "203.0.113.7")


def test_an_unsaved_target_is_flushed_to_get_its_id():
    project = ProjectFactory.build(organisation=ProjectFactory().organisation)
    db.session.add(project)

    entry = record("project.example", project)

    assert entry.target_id == project.id is not None


def test_an_entry_cannot_be_changed():
    entry = record("project.example", ProjectFactory())
    entry.action = "project.other"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


def test_an_entry_cannot_be_deleted():
    entry = record("project.example", ProjectFactory())
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEntry).values(action="project.other"),
        sa.delete(AuditEntry),
    ],
)
def test_bulk_changes_are_refused(statement):
    record("project.example", ProjectFactory())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(statement)


def test_postgresql_refuses_changes_made_without_the_orm():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    entry = record("project.example", ProjectFactory())
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.connection().exec_driver_sql(
            f"UPDATE audit_entries SET action = 'x' WHERE id = {entry.id}"
        )
