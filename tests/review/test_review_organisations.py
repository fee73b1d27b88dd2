"""Reviewers verify or reject the organisations waiting in the queue."""

import pytest

from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.organisations.models import DocumentKind, OrganisationDocument, OrganisationStatus
from tests.factories import AdminFactory, OrganisationFactory, OwnerFactory, ReviewerFactory
from tests.factories.review import PendingOrganisationFactory


def _url(organisation, action=""):
    return f"/review/organisations/{organisation.id}{action}"


def _with_statutes(organisation):
    stored = StoredFile(
        storage_key="statutes-key",
        original_name="statuts-tifaout.pdf",
        content_type="application/pdf",
        size=1200,
        sha256="0" * 64,
    )
    organisation.documents.append(OrganisationDocument(kind=DocumentKind.STATUTES, file=stored))
    db.session.flush()
    return organisation


def test_reviewer_sees_the_details_documents_and_members_of_an_organisation(login):
    founder = OwnerFactory(name="Fatima Zahra Idrissi")
    organisation = _with_statutes(
        PendingOrganisationFactory(name="Coopérative Tifaout", created_by=founder)
    )

    response = login(ReviewerFactory()).get(_url(organisation))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Coopérative Tifaout" in page
    assert organisation.registration_number in page
    assert organisation.commune.province.region.name_en in page
    assert "/files/statutes-key" in page
    assert "statuts-tifaout.pdf" in page
    assert "Fatima Zahra Idrissi" in page
    assert "Verify the organisation" in page


def test_decided_organisation_is_shown_without_the_decision_forms(login):
    organisation = OrganisationFactory(status=OrganisationStatus.VERIFIED)

    page = login(ReviewerFactory()).get(_url(organisation)).get_data(as_text=True)

    assert "Verify the organisation" not in page


def test_reviewer_verifies_a_pending_organisation(login):
    reviewer = ReviewerFactory()
    organisation = PendingOrganisationFactory()

    response = login(reviewer).post(_url(organisation, "/verify"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/review/"
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.VERIFIED
    assert organisation.decided_by == reviewer


def test_rejecting_an_organisation_needs_a_reason(login):
    organisation = PendingOrganisationFactory()

    response = login(ReviewerFactory()).post(_url(organisation, "/reject"), data={"reason": "  "})

    assert response.status_code == 200
    assert "Give the reason" in response.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.PENDING


def test_reviewer_rejects_an_organisation_saying_why(login):
    organisation = PendingOrganisationFactory()
    reason = "The statutes are not signed by the board."

    response = login(ReviewerFactory()).post(_url(organisation, "/reject"), data={"reason": reason})

    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.REJECTED
    assert organisation.decision_reason == reason


def test_an_organisation_already_decided_cannot_be_decided_again(login):
    organisation = PendingOrganisationFactory(status=OrganisationStatus.REJECTED)

    response = login(ReviewerFactory()).post(_url(organisation, "/verify"), follow_redirects=True)

    assert "no longer awaiting verification" in response.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.REJECTED


def test_a_reviewer_cannot_verify_an_organisation_they_belong_to(login):
    reviewer = ReviewerFactory()
    organisation = PendingOrganisationFactory(created_by=reviewer)

    response = login(reviewer).post(_url(organisation, "/verify"), follow_redirects=True)

    assert "an organisation you belong to" in response.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.PENDING


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_members_and_admins_may_not_decide_on_an_organisation(login, method):
    member = OwnerFactory()
    organisation = PendingOrganisationFactory(created_by=member)

    for user in (member, AdminFactory()):
        path = _url(organisation) if method == "GET" else _url(organisation, "/verify")
        assert login(user).open(path, method=method).status_code == 403
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.PENDING


def test_unknown_organisation_is_not_found(login):
    assert login(ReviewerFactory()).get("/review/organisations/999999").status_code == 404
