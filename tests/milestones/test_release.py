"""Treasurers release a tranche against verified evidence: escrow → disbursed once per
milestone, never by the reviewer who verified it, never more than escrow holds."""

import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction, TransactionKind
from crowdfund.ledger.reading import project_money
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import Disbursement
from crowdfund.milestones.reading import MilestoneState, milestone_progress
from crowdfund.milestones.release import release_tranche
from crowdfund.milestones.verification import verify_evidence
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.projects.models import ProjectState
from tests.audit.helpers import audit_entries
from tests.factories import ReviewerFactory
from tests.factories.milestones import (
    MilestoneEvidenceFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
    give,
)

TRANCHE = 6_000_000


@pytest.fixture
def verified(project, donors, reviewer):
    return VerifiedEvidenceFactory(project=project, decided_by=reviewer)


def _release(evidence, treasurer, amount=TRANCHE, reference="TGR-2026-000123"):
    return release_tranche(evidence, treasurer, amount, reference)


def _disbursements():
    return db.session.scalars(sa.select(Disbursement)).all()


def _released_mail():
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == NotificationKind.MILESTONE_RELEASED)
        .order_by(OutboxMessage.id)
    ).all()


def test_a_treasurer_releases_the_tranche_from_escrow(project, verified, treasurer):
    disbursement = _release(verified, treasurer, reference="  TGR-2026-000123 ")

    assert (disbursement.amount, disbursement.currency) == (TRANCHE, "MAD")
    assert disbursement.bank_transfer_reference == "TGR-2026-000123"
    assert (disbursement.released_by_id, disbursement.evidence_id) == (treasurer.id, verified.id)
    transaction = disbursement.ledger_transaction
    assert (transaction.kind, transaction.key) == (
        TransactionKind.DISBURSEMENT,
        f"disbursement:milestone:{verified.milestone_id}",
    )
    money = project_money(project)
    assert (money.held, money.disbursed) == (12_000_000 - TRANCHE, TRANCHE)
    assert check_ledger() == []
    progress = milestone_progress(project)[0]
    assert (progress.state, progress.released_amount, progress.released_by) == (
        MilestoneState.RELEASED,
        TRANCHE,
        treasurer,
    )
    assert project.state == ProjectState.FUNDED
    [entry] = audit_entries("milestone.released")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        treasurer.id,
        "Disbursement",
        disbursement.id,
    )
    assert entry.after["amount"] == TRANCHE
    assert entry.after["bank_transfer_reference"] == "TGR-2026-000123"


def test_every_donor_with_a_captured_pledge_is_told_once(project, donors, verified, treasurer):
    amina, youssef = donors
    give(project, amina, 1_000_00)  # a second pledge: still one mail

    _release(verified, treasurer)

    mail = _released_mail()
    assert [message.recipient_id for message in mail] == [amina.id, youssef.id]
    assert [message.locale for message in mail] == ["fr", "en"]
    english = mail[1]
    assert english.subject == f"{project.title}: funds released for “Borehole drilled”"
    assert "MAD60,000.00 was released to" in english.text_body
    assert "milestone 1 of 2, “Borehole drilled”" in english.text_body
    assert "Nadia Berrada" in english.text_body
    assert f"/projects/{project.slug}" in english.text_body
    assert "See the evidence" in english.html_body


def test_the_treasurer_may_not_be_the_reviewer_who_verified(project, donors, login):
    both = ReviewerFactory(email="both@example.org", roles=[Role.REVIEWER, Role.TREASURER])
    evidence = MilestoneEvidenceFactory(project=project)
    verify_evidence(evidence, both)

    with pytest.raises(MilestoneRefused, match="You verified this evidence"):
        _release(evidence, both)
    client = login(both)
    response = client.post(
        f"/treasury/evidence/{evidence.id}/release",
        data={"amount": "60000", "bank_reference": "TGR-1"},
    )
    page = client.get(f"/treasury/evidence/{evidence.id}").get_data(as_text=True)

    assert response.status_code == 403
    assert "another treasurer must release its tranche" in page
    assert "Release the tranche" not in page
    assert _disbursements() == []
    assert project_money(project).disbursed == 0

    _release(evidence, TreasurerFactory())
    assert len(_disbursements()) == 1


def test_only_treasurers_release(verified):
    with pytest.raises(MilestoneRefused, match="Only treasurers release funds"):
        _release(verified, ReviewerFactory())


