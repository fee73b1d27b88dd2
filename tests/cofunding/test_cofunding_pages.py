"""The reviewer's co-funding page: recording commitments, marking them received, and who may."""

import io

import pytest
import sqlalchemy as sa

from crowdfund.cofunding.models import CoFunding, CoFundingStatus, InstitutionKind
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction, TransactionKind
from crowdfund.ledger.reading import project_money
from crowdfund.projects.models import ProjectState
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.cofunding import CoFundingFactory, ReceivedCoFundingFactory
from tests.factories.files import PDF_BYTES, image_bytes
from tests.factories.review import SubmittedProjectFactory


@pytest.fixture
def reviewer():
    return ReviewerFactory(name="Nadia Berrada")


@pytest.fixture
def reviewer_client(login, reviewer):
    return login(reviewer)


def _url(project, action=""):
    return f"/review/projects/{project.slug}/cofunding{action}"


def _commitment(**changes):
    data = {
        "institution": "Commune de Tabant",
        "institution_kind": "commune",
        "amount": "30 000",
        "note": "Délibération du conseil du 12 mars.",
        "document": (io.BytesIO(PDF_BYTES), "engagement.pdf"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _cofundings():
    return db.session.scalars(sa.select(CoFunding)).all()


def test_the_page_lists_commitments_and_the_split(reviewer_client):
    project = ProjectFactory(goal_amount=20_000_000, raised_amount=5_000_000)
    CoFundingFactory(project=project, institution="Conseil régional", amount=3_000_000)
    ReceivedCoFundingFactory(project=project, institution="Commune de Tabant", amount=2_000_000)

    page = reviewer_client.get(_url(project)).get_data(as_text=True)

    for expected in (
        "Conseil régional",
        "Commune de Tabant",
        "MAD30,000.00",
        "MAD20,000.00",
        "MAD100,000.00",  # the total: 50,000 + 30,000 + 20,000
        "50\u00a0%",
        "engagement.pdf",
        "Mark as received",
        "Record the commitment",
    ):
        assert expected in page, expected
    assert page.count("Mark as received") == 1


def test_a_reviewer_records_a_commitment(reviewer_client, reviewer):
    project = ProjectFactory()

    response = reviewer_client.post(_url(project), data=_commitment())

    assert response.status_code == 302
    [cofunding] = _cofundings()
    assert cofunding.project == project
    assert cofunding.institution == "Commune de Tabant"
    assert cofunding.institution_kind == InstitutionKind.COMMUNE
    assert cofunding.amount == 3_000_000
    assert cofunding.status == CoFundingStatus.COMMITTED
    assert cofunding.received_at is None
    assert cofunding.recorded_by == reviewer
    assert cofunding.note == "Délibération du conseil du 12 mars."
    assert cofunding.document.content_type == "application/pdf"
    assert "is recorded" in reviewer_client.get(_url(project)).get_data(as_text=True)


@pytest.mark.parametrize(
    "state", [ProjectState.APPROVED, ProjectState.LIVE, ProjectState.FUNDED], ids=str
)
def test_approved_live_and_funded_projects_take_co_funding(reviewer_client, state):
    project = ProjectFactory(state=state)

    assert reviewer_client.post(_url(project), data=_commitment()).status_code == 302
    assert len(_cofundings()) == 1


@pytest.mark.parametrize(
    "state",
    [
        ProjectState.DRAFT,
        ProjectState.SUBMITTED,
        ProjectState.IN_REVIEW,
        ProjectState.REJECTED,
        ProjectState.FAILED,
        ProjectState.COMPLETED,
    ],
    ids=str,
)
def test_other_projects_take_none(reviewer_client, state):
    project = ProjectFactory(state=state)

    page = reviewer_client.get(_url(project)).get_data(as_text=True)
    response = reviewer_client.post(_url(project), data=_commitment())

    assert "Co-funding is recorded only for approved, live or funded projects" in page
    assert "Record the commitment" not in page
    assert response.status_code == 200
    assert _cofundings() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"document": None}, "Attach the signed commitment."),
        (
            {"document": (io.BytesIO(image_bytes("PNG")), "engagement.pdf")},
            "This file is not a PDF file.",
        ),
        ({"institution": ""}, "Name the institution."),
        ({"institution_kind": ""}, "Choose the kind of institution."),
        ({"institution_kind": "embassy"}, "Choose the kind of institution."),
        ({"amount": ""}, "Enter an amount."),
        ({"amount": "0"}, "The amount must be more than 0 MAD."),
        ({"amount": "-500"}, "Enter an amount that is not negative."),
        ({"amount": "trente mille"}, "Enter an amount in dirhams"),
        ({"amount": "120 000,01"}, "more than the goal of MAD120,000"),
    ],
)
def test_invalid_commitments_are_explained_and_nothing_is_saved(reviewer_client, changes, message):
    project = ProjectFactory(goal_amount=12_000_000)

    response = reviewer_client.post(_url(project), data=_commitment(**changes))

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _cofundings() == []


