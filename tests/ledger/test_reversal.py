"""Corrections are reversals: the opposite entries, posted once."""

import pytest

from crowdfund.ledger.errors import InsufficientFunds, LedgerConflict
from crowdfund.ledger.posting import reverse
from crowdfund.ledger.reading import balance_of, project_money
from tests.ledger.builders import capture, clearing, disburse, escrow


def test_a_reversal_posts_the_opposite_entries_and_restores_the_balances(project):
    original = capture(project, 10_000, "capture:pi_1", fee=300)

    reversal = reverse(original)

    assert reversal.key == "reversal:capture:pi_1"
    assert reversal.reverses is original
    assert reversal.kind == original.kind
    assert reversal.project_id == project.id
    assert sorted((e.account_id, e.amount) for e in reversal.entries) == sorted(
        (e.account_id, -e.amount) for e in original.entries
    )
    assert balance_of(escrow(project)) == 0
    assert balance_of(clearing()) == 0
    assert project_money(project).pledges == 0


def test_reversing_again_returns_the_same_reversal(project):
    original = capture(project, 10_000, "capture:pi_1")

    assert reverse(original) is reverse(original)
    assert balance_of(escrow(project)) == 0


def test_a_transaction_is_reversed_only_once(project):
    original = capture(project, 10_000, "capture:pi_1")
    reverse(original, key="correction:1")

    with pytest.raises(LedgerConflict, match="already reversed by correction:1"):
        reverse(original, key="correction:2")
    assert balance_of(escrow(project)) == 0


def test_a_reversal_cannot_take_back_money_already_disbursed(project):
    original = capture(project, 10_000, "capture:pi_1")
    disburse(project, 8_000, "disbursement:1")

    with pytest.raises(InsufficientFunds):
        reverse(original)
    assert balance_of(escrow(project)) == 2_000


def test_a_reversal_can_itself_be_reversed(project):
    original = capture(project, 10_000, "capture:pi_1")

    reverse(reverse(original))

    assert balance_of(escrow(project)) == 10_000
    assert project_money(project).pledges == 10_000
