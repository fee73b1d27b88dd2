"""Owners post updates with images on live, funded and completed projects, and may correct or
delete them for a day."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import ExifTags, Image

from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.files.services import stored_path
from crowdfund.organisations.models import OrganisationMember
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import ProjectUpdate, UpdateImage, UpdateVisibility
from tests.factories import OwnerFactory, ProjectFactory, ReviewerFactory
from tests.factories.files import PDF_BYTES, image_bytes
from tests.factories.milestones import camera_photo
from tests.factories.updates import ProjectUpdateFactory, UpdateImageFactory


def _form(**overrides):
    return {
        "title": "Water at 80 metres",
        "body": "The **borehole** reached water.",
        "visibility": "public",
        **overrides,
    }


def _post(browser, project, images=(), **fields):
    data = _form(**fields)
    if images:
        data["images"] = [(io.BytesIO(content), name) for name, content in images]
    return browser.post(
        f"/projects/{project.slug}/updates/new", data=data, content_type="multipart/form-data"
    )


def _updates():
    return db.session.scalars(sa.select(ProjectUpdate)).all()


def test_an_owner_posts_an_update_with_images(login, project, owner):
    response = _post(
        login(owner),
        project,
        images=[("drilling.jpg", image_bytes("JPEG")), ("pump.webp", image_bytes("WEBP"))],
        visibility="donors",
        is_progress_report="y",
    )

    [update] = _updates()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/projects/{project.slug}/updates/{update.id}"
    assert (update.title, update.body) == ("Water at 80 metres", "The **borehole** reached water.")
    assert (update.visibility, update.is_progress_report) == (UpdateVisibility.DONORS, True)
    assert update.author == owner
    assert [image.file.content_type for image in update.images] == ["image/jpeg", "image/webp"]
    assert [image.file.original_name for image in update.images] == ["drilling.jpg", "pump.webp"]
    with Image.open(stored_path(update.images[0].file)) as stored:
        assert (stored.format, stored.size) == ("JPEG", (8, 8))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_images_are_stored_and_served_without_their_exif_data(
    login, client, project, owner, image_format
):
    photo = camera_photo(image_format)
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    _post(login(owner), project, images=[("well.jpg", photo)])

    [update] = _updates()
    served = client.get(f"/updates/images/{update.images[0].file.storage_key}")
    assert served.status_code == 200
    assert served.data == stored_path(update.images[0].file).read_bytes()
    for secret in (b"SecretPhone", b"SN-0042-SECRET", b"Fatima Zahra private"):
        assert secret not in served.data
    with Image.open(io.BytesIO(served.data)) as image:
        assert (image.format, image.size) == (image_format, (64, 48))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


def test_the_form_proposes_a_public_update(login, project, owner):
    page = login(owner).get(f"/projects/{project.slug}/updates/new").get_data(True)

    assert '<input checked id="visibility-0" name="visibility" type="radio" value="public">' in page
    assert 'id="visibility-1" name="visibility" type="radio" value="donors">' in page


def test_an_update_without_images_nor_tick_is_not_a_progress_report(login, project, owner):
    _post(login(owner), project)

    [update] = _updates()
    assert (update.visibility, update.is_progress_report, update.images) == (
        UpdateVisibility.PUBLIC,
        False,
        [],
    )


def _stored_files_on_disk(app):
    return {path for path in Path(app.config["UPLOAD_DIR"]).rglob("*") if path.is_file()}


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_posted(app, login, project, owner):
    on_disk = _stored_files_on_disk(app)

    response = _post(
        login(owner), project, images=[("ok.png", image_bytes()), ("fake.png", PDF_BYTES)]
    )

    assert response.status_code == 200
    assert "This file is not a JPEG, PNG, or WebP file." in response.get_data(True)
    assert _updates() == []
    assert db.session.scalars(sa.select(StoredFile)).all() == []
    # The good image was not written either: every image is checked before any is stored.
    assert _stored_files_on_disk(app) == on_disk


def test_at_most_five_images_are_accepted(login, project, owner):
    images = [(f"photo{n}.png", image_bytes()) for n in range(6)]

    response = _post(login(owner), project, images=images)

    assert response.status_code == 200
    assert "Choose at most 5 images." in response.get_data(True)
    assert _updates() == []


def test_a_title_and_a_body_are_required(login, project, owner):
    response = _post(login(owner), project, title=" ", body="")

    page = response.get_data(True)
    assert "Give the update a title." in page
    assert "Write what is new." in page
    assert _updates() == []


@pytest.mark.parametrize("state", [ProjectState.LIVE, ProjectState.FUNDED, ProjectState.COMPLETED])
def test_updates_are_posted_from_going_live_to_completion(login, state):
    project = ProjectFactory(state=state)

    response = _post(login(project.organisation.created_by), project)

    assert response.status_code == 302
    assert len(_updates()) == 1


@pytest.mark.parametrize(
    "state",
    [ProjectState.DRAFT, ProjectState.IN_REVIEW, ProjectState.APPROVED, ProjectState.FAILED],
)
def test_no_update_before_going_live_or_after_failing(login, state):
    project = ProjectFactory(state=state)

    assert _post(login(project.organisation.created_by), project).status_code == 403
    assert _updates() == []


@pytest.mark.parametrize("who", ["owner of another organisation", "reviewer"])
def test_only_members_post_updates(login, project, who):
    user = OwnerFactory() if who.startswith("owner") else ReviewerFactory()

    assert _post(login(user), project).status_code == 403
    assert _updates() == []


def test_a_visitor_is_asked_to_log_in(client, project):
    response = _post(client, project)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.fixture
def update(project, owner):
    update = ProjectUpdateFactory(project=project, author=owner, title="Typo in the tilte")
    UpdateImageFactory(update=update)
    return update


def _edit_url(update):
    return f"/projects/{update.project.slug}/updates/{update.id}/edit"


def _delete_url(update):
    return f"/projects/{update.project.slug}/updates/{update.id}/delete"


def test_the_author_corrects_an_update_the_same_day(login, update, owner):
    response = login(owner).post(
        _edit_url(update),
        data={"title": "No typo in the title", "body": "Fixed.", "visibility": "donors"},
    )

    db.session.refresh(update)
    assert response.status_code == 302
    assert (update.title, update.body, update.visibility) == (
        "No typo in the title",
        "Fixed.",
        UpdateVisibility.DONORS,
    )
    assert update.edited_at is not None
    assert len(update.images) == 1


def test_saving_an_update_unchanged_is_no_correction(login, update, owner):
    response = login(owner).post(
        _edit_url(update),
        data={"title": update.title, "body": update.body, "visibility": "public"},
    )

    db.session.refresh(update)
    assert response.status_code == 302
    assert update.edited_at is None


def test_a_correction_is_shown_as_such(login, update, owner):
    login(owner).post(_edit_url(update), data=_form())

    page = login(owner).get(f"/projects/{update.project.slug}/updates/{update.id}")
    assert "Corrected on" in page.get_data(True)


def test_the_correction_form_shows_the_update(login, update, owner):
    page = login(owner).get(_edit_url(update)).get_data(True)

    assert 'value="Typo in the tilte"' in page
    assert "The drilling team reached **water** this morning." in page


def test_after_a_day_an_update_can_no_longer_be_corrected_or_deleted(login, update, owner):
    update.created_at = utcnow() - timedelta(hours=24, seconds=1)
    db.session.flush()
    browser = login(owner)

    shown = browser.get(_edit_url(update))
    corrected = browser.post(_edit_url(update), data=_form(title="Too late"))
    deleted = browser.post(_delete_url(update), follow_redirects=True)

    assert shown.status_code == corrected.status_code == 302
    assert "changed only within 24 hours of being posted" in deleted.get_data(True)
    db.session.refresh(update)
    assert update.title == "Typo in the tilte"
    assert _updates() == [update]
    page = browser.get(f"/projects/{update.project.slug}/updates/{update.id}").get_data(True)
    assert _edit_url(update) not in page


def test_the_author_deletes_an_update_with_its_images(login, update, owner):
    storage_key = update.images[0].file.storage_key

    response = login(owner).post(_delete_url(update))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/projects/{update.project.slug}/updates"
    assert _updates() == []
    assert db.session.scalars(sa.select(UpdateImage)).all() == []
    assert db.session.scalar(sa.select(StoredFile).filter_by(storage_key=storage_key)) is None
    assert login(owner).get(f"/updates/images/{storage_key}").status_code == 404


def test_another_member_may_not_correct_or_delete_the_authors_update(login, update, project):
    colleague = OwnerFactory()
    project.organisation.members.append(OrganisationMember(user=colleague))
    db.session.flush()
    browser = login(colleague)

    assert browser.get(_edit_url(update)).status_code == 403
    assert browser.post(_delete_url(update)).status_code == 403
    assert _updates() == [update]


def test_an_author_who_left_the_organisation_may_not_change_the_update(login, update, owner):
    membership = db.session.scalar(sa.select(OrganisationMember).filter_by(user_id=owner.id))
    db.session.delete(membership)
    db.session.flush()

    assert login(owner).post(_delete_url(update)).status_code == 403
