"""Factories for what waits in the review queue and the reviews recorded on projects."""

from datetime import timedelta

import factory

from crowdfund.organisations.models import OrganisationStatus
from crowdfund.projects.models import ProjectReview, ProjectState, ReviewDecision
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION
from crowdfund.timeutil import today, utcnow
from tests.factories import (
    BaseFactory,
    OrganisationFactory,
    ProjectFactory,
    ReviewerFactory,
)


def checklist_answers(failed=(), notes=None):
    """Answers to every item of today's checklist: all passed except the keys in `failed`."""
    notes = notes or {}
    return {key: {"passed": key not in failed, "note": notes.get(key, "")} for key in CHECKLIST}


class PendingOrganisationFactory(OrganisationFactory):
    status = OrganisationStatus.PENDING


class SubmittedProjectFactory(ProjectFactory):
    """A project waiting in the queue, whose campaign starts in a week."""

    state = ProjectState.SUBMITTED
    published_at = None
    submitted_at = factory.LazyFunction(utcnow)
    start_date = factory.LazyFunction(lambda: today() + timedelta(days=7))
    end_date = factory.LazyFunction(lambda: today() + timedelta(days=67))


class InReviewProjectFactory(SubmittedProjectFactory):
    state = ProjectState.IN_REVIEW


class ProjectReviewFactory(BaseFactory):
    class Meta:
        model = ProjectReview

    project = factory.SubFactory(ProjectFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    reviewer_affiliation = factory.SelfAttribute("reviewer.affiliation")
    checklist_version = CHECKLIST_VERSION
    answers = factory.LazyFunction(checklist_answers)
    decision = ReviewDecision.APPROVE
    comments = ""
