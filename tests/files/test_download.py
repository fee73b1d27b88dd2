import pytest

from crowdfund.files.services import Attachment, find_attachment
from crowdfund.projects.models import ProjectState
from tests.factories import OwnerFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.files import PDF_BYTES, ImageFileFactory, StoredFileFactory
from tests.factories.organisations import OrganisationDocumentFactory


def _url(stored):
    return f"/files/{stored.storage_key}"


@pytest.fixture
def document():
    return OrganisationDocumentFactory()


def test_an_organisation_document_is_downloaded_by_its_members_as_a_private_attachment(
    login, document
):
    member = document.organisation.created_by

    response = login(member).get(_url(document.file))

    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=statutes.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_reviewers_can_read_organisation_documents(login, document):
    response = login(ReviewerFactory()).get(_url(document.file))
    assert response.status_code == 200


@pytest.mark.parametrize("visitor", ["anonymous", "donor", "other owner"])
def test_organisation_documents_are_hidden_from_everyone_else(client, login, document, visitor):
    if visitor == "anonymous":
        browser = client
    elif visitor == "donor":
        browser = login(UserFactory())
    else:
        browser = login(OwnerFactory())
    assert browser.get(_url(document.file)).status_code == 404


def test_the_cover_image_of_a_live_project_is_public_and_shown_inline(client):
    cover = ImageFileFactory()
    ProjectFactory(cover_image=cover)

    response = client.get(_url(cover))

    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "inline; filename=cover.png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in response.headers["Cache-Control"]


def test_the_cover_image_of_a_draft_is_seen_only_by_its_people_and_never_cached_publicly(
    client, login
):
    cover = ImageFileFactory()
    project = ProjectFactory(cover_image=cover, state=ProjectState.DRAFT, published_at=None)

    assert client.get(_url(cover)).status_code == 404
    response = login(project.organisation.created_by).get(_url(cover))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_commune_approval_stays_private_even_on_a_live_project(client, login):
    approval = StoredFileFactory(original_name="approval.pdf")
    project = ProjectFactory(commune_approval=approval)

    assert client.get(_url(approval)).status_code == 404
    assert login(UserFactory()).get(_url(approval)).status_code == 404
    assert login(project.organisation.created_by).get(_url(approval)).status_code == 200
    assert login(ReviewerFactory()).get(_url(approval)).status_code == 200


def test_a_file_attached_to_nothing_is_not_served_even_to_its_uploader(login):
    uploader = UserFactory()
    loose = StoredFileFactory(uploaded_by_id=uploader.id)
    assert login(uploader).get(_url(loose)).status_code == 404


def test_an_unknown_key_is_not_found(client):
    assert client.get("/files/no-such-key").status_code == 404


def test_find_attachment_names_what_a_file_belongs_to(document):
    cover, approval = ImageFileFactory(), StoredFileFactory()
    project = ProjectFactory(cover_image=cover, commune_approval=approval)

    assert find_attachment(document.file) == Attachment(
        document.file, document.organisation, public=False
    )
    assert find_attachment(cover) == Attachment(cover, project, public=True)
    assert find_attachment(approval) == Attachment(approval, project, public=False)
    assert find_attachment(StoredFileFactory()) is None


def test_a_browser_that_has_the_file_already_is_told_it_has_not_changed(client):
    cover = ImageFileFactory()
    ProjectFactory(cover_image=cover)

    response = client.get(_url(cover), headers={"If-None-Match": f'"{cover.sha256}"'})

    assert response.status_code == 304
