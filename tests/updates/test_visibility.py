"""Updates for donors only are read by the project's donors, its members, reviewers and admins.

Everybody else, logged in or not, sees neither the update nor its images.
"""

import pytest

from crowdfund.extensions import db, login_manager
from crowdfund.organisations.models import OrganisationMember
from crowdfund.pledges.models import PledgeState
from crowdfund.updates.models import UpdateVisibility
from crowdfund.updates.reading import updates_for
from tests.factories import OwnerFactory, UserFactory
from tests.factories.updates import FollowFactory, ProjectUpdateFactory, UpdateImageFactory
from tests.updates.conftest import give


def _viewer(kind, project, reviewer, admin):
    """A person of each kind; None is an anonymous visitor."""
    match kind:
        case "anonymous":
            return None
        case "stranger":
            return UserFactory()
        case "follower":
            user = UserFactory()
            FollowFactory(user=user, project=project)
            return user
        case "donor":
            return give(UserFactory(), project)
        case "donor of another project":
            return give(UserFactory(), ProjectUpdateFactory().project)
        case "donor whose card is saved":
            return give(UserFactory(), project, PledgeState.SAVED)
        case "donor refunded in full":
            return give(UserFactory(), project, PledgeState.REFUNDED)
        case "author":
            return project.organisation.created_by
        case "other member":
            member = OwnerFactory()
            project.organisation.members.append(OrganisationMember(user=member))
            db.session.flush()
            return member
        case "owner of another organisation":
            return OwnerFactory()
        case "reviewer":
            return reviewer
        case "admin":
            return admin
    raise AssertionError(kind)


READERS = ["donor", "author", "other member", "reviewer", "admin"]
OTHERS = [
    "anonymous",
    "stranger",
    "follower",
    "donor of another project",
    "donor whose card is saved",
    "donor refunded in full",
    "owner of another organisation",
]


@pytest.fixture
def donors_only(project):
    update = ProjectUpdateFactory(
        project=project, title="Invoices for donors", visibility=UpdateVisibility.DONORS
    )
    UpdateImageFactory(update=update)
    return update


@pytest.fixture
def public(project):
    update = ProjectUpdateFactory(project=project, title="Drilling starts")
    UpdateImageFactory(update=update)
    return update


def _browser(client, login, viewer):
    return login(viewer) if viewer else client


def _anonymous_if_none(viewer):
    return viewer or login_manager.anonymous_user()


@pytest.mark.parametrize("kind", READERS)
def test_donors_only_updates_and_their_images_are_read_by_donors_and_the_projects_people(
    client, login, project, donors_only, public, reviewer, admin, kind
):
    viewer = _viewer(kind, project, reviewer, admin)
    browser = _browser(client, login, viewer)

    assert set(updates_for(project, viewer)) == {public, donors_only}
    page = browser.get(f"/projects/{project.slug}/updates/{donors_only.id}")
    assert page.status_code == 200
    assert "Invoices for donors" in page.get_data(True)
    image = browser.get(f"/updates/images/{donors_only.images[0].file.storage_key}")
    assert image.status_code == 200
    assert image.headers["Cache-Control"] == "private, no-store"
    assert "Invoices for donors" in browser.get(f"/projects/{project.slug}/updates").get_data(True)


@pytest.mark.parametrize("kind", OTHERS)
def test_donors_only_updates_and_their_images_are_hidden_from_everybody_else(
    client, login, project, donors_only, public, reviewer, admin, kind
):
    viewer = _viewer(kind, project, reviewer, admin)
    browser = _browser(client, login, viewer)

    assert updates_for(project, _anonymous_if_none(viewer)) == [public]
    page = browser.get(f"/projects/{project.slug}/updates/{donors_only.id}")
    image = browser.get(f"/updates/images/{donors_only.images[0].file.storage_key}")
    if viewer is None:
        # A donor following a mail's link logs in first.
        assert (page.status_code, image.status_code) == (302, 302)
        assert "/login" in page.headers["Location"]
    else:
        assert (page.status_code, image.status_code) == (404, 404)
    listing = browser.get(f"/projects/{project.slug}/updates").get_data(True)
    assert "Drilling starts" in listing
    assert "Invoices for donors" not in listing
    assert donors_only.images[0].file.storage_key not in listing


@pytest.mark.parametrize("kind", READERS + OTHERS)
def test_public_updates_and_their_images_are_read_by_everyone(
    client, login, project, public, reviewer, admin, kind
):
    viewer = _viewer(kind, project, reviewer, admin)
    browser = _browser(client, login, viewer)

    assert updates_for(project, _anonymous_if_none(viewer)) == [public]
    assert browser.get(f"/projects/{project.slug}/updates/{public.id}").status_code == 200
    image = browser.get(f"/updates/images/{public.images[0].file.storage_key}")
    assert image.status_code == 200
    assert image.mimetype == "image/png"


def test_a_public_image_may_be_cached_by_shared_caches(client, public):
    image = client.get(f"/updates/images/{public.images[0].file.storage_key}")

    assert "public" in image.headers["Cache-Control"]
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.headers["Content-Disposition"] == "inline; filename=drilling.png"


def test_an_update_is_found_only_under_its_own_project(client, public):
    other = ProjectUpdateFactory()

    assert client.get(f"/projects/{other.project.slug}/updates/{public.id}").status_code == 404


def test_an_unknown_image_is_not_found(client):
    assert client.get("/updates/images/no-such-key").status_code == 404
