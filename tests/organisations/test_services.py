from datetime import timedelta

import pytest

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.organisations.models import DocumentKind, OrganisationKind, OrganisationStatus
from crowdfund.organisations.services import (
    DuplicateRegistration,
    OrganisationDecisionError,
    OrganisationLocked,
    pending_organisations,
    register_organisation,
    reject_organisation,
    resubmit_organisation,
    update_organisation,
    verify_organisation,
)
from crowdfund.timeutil import utcnow
from tests.factories import (
    OrganisationFactory,
    OwnerFactory,
    ReviewerFactory,
    UserFactory,
    any_commune,
)
from tests.factories.files import StoredFileFactory
from tests.factories.organisations import RejectedOrganisationFactory
from tests.factories.review import PendingOrganisationFactory


def _documents():
    return {kind: StoredFileFactory() for kind in DocumentKind}


def _register(user, **overrides):
    details = {
        "name": "Association Aït Bouguemez",
        "kind": OrganisationKind.ASSOCIATION,
        "registration_number": "ab-2019 / 117",
        "commune": any_commune(),
        "description": "Water and schooling for the valley.",
        "documents": _documents(),
        **overrides,
    }
    return register_organisation(user, **details)


def test_registering_makes_a_pending_organisation_with_its_creator_as_member_and_owner():
    donor = UserFactory()
    documents = _documents()

    organisation = _register(donor, documents=documents)

    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.submitted_at is not None
    assert organisation.created_by == donor
    assert [member.user for member in organisation.members] == [donor]
    assert donor.has_role(Role.OWNER)
    assert {document.kind: document.file for document in organisation.documents} == documents
    assert organisation.registration_number == "AB-2019 / 117"


def test_a_registration_number_is_taken_whatever_its_case_or_spacing():
    _register(UserFactory(), registration_number="AB-2019 / 117")
    with pytest.raises(DuplicateRegistration):
        _register(UserFactory(), registration_number="  ab-2019  /  117 ")


def test_the_same_number_may_belong_to_organisations_of_different_kinds():
    _register(UserFactory(), kind=OrganisationKind.ASSOCIATION)
    cooperative = _register(UserFactory(), kind=OrganisationKind.COOPERATIVE)
    assert cooperative.id is not None


def test_verifying_records_who_decided_and_when():
    organisation, reviewer = PendingOrganisationFactory(), ReviewerFactory()

    verify_organisation(organisation, reviewer)

    assert organisation.status == OrganisationStatus.VERIFIED
    assert organisation.decided_by == reviewer
    assert organisation.decided_at is not None
    assert organisation.decision_reason is None


def test_rejecting_records_the_reason():
    organisation, reviewer = PendingOrganisationFactory(), ReviewerFactory()

    reject_organisation(organisation, reviewer, "  The statutes are not stamped.  ")

    assert organisation.status == OrganisationStatus.REJECTED
    assert organisation.decided_by == reviewer
    assert organisation.decision_reason == "The statutes are not stamped."


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_rejection_needs_a_reason(reason):
    organisation = PendingOrganisationFactory()
    with pytest.raises(OrganisationDecisionError):
        reject_organisation(organisation, ReviewerFactory(), reason)
    assert organisation.status == OrganisationStatus.PENDING


DECISIONS = {
    "verify": lambda organisation, user: verify_organisation(organisation, user),
    "reject": lambda organisation, user: reject_organisation(organisation, user, "Unsigned."),
}


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("status", [OrganisationStatus.VERIFIED, OrganisationStatus.REJECTED])
def test_only_an_organisation_awaiting_verification_can_be_decided(decision, status):
    organisation = OrganisationFactory(status=status)
    with pytest.raises(OrganisationDecisionError):
        DECISIONS[decision](organisation, ReviewerFactory())
    assert organisation.status == status


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("roles", [[], [Role.OWNER], [Role.ADMIN], [Role.TREASURER]])
def test_only_a_reviewer_can_decide_on_an_organisation(decision, roles):
    organisation = PendingOrganisationFactory()
    with pytest.raises(OrganisationDecisionError):
        DECISIONS[decision](organisation, UserFactory(roles=roles))
    assert organisation.status == OrganisationStatus.PENDING


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_reviewer_cannot_decide_on_an_organisation_they_belong_to(decision):
    reviewer = ReviewerFactory()
    organisation = PendingOrganisationFactory(created_by=reviewer)
    with pytest.raises(OrganisationDecisionError):
        DECISIONS[decision](organisation, reviewer)


def test_resubmitting_a_rejected_organisation_puts_it_back_in_the_queue():
    organisation = RejectedOrganisationFactory(
        submitted_at=utcnow() - timedelta(days=30),
        decided_by=ReviewerFactory(),
        decided_at=utcnow(),
    )
    first_submission = organisation.submitted_at

    resubmit_organisation(organisation, organisation.created_by)

    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.submitted_at > first_submission
    assert organisation.decided_by is None
    assert organisation.decision_reason is None


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.VERIFIED])
def test_only_a_rejected_organisation_can_be_resubmitted(status):
    organisation = OrganisationFactory(status=status)
    with pytest.raises(OrganisationLocked):
        resubmit_organisation(organisation, organisation.created_by)
    assert organisation.status == status


def test_only_a_member_can_resubmit():
    organisation = RejectedOrganisationFactory()
    with pytest.raises(OrganisationLocked):
        resubmit_organisation(organisation, OwnerFactory())
    assert organisation.status == OrganisationStatus.REJECTED


def test_updating_replaces_only_the_documents_given():
    organisation = _register(UserFactory())
    statutes = organisation.document(DocumentKind.STATUTES).file
    new_certificate = StoredFileFactory()

    update_organisation(
        organisation,
        name="Association Aït Bouguemez Avenir",
        commune=any_commune("C0002"),
        description="Now also a library.",
        documents={DocumentKind.REGISTRATION_CERTIFICATE: new_certificate},
    )

    assert organisation.name == "Association Aït Bouguemez Avenir"
    assert organisation.commune == any_commune("C0002")
    assert organisation.document(DocumentKind.STATUTES).file == statutes
    assert organisation.document(DocumentKind.REGISTRATION_CERTIFICATE).file == new_certificate
    assert len(organisation.documents) == len(DocumentKind)


def test_a_verified_organisation_cannot_be_updated():
    organisation = OrganisationFactory(status=OrganisationStatus.VERIFIED, name="Before")
    with pytest.raises(OrganisationLocked):
        update_organisation(
            organisation, name="After", commune=organisation.commune, description="", documents={}
        )
    assert organisation.name == "Before"


def test_pending_organisations_come_oldest_first_with_their_place_loaded():
    now = utcnow()
    recent = PendingOrganisationFactory(submitted_at=now - timedelta(days=1))
    oldest = PendingOrganisationFactory(submitted_at=now - timedelta(days=9))
    OrganisationFactory(status=OrganisationStatus.VERIFIED, submitted_at=now - timedelta(days=20))
    RejectedOrganisationFactory(submitted_at=now - timedelta(days=20))
    db.session.expire_all()

    queue = pending_organisations()

    assert queue == [oldest, recent]
    assert "commune" in queue[0].__dict__
    assert queue[0].commune.province.region.name
