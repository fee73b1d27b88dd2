"""Factories for drafts, complete or not, as owners leave them."""

from datetime import timedelta

import factory

from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today
from tests.factories import ProjectFactory
from tests.factories.files import ImageFileFactory, StoredFileFactory


class DraftProjectFactory(ProjectFactory):
    """A draft whose campaign would start in a week; it lacks its cover and approval files."""

    state = ProjectState.DRAFT
    published_at = None
    start_date = factory.LazyFunction(lambda: today() + timedelta(days=7))
    end_date = factory.LazyFunction(lambda: today() + timedelta(days=67))


class CompleteDraftFactory(DraftProjectFactory):
    """A draft with everything reviewers need: it can be submitted."""

    cover_image = factory.SubFactory(ImageFileFactory)
    commune_approval = factory.SubFactory(StoredFileFactory, original_name="commune-approval.pdf")