def test_a_release_above_the_escrow_balance_is_refused(project, owner, reviewer, treasurer):
    give(project, owner, 4_000_000)  # 40,000 MAD held; the tranche is 60,000 MAD
    evidence = VerifiedEvidenceFactory(project=project, decided_by=reviewer)

    with pytest.raises(MilestoneRefused) as refused:
        _release(evidence, treasurer)

    assert refused.value.field == "amount"
    assert refused.value.message == (
        "The project's escrow holds MAD40,000, less than the MAD60,000 to release. "
        "Release at most what it holds."
    )
    assert _disbursements() == []
    assert project_money(project).held == 4_000_000
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(LedgerTransaction.kind == TransactionKind.DISBURSEMENT)
        )
        == 0
    )

    _release(evidence, treasurer, amount=4_000_000)
    assert (project_money(project).held, project_money(project).disbursed) == (0, 4_000_000)
    assert check_ledger() == []


def test_no_more_than_the_milestone_tranche_is_released(verified, treasurer):
    with pytest.raises(MilestoneRefused, match="release that much at most"):
        _release(verified, treasurer, amount=TRANCHE + 1)


def test_a_milestone_is_released_once(project, verified, treasurer):
    _release(verified, treasurer)

    with pytest.raises(MilestoneRefused, match="already released"):
        _release(verified, TreasurerFactory(), reference="TGR-2")

    assert len(_disbursements()) == 1
    assert project_money(project).disbursed == TRANCHE


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Give the reference of the bank transfer"),
        ("<script>", "at most 64 letters, digits"),
        ("X" * 65, "at most 64 letters, digits"),
    ],
)
def test_the_bank_transfer_reference_is_required_and_plain(verified, treasurer, reference, message):
    with pytest.raises(MilestoneRefused, match=message) as refused:
        _release(verified, treasurer, reference=reference)

    assert refused.value.field == "bank_reference"


def test_a_bank_transfer_reference_pays_one_tranche(project, verified, treasurer, reviewer):
    _release(verified, treasurer)
    second = VerifiedEvidenceFactory(
        project=project, milestone=project.milestones[1], decided_by=reviewer
    )

    with pytest.raises(MilestoneRefused, match="already recorded for another tranche"):
        _release(second, treasurer)


def test_evidence_not_verified_is_not_released(project, donors, treasurer):
    evidence = MilestoneEvidenceFactory(project=project)

    with pytest.raises(MilestoneRefused, match="verified evidence only"):
        _release(evidence, treasurer)


def test_releasing_the_last_milestone_completes_the_project(project, verified, treasurer, reviewer):
    _release(verified, treasurer)
    last = VerifiedEvidenceFactory(
        project=project, milestone=project.milestones[1], decided_by=reviewer
    )

    _release(last, treasurer, reference="TGR-2026-000124")

    assert project.state == ProjectState.COMPLETED
    assert [entry.action for entry in project.transitions][-1] == "complete"
    assert project.transitions[-1].actor_id is None
    money = project_money(project)
    assert (money.held, money.disbursed) == (0, 12_000_000)
    assert check_ledger() == []
    assert "the project is completed" in _released_mail()[-1].text_body


def test_the_release_form_posts_the_tranche(project, verified, treasurer, login):
    client = login(treasurer)

    page = client.get(f"/treasury/evidence/{verified.id}").get_data(as_text=True)
    assert "MAD120,000.00" in page  # held in escrow
    assert 'value="60000"' in page

    response = client.post(
        f"/treasury/evidence/{verified.id}/release",
        data={"amount": "60 000", "bank_reference": "TGR-2026-000123"},
    )

    assert response.status_code == 302
    [disbursement] = _disbursements()
    assert (disbursement.amount, disbursement.released_by_id) == (TRANCHE, treasurer.id)


def test_the_release_form_shows_a_refusal_beside_its_field(
    project, owner, reviewer, treasurer, login
):
    give(project, owner, 1_000_000)
    evidence = VerifiedEvidenceFactory(project=project, decided_by=reviewer)

    response = login(treasurer).post(
        f"/treasury/evidence/{evidence.id}/release",
        data={"amount": "60000", "bank_reference": "TGR-9"},
    )

    assert response.status_code == 200
    assert "escrow holds MAD10,000" in response.get_data(as_text=True)
    assert _disbursements() == []


def test_the_treasury_lists_tranches_to_release_and_released(project, verified, treasurer, login):
    client = login(treasurer)
    before = client.get("/treasury/").get_data(as_text=True)
    _release(verified, TreasurerFactory(), reference="TGR-77")
    after = client.get("/treasury/").get_data(as_text=True)

    assert "Tranches to release (1)" in before
    assert f"/treasury/evidence/{verified.id}" in before
    assert "Tranches to release (0)" in after
    assert "TGR-77" in after
