import sqlalchemy as sa

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.organisations.models import (
    DocumentKind,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.accounts import UnverifiedUserFactory
from tests.organisations.uploads import document_uploads


def _organisations():
    return db.session.scalars(sa.select(Organisation)).all()


def _stored_files():
    return db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile))


def test_the_registration_form_is_shown_to_a_verified_user(login):
    response = login(UserFactory()).get("/organisations/new")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'name="statutes"' in response.text


def test_a_user_whose_email_is_unconfirmed_cannot_register_an_organisation(login):
    assert login(UnverifiedUserFactory()).get("/organisations/new").status_code == 403


def test_registering_an_organisation_sends_it_for_verification(login, registration, commune):
    user = UserFactory()

    response = login(user).post("/organisations/new", data=registration())

    db.session.expire_all()
    [organisation] = _organisations()
    assert response.status_code == 302
    assert response.location == f"/organisations/{organisation.id}"
    assert organisation.name == "Association Tifawin"
    assert organisation.kind == OrganisationKind.ASSOCIATION
    assert organisation.registration_number == "RC-4471"
    assert organisation.commune == commune
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.submitted_at is not None
    assert [member.user for member in organisation.members] == [user]
    assert user.has_role(Role.OWNER)
    assert {document.kind for document in organisation.documents} == set(DocumentKind)
    assert organisation.document(DocumentKind.STATUTES).file.content_type == "application/pdf"


def test_a_registration_number_already_used_is_refused_with_a_clear_error(login, registration):
    OrganisationFactory(kind=OrganisationKind.ASSOCIATION, registration_number="RC-4471")

    response = login(UserFactory()).post("/organisations/new", data=registration())

    assert response.status_code == 200
    assert "already registered under this number" in response.text
    assert len(_organisations()) == 1


def test_a_refused_upload_is_shown_on_its_field_and_nothing_is_saved(login, registration):
    forged = document_uploads(board_decision=(b"plain text, not a scan", "decision.pdf"))

    response = login(UserFactory()).post("/organisations/new", data=registration(**forged))

    assert response.status_code == 200
    assert 'id="board_decision-error"' in response.text
    assert "This file is not a PDF, JPEG, or PNG file." in response.text
    assert _organisations() == []
    assert _stored_files() == 0


def test_every_document_is_required(login, registration):
    form = registration()
    del form["board_decision"]

    response = login(UserFactory()).post("/organisations/new", data=form)

    assert response.status_code == 200
    assert "Attach this document." in response.text
    assert _organisations() == []


def test_missing_details_are_reported_on_their_fields(login):
    response = login(UserFactory()).post("/organisations/new", data={})

    assert response.status_code == 200
    for field in ("name", "kind", "registration_number", "commune_id", "description"):
        assert f'id="{field}-error"' in response.text
    assert _organisations() == []
