"""Members follow and correct their organisations; others see nothing of them."""

from crowdfund.extensions import db
from crowdfund.organisations.models import DocumentKind, OrganisationStatus
from crowdfund.projects.models import ProjectState
from tests.factories import (
    OrganisationFactory,
    OwnerFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.organisations import OrganisationDocumentFactory, RejectedOrganisationFactory
from tests.factories.review import PendingOrganisationFactory
from tests.organisations.uploads import document_uploads


def test_without_an_organisation_the_page_explains_what_one_is_and_how_it_is_verified(login):
    response = login(UserFactory()).get("/organisations/mine")

    assert response.status_code == 200
    assert "Projects on Twiza are carried by an organisation" in response.text
    assert 'href="/organisations/new"' in response.text


def test_my_organisations_shows_status_reason_projects_and_where_to_draft(login):
    owner = OwnerFactory()
    verified = OrganisationFactory(created_by=owner, name="Association Amal")
    project = ProjectFactory(organisation=verified, state=ProjectState.DRAFT, published_at=None)
    RejectedOrganisationFactory(created_by=owner, name="Coopérative Nour")
    OrganisationFactory(name="Somebody else's")

    response = login(owner).get("/organisations/mine")

    text = response.text
    assert "Association Amal" in text
    assert "Coopérative Nour" in text
    assert "Somebody else" not in text
    assert "Rejected" in text
    assert "The board decision is not signed." in text
    assert project.title in text
    assert '<span class="badge badge-state-draft">Draft</span>' in text
    assert f'href="/manage/projects/{project.slug}"' in text
    assert text.count("Draft a new project") == 1
    assert f'href="/manage/projects/new/{verified.id}"' in text


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/organisations/mine")
    assert response.status_code == 302
    assert "/account/login" in response.location


def test_members_see_details_documents_and_members(login):
    document = OrganisationDocumentFactory(organisation=PendingOrganisationFactory())
    organisation = document.organisation

    response = login(organisation.created_by).get(f"/organisations/{organisation.id}")

    assert response.status_code == 200
    assert organisation.registration_number in response.text
    assert f'href="/files/{document.file.storage_key}"' in response.text
    assert organisation.created_by.name in response.text
    assert f'href="/organisations/{organisation.id}/edit"' in response.text


def test_reviewers_see_an_organisation_but_may_not_change_it(login):
    organisation = PendingOrganisationFactory()
    reviewer = login(ReviewerFactory())

    response = reviewer.get(f"/organisations/{organisation.id}")

    assert response.status_code == 200
    assert "/edit" not in response.text
    assert reviewer.get(f"/organisations/{organisation.id}/edit").status_code == 403


def test_other_users_cannot_even_learn_that_an_organisation_exists(login):
    organisation = PendingOrganisationFactory()
    response = login(OwnerFactory()).get(f"/organisations/{organisation.id}")
    assert response.status_code == 404


def test_a_member_corrects_a_rejected_organisation_and_replaces_a_document(login):
    organisation = RejectedOrganisationFactory()
    old = OrganisationDocumentFactory(organisation=organisation, kind=DocumentKind.BOARD_DECISION)
    old_file_id = old.file_id
    commune = organisation.commune
    uploads = document_uploads()

    response = login(organisation.created_by).post(
        f"/organisations/{organisation.id}/edit",
        data={
            "name": "Association Tifawin (renamed)",
            "description": "Now with a signed board decision.",
            "province_id": str(commune.province_id),
            "commune_id": str(commune.id),
            "board_decision": uploads["board_decision"],
        },
    )

    db.session.expire_all()
    assert response.status_code == 302
    assert organisation.name == "Association Tifawin (renamed)"
    replaced = organisation.document(DocumentKind.BOARD_DECISION).file
    assert replaced.id != old_file_id
    assert replaced.content_type == "image/png"
    assert organisation.status == OrganisationStatus.REJECTED


def test_the_edit_form_starts_from_the_organisation_as_it_is(login):
    organisation = PendingOrganisationFactory(name="Association Anzar")

    response = login(organisation.created_by).get(f"/organisations/{organisation.id}/edit")

    assert 'value="Association Anzar"' in response.text
    assert f'<option selected value="{organisation.commune_id}">' in response.text


def test_a_verified_organisation_is_no_longer_edited_here(login):
    organisation = OrganisationFactory(status=OrganisationStatus.VERIFIED)

    response = login(organisation.created_by).get(f"/organisations/{organisation.id}/edit")

    assert response.status_code == 302
    assert response.location == f"/organisations/{organisation.id}"


def test_a_rejected_organisation_can_be_submitted_again_by_a_member(login):
    organisation = RejectedOrganisationFactory()
    member = login(organisation.created_by)

    page = member.get(f"/organisations/{organisation.id}")
    response = member.post(f"/organisations/{organisation.id}/resubmit")

    db.session.expire_all()
    assert "Submit again for verification" in page.text
    assert response.status_code == 302
    assert organisation.status == OrganisationStatus.PENDING


def test_a_pending_organisation_cannot_be_submitted_twice(login):
    organisation = PendingOrganisationFactory()
    submitted_at = organisation.submitted_at

    response = login(organisation.created_by).post(f"/organisations/{organisation.id}/resubmit")

    db.session.expire_all()
    assert response.status_code == 302
    assert organisation.submitted_at == submitted_at
