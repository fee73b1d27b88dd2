"""The review queue: what waits, in which order, for how long, and for whom."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.organisations.models import OrganisationStatus
from crowdfund.projects.models import ProjectState
from crowdfund.review.queue import organisations_awaiting_verification, projects_awaiting_review
from crowdfund.review.services import start_project_review
from crowdfund.timeutil import utcnow
from tests.factories import (
    AdminFactory,
    OrganisationFactory,
    OwnerFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
    any_commune,
)
from tests.factories.review import PendingOrganisationFactory, SubmittedProjectFactory

ALERT_DAYS = 10


def _days_ago(days):
    return utcnow() - timedelta(days=days, hours=1)


def test_pending_organisations_are_listed_oldest_first_with_their_age():
    recent = PendingOrganisationFactory(submitted_at=_days_ago(1))
    oldest = PendingOrganisationFactory(submitted_at=_days_ago(12))
    middle = PendingOrganisationFactory(submitted_at=_days_ago(3))
    OrganisationFactory(status=OrganisationStatus.VERIFIED, submitted_at=_days_ago(30))

    queue = organisations_awaiting_verification(ALERT_DAYS)

    assert [entry.subject for entry in queue] == [oldest, middle, recent]
    assert [entry.days for entry in queue] == [12, 3, 1]


def test_submitted_and_in_review_projects_are_listed_oldest_first():
    submitted = SubmittedProjectFactory(submitted_at=_days_ago(5))
    in_review = SubmittedProjectFactory(state=ProjectState.IN_REVIEW, submitted_at=_days_ago(20))
    ProjectFactory(state=ProjectState.DRAFT, published_at=None)
    ProjectFactory(state=ProjectState.LIVE)
    SubmittedProjectFactory(state=ProjectState.CHANGES_REQUESTED, submitted_at=_days_ago(40))

    queue = projects_awaiting_review(ALERT_DAYS)

    assert [entry.subject for entry in queue] == [in_review, submitted]
    assert [entry.days for entry in queue] == [20, 5]


@pytest.mark.parametrize(("days", "overdue"), [(9, False), (10, False), (11, True)])
def test_an_item_is_overdue_once_it_has_waited_longer_than_the_alert(days, overdue):
    SubmittedProjectFactory(submitted_at=_days_ago(days))

    [entry] = projects_awaiting_review(ALERT_DAYS)

    assert entry.overdue is overdue


def test_the_queue_tells_who_started_each_review():
    reviewer = ReviewerFactory(name="Youssef Alaoui")
    project = SubmittedProjectFactory()
    waiting = SubmittedProjectFactory()
    start_project_review(project, reviewer)

    started_by = {entry.subject: entry.started_by for entry in projects_awaiting_review(ALERT_DAYS)}

    assert started_by == {project: reviewer, waiting: None}


def test_queue_page_shows_both_lists_with_ageing_and_highlights_overdue_items(login):
    organisation = PendingOrganisationFactory(
        name="Coopérative Tifaout", submitted_at=_days_ago(12)
    )
    project = SubmittedProjectFactory(
        title="School latrines in Anzi",
        organisation=OrganisationFactory(name="Association Anzi"),
        commune=any_commune("C0002"),
        submitted_at=_days_ago(2),
    )

    page = login(ReviewerFactory()).get("/review/").get_data(as_text=True)

    assert "Coopérative Tifaout" in page
    assert "waiting 12 days (overdue)" in page
    assert f"/review/organisations/{organisation.id}" in page
    assert "School latrines in Anzi" in page
    assert f"/review/projects/{project.slug}" in page
    assert "Association Anzi" in page
    assert "Anzi, " + project.commune.province.name_en in page
    assert "waiting 2 days" in page
    assert "waiting 2 days (overdue)" not in page
    assert "Flexible" in page
    assert "Submitted" in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/review/")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("factory", [UserFactory, OwnerFactory, AdminFactory])
def test_people_who_are_not_reviewers_are_refused_the_queue(login, factory):
    assert login(factory()).get("/review/").status_code == 403


@contextmanager
def _statements_run():
    """Every SQL statement sent to the database inside the block."""
    statements = []

    def record(_connection, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def _fill_queue(count, first):
    """`count` organisations and `count` projects, in different places, half of them in review."""
    for number in range(first, first + count):
        PendingOrganisationFactory(commune=any_commune(f"C{number:04d}"))
        project = SubmittedProjectFactory(commune=any_commune(f"C{number + 100:04d}"))
        if number % 2:
            start_project_review(project, ReviewerFactory())
    db.session.commit()


def test_the_queue_runs_as_many_queries_for_fifteen_items_as_for_three(login):
    client = login(ReviewerFactory())
    _fill_queue(3, first=1)
    with _statements_run() as few:
        assert client.get("/review/").status_code == 200
    _fill_queue(12, first=4)
    with _statements_run() as many:
        page = client.get("/review/").get_data(as_text=True)

    assert page.count("waiting since today") == 30
    assert len(many) == len(few)
