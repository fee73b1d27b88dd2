"""Factories for what the public catalogue and project page show besides the project itself."""

import factory

from crowdfund.projects.models import ProjectState, ProjectTransition
from crowdfund.projects.reference import CHECKLIST
from tests.factories import BaseFactory, ProjectFactory, review
from tests.factories.files import ImageFileFactory as StoredFileFactory

__all__ = ["ProjectReviewFactory", "ProjectTransitionFactory", "StoredFileFactory"]


class ProjectReviewFactory(review.ProjectReviewFactory):
    """An approving review of the whole checklist, with a note on every item."""

    answers = factory.LazyFunction(
        lambda: review.checklist_answers(notes={key: f"Checked: {key}" for key in CHECKLIST})
    )


class ProjectTransitionFactory(BaseFactory):
    class Meta:
        model = ProjectTransition

    project = factory.SubFactory(ProjectFactory)
    action = "approve"
    from_state = ProjectState.IN_REVIEW
    to_state = ProjectState.APPROVED
    comment = ""
