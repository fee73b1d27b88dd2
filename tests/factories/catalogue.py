"""Factories for what the public catalogue and project page show besides the project itself."""

import factory

from crowdfund.files.models import StoredFile
from crowdfund.projects.models import (
    ProjectReview,
    ProjectState,
    ProjectTransition,
    ReviewDecision,
)
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION
from tests.factories import BaseFactory, ProjectFactory, ReviewerFactory


class StoredFileFactory(BaseFactory):
    class Meta:
        model = StoredFile

    storage_key = factory.Sequence(lambda n: f"cover-{n:06d}")
    original_name = "cover.jpg"
    content_type = "image/jpeg"
    size = 2048
    sha256 = "0" * 64


def _passed_answers():
    return {key: {"passed": True, "note": f"Checked: {key}"} for key in CHECKLIST}


class ProjectReviewFactory(BaseFactory):
    """An approving review of the whole checklist."""

    class Meta:
        model = ProjectReview

    project = factory.SubFactory(ProjectFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    reviewer_affiliation = factory.SelfAttribute("reviewer.affiliation")
    checklist_version = CHECKLIST_VERSION
    answers = factory.LazyFunction(_passed_answers)
    decision = ReviewDecision.APPROVE
    comments = ""


class ProjectTransitionFactory(BaseFactory):
    class Meta:
        model = ProjectTransition

    project = factory.SubFactory(ProjectFactory)
    action = "approve"
    from_state = ProjectState.IN_REVIEW
    to_state = ProjectState.APPROVED
    comment = ""
