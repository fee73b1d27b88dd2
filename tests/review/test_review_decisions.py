"""The rules of a review decision, and the vetting record shown to the public."""

import pytest

from crowdfund.projects.models import ProjectState, ReviewDecision
from crowdfund.projects.reference import CHECKLIST
from crowdfund.review.services import (
    DEFAULT_AFFILIATION,
    ReviewError,
    record_review,
    vetting_record,
)
from tests.factories import ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.review import (
    InReviewProjectFactory,
    ProjectReviewFactory,
    SubmittedProjectFactory,
    checklist_answers,
)

DECISIONS_NEEDING_COMMENTS = [ReviewDecision.REQUEST_CHANGES, ReviewDecision.REJECT]


def test_approval_with_every_item_passed_is_recorded():
    reviewer = ReviewerFactory()
    project = InReviewProjectFactory()

    review = record_review(project, reviewer, checklist_answers(), ReviewDecision.APPROVE, "")

    assert project.state == ProjectState.APPROVED
    assert project.reviews == [review]
    assert set(review.answers) == set(CHECKLIST)


@pytest.mark.parametrize("failed", sorted(CHECKLIST))
def test_approval_is_refused_when_any_item_failed(failed):
    project = InReviewProjectFactory()

    with pytest.raises(ReviewError, match="every checklist item passed"):
        record_review(
            project,
            ReviewerFactory(),
            checklist_answers(failed={failed}),
            ReviewDecision.APPROVE,
            "Looks fine otherwise.",
        )
    assert project.state == ProjectState.IN_REVIEW
    assert project.reviews == []


@pytest.mark.parametrize("decision", DECISIONS_NEEDING_COMMENTS)
@pytest.mark.parametrize("comments", ["", "   "])
def test_requesting_changes_or_rejecting_without_comments_is_refused(decision, comments):
    project = InReviewProjectFactory()

    with pytest.raises(ReviewError) as refusal:
        record_review(project, ReviewerFactory(), checklist_answers(), decision, comments)
    assert refusal.value.field == "comments"
    assert project.state == ProjectState.IN_REVIEW


@pytest.mark.parametrize(
    ("decision", "state"),
    [
        (ReviewDecision.REQUEST_CHANGES, ProjectState.CHANGES_REQUESTED),
        (ReviewDecision.REJECT, ProjectState.REJECTED),
    ],
)
def test_requesting_changes_or_rejecting_with_comments_moves_the_project(decision, state):
    project = InReviewProjectFactory()

    record_review(project, ReviewerFactory(), checklist_answers(), decision, "Not eligible.")

    assert project.state == state
    assert project.transitions[-1].comment == "Not eligible."


def test_a_review_needs_an_answer_for_every_checklist_item():
    answers = checklist_answers()
    del answers["eligibility"]

    with pytest.raises(ReviewError, match="every item"):
        record_review(
            InReviewProjectFactory(), ReviewerFactory(), answers, ReviewDecision.APPROVE, ""
        )


def test_a_project_not_in_review_cannot_be_decided():
    project = SubmittedProjectFactory()

    with pytest.raises(ReviewError, match="another reviewer may have acted"):
        record_review(project, ReviewerFactory(), checklist_answers(), ReviewDecision.APPROVE, "")
    assert project.state == ProjectState.SUBMITTED


def test_only_reviewers_can_decide():
    with pytest.raises(ReviewError, match="Only ministry reviewers"):
        record_review(
            InReviewProjectFactory(), UserFactory(), checklist_answers(), ReviewDecision.APPROVE, ""
        )


def test_a_reviewer_without_an_affiliation_is_recorded_as_a_ministry_reviewer():
    reviewer = ReviewerFactory(affiliation=None)

    review = record_review(
        InReviewProjectFactory(), reviewer, checklist_answers(), ReviewDecision.APPROVE, ""
    )

    assert review.reviewer_affiliation == DEFAULT_AFFILIATION


def test_the_vetting_record_is_the_latest_approval():
    project = ProjectFactory()
    ProjectReviewFactory(project=project, decision=ReviewDecision.APPROVE)
    latest = ProjectReviewFactory(project=project, decision=ReviewDecision.APPROVE)
    ProjectReviewFactory(project=project, decision=ReviewDecision.REQUEST_CHANGES)
    ProjectReviewFactory(decision=ReviewDecision.APPROVE)

    assert vetting_record(project) == latest


def test_a_project_never_approved_has_no_vetting_record():
    project = ProjectFactory()
    ProjectReviewFactory(project=project, decision=ReviewDecision.REJECT)

    assert vetting_record(project) is None
