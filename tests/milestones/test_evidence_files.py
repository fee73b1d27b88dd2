"""Who may download an evidence file: photos and the acceptance record once verified are
public; invoices, and evidence not verified, only for the project's people, reviewers and
treasurers."""

import pytest

from crowdfund.milestones.models import EvidenceFileKind, EvidenceState
from crowdfund.organisations.models import OrganisationMember
from tests.factories import AdminFactory, OwnerFactory, ReviewerFactory, UserFactory
from tests.factories.milestones import (
    MilestoneEvidenceFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
)

PEOPLE = ("anonymous", "donor", "member", "other_owner", "reviewer", "treasurer", "admin")


@pytest.fixture
def client_of(app, login, project):
    member = OwnerFactory()
    project.organisation.members.append(OrganisationMember(user=member))
    users = {
        "donor": UserFactory(),
        "member": member,
        "other_owner": OwnerFactory(),
        "reviewer": ReviewerFactory(),
        "treasurer": TreasurerFactory(),
        "admin": AdminFactory(),
    }
    return {"anonymous": app.test_client(), **{name: login(user) for name, user in users.items()}}


def _answers(client_of, stored_file):
    return {
        name: client_of[name].get(f"/files/{stored_file.storage_key}").status_code
        for name in PEOPLE
    }


def _file(evidence, kind):
    return evidence.files_of_kind(kind)[0].file


EVERYONE = dict.fromkeys(PEOPLE, 200)
PRIVATE = {
    "anonymous": 404,
    "donor": 404,
    "member": 200,
    "other_owner": 404,
    "reviewer": 200,
    "treasurer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("kind", [EvidenceFileKind.PHOTO, EvidenceFileKind.ACCEPTANCE_RECORD])
def test_photos_and_acceptance_records_of_verified_evidence_are_public(client_of, project, kind):
    evidence = VerifiedEvidenceFactory(project=project)

    assert _answers(client_of, _file(evidence, kind)) == EVERYONE


def test_invoices_stay_private_once_verified(client_of, project):
    evidence = VerifiedEvidenceFactory(project=project)

    assert _answers(client_of, _file(evidence, EvidenceFileKind.INVOICE)) == PRIVATE


@pytest.mark.parametrize("kind", list(EvidenceFileKind))
def test_evidence_awaiting_verification_is_private(client_of, project, kind):
    evidence = MilestoneEvidenceFactory(project=project)
    assert evidence.state == EvidenceState.SUBMITTED

    assert _answers(client_of, _file(evidence, kind)) == PRIVATE


def test_public_photos_may_be_cached_and_private_files_may_not(client_of, project):
    evidence = VerifiedEvidenceFactory(project=project)
    anonymous, member = client_of["anonymous"], client_of["member"]

    photo = anonymous.get(f"/files/{_file(evidence, EvidenceFileKind.PHOTO).storage_key}")
    invoice = member.get(f"/files/{_file(evidence, EvidenceFileKind.INVOICE).storage_key}")

    assert photo.cache_control.public
    assert invoice.headers["Cache-Control"] == "private, no-store"
