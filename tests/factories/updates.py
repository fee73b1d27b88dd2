"""Updates as owners post them, their images, and follows."""

import factory

from crowdfund.updates.models import Follow, ProjectUpdate, UpdateImage, UpdateVisibility
from tests.factories import BaseFactory, ProjectFactory, UserFactory
from tests.factories.files import ImageFileFactory


class ProjectUpdateFactory(BaseFactory):
    """A public update posted by the member who created the project's organisation."""

    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    author = factory.SelfAttribute("project.organisation.created_by")
    title = factory.Sequence(lambda n: f"The borehole is {n} metres deep")
    body = "The drilling team reached **water** this morning."
    visibility = UpdateVisibility.PUBLIC
    is_progress_report = False


class UpdateImageFactory(BaseFactory):
    class Meta:
        model = UpdateImage

    update = factory.SubFactory(ProjectUpdateFactory)
    file = factory.SubFactory(ImageFileFactory, original_name="drilling.png")
    position = 1


class FollowFactory(BaseFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
