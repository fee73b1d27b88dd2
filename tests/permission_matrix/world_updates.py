"""Updates on the live project: one for everyone, one for donors only, each with an image."""

from crowdfund.updates.models import UpdateVisibility
from tests.factories.updates import ProjectUpdateFactory, UpdateImageFactory
from tests.permission_matrix.personas import OWNER_OWN


def extend(objects, users, upload_dir):
    def update(visibility):
        posted = ProjectUpdateFactory(
            project=objects.live_project, author=users[OWNER_OWN], visibility=visibility
        )
        UpdateImageFactory(update=posted)
        return posted

    objects.public_update = update(UpdateVisibility.PUBLIC)
    objects.donors_update = update(UpdateVisibility.DONORS)