def test_co_funding_may_not_add_up_to_more_than_the_goal(reviewer_client):
    project = ProjectFactory(goal_amount=12_000_000)
    CoFundingFactory(project=project, amount=10_000_000)

    refused = reviewer_client.post(_url(project), data=_commitment(amount="20 000,01"))
    accepted = reviewer_client.post(_url(project), data=_commitment(amount="20 000"))

    assert "Co-funding would come to MAD120,000.01" in refused.get_data(as_text=True)
    assert accepted.status_code == 302
    assert len(_cofundings()) == 2


def test_a_reviewer_marks_a_commitment_received(reviewer_client, reviewer):
    cofunding = CoFundingFactory(institution="Commune de Tabant")

    response = reviewer_client.post(
        _url(cofunding.project, "/received"), data={"cofunding_id": cofunding.id}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert cofunding.status == CoFundingStatus.RECEIVED
    assert cofunding.received_at is not None
    assert cofunding.received_by == reviewer
    page = reviewer_client.get(_url(cofunding.project)).get_data(as_text=True)
    assert "The money of Commune de Tabant is marked as received." in page
    assert "Mark as received" not in page


def test_money_received_is_posted_to_the_project_s_escrow_once(reviewer_client):
    cofunding = CoFundingFactory(amount=30_000_00)
    project = cofunding.project

    for _attempt in range(2):
        reviewer_client.post(_url(project, "/received"), data={"cofunding_id": cofunding.id})

    money = project_money(project)
    assert (money.co_funding, money.held) == (30_000_00, 30_000_00)
    [posted] = db.session.scalars(
        sa.select(LedgerTransaction).where(LedgerTransaction.kind == TransactionKind.CO_FUNDING)
    ).all()
    assert posted.key == f"cofunding:{cofunding.id}"
    assert check_ledger() == []


def test_money_already_received_cannot_be_received_again(reviewer_client):
    cofunding = ReceivedCoFundingFactory()
    received_at = cofunding.received_at

    reviewer_client.post(_url(cofunding.project, "/received"), data={"cofunding_id": cofunding.id})

    page = reviewer_client.get(_url(cofunding.project)).get_data(as_text=True)
    assert "This commitment is already marked as received." in page
    db.session.expire_all()
    assert cofunding.received_at == received_at


def test_receipts_are_refused_once_the_project_no_longer_takes_co_funding(reviewer_client):
    cofunding = CoFundingFactory(project=ProjectFactory(state=ProjectState.COMPLETED))

    reviewer_client.post(_url(cofunding.project, "/received"), data={"cofunding_id": cofunding.id})

    db.session.expire_all()
    assert cofunding.status == CoFundingStatus.COMMITTED


def test_a_commitment_of_another_project_is_not_found(reviewer_client):
    cofunding = CoFundingFactory()
    other = ProjectFactory()

    response = reviewer_client.post(_url(other, "/received"), data={"cofunding_id": cofunding.id})

    assert response.status_code == 404
    db.session.expire_all()
    assert cofunding.status == CoFundingStatus.COMMITTED


@pytest.mark.parametrize(
    "factory",
    [UserFactory, AdminFactory, lambda: ProjectFactory().organisation.created_by],
    ids=["donor", "admin", "owner of another project"],
)
def test_only_reviewers_record_co_funding(login, factory):
    cofunding = CoFundingFactory()
    project = cofunding.project
    client = login(factory())

    assert client.get(_url(project)).status_code == 403
    assert client.post(_url(project), data=_commitment()).status_code == 403
    received = client.post(_url(project, "/received"), data={"cofunding_id": cofunding.id})
    assert received.status_code == 403
    db.session.expire_all()
    assert _cofundings() == [cofunding]
    assert cofunding.status == CoFundingStatus.COMMITTED


def test_a_project_the_public_may_not_see_does_not_exist_for_others(login):
    project = SubmittedProjectFactory()

    assert login(UserFactory()).get(_url(project)).status_code == 404


def test_reviewers_and_the_project_organisation_may_open_the_signed_commitment(client, login):
    cofunding = CoFundingFactory()
    url = f"/files/{cofunding.document.storage_key}"

    assert login(ReviewerFactory()).get(url).status_code == 200
    assert login(cofunding.project.organisation.created_by).get(url).status_code == 200
    assert login(UserFactory()).get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_the_review_page_leads_to_the_co_funding_page(reviewer_client):
    project = SubmittedProjectFactory()

    page = reviewer_client.get(f"/review/projects/{project.slug}").get_data(as_text=True)

    assert f'href="{_url(project)}"' in page
