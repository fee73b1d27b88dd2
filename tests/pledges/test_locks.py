"""Row locks: taken once per transaction, taken again after a commit or a rollback."""

import pytest
from sqlalchemy.exc import NoResultFound

from crowdfund.extensions import db
from crowdfund.pledges.locks import lock, lock_where, locked
from crowdfund.projects.models import Project
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory


@pytest.fixture
def project():
    project = ProjectFactory()
    db.session.commit()
    return project


def reads_of_projects(statements):
    return [statement for statement in statements if "FROM projects" in statement]


def test_a_row_locked_again_in_the_same_transaction_is_not_read_again(project):
    project_id = project.id
    with counting_queries() as executed:
        first = lock(Project, project_id)
        again = locked(first)

    assert again is first
    assert len(reads_of_projects(executed)) == 1


def test_a_lock_is_taken_afresh_in_the_next_transaction(project):
    project_id = project.id
    lock(Project, project_id)
    db.session.commit()

    with counting_queries() as executed:
        lock(Project, project_id)

    assert len(reads_of_projects(executed)) == 1


def test_a_rollback_forgets_the_locks_and_the_row_is_read_again(project):
    project_id = project.id
    lock(Project, project_id)
    with db.session.begin_nested() as savepoint:
        savepoint.rollback()

    with counting_queries() as executed:
        lock(Project, project_id)

    assert len(reads_of_projects(executed)) == 1


def test_a_commit_by_another_session_makes_the_lock_read_the_row_again(app, project):
    """Sessions sharing a connection (the tests, the development server) do not exclude
    one another: what another one committed is read, not the copy this one holds."""
    locked(project)
    with app.app_context():
        other = db.session.get(Project, project.id)
        other.raised_amount = 123_00
        db.session.commit()

    assert lock(Project, project.id).raised_amount == 123_00


def test_locking_a_row_that_is_not_there_says_so():
    with pytest.raises(NoResultFound):
        lock(Project, 987_654)
    assert lock_where(Project, Project.slug == "no-such-project") is None
