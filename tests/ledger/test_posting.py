"""Posting: balanced transactions, accounts on first use, idempotent keys, no overdraft."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.errors import (
    InsufficientFunds,
    LedgerConflict,
    LedgerError,
    UnbalancedTransaction,
)
from crowdfund.ledger.models import AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.ledger.reading import balance_of
from tests.ledger.builders import (
    capture,
    clearing,
    disburse,
    disbursed,
    escrow,
    fund_pool,
    match,
    pool,
    set_raw_balance,
)


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_balanced_transaction_moves_money_and_caches_the_balances(project):
    transaction = capture(project, 50_000, "capture:pi_1", fee=1_500)

    assert transaction.kind == TransactionKind.CAPTURE
    assert transaction.project_id == project.id
    assert sorted(entry.amount for entry in transaction.entries) == [-51_500, 1_500, 50_000]
    assert balance_of(escrow(project)) == 50_000
    assert balance_of(clearing()) == -51_500
    assert balance_of(account_for(AccountKind.PROCESSING_FEES)) == 1_500


def test_entries_carry_their_account_currency_and_their_transaction_time(project):
    transaction = capture(project, 10_000, "capture:pi_1")

    assert {entry.currency for entry in transaction.entries} == {"MAD"}
    assert {entry.created_at for entry in transaction.entries} == {transaction.created_at}


def test_an_empty_transaction_is_refused():
    with pytest.raises(UnbalancedTransaction, match="needs lines"):
        post(TransactionKind.CAPTURE, "capture:pi_1", [])
    assert _count(LedgerTransaction) == 0


def test_an_unbalanced_transaction_is_refused_and_writes_nothing(project):
    with pytest.raises(UnbalancedTransaction, match=r"\+100 MAD"):
        post(TransactionKind.CAPTURE, "capture:pi_1", [(clearing(), -900), (escrow(project), 1000)])
    assert _count(LedgerTransaction) == 0
    assert _count(LedgerEntry) == 0
    assert balance_of(escrow(project)) == 0


@pytest.mark.parametrize("amount", [0, 1.5, True, "100"])
def test_amounts_are_non_zero_integers(project, amount):
    with pytest.raises(UnbalancedTransaction, match="non-zero integers"):
        post(TransactionKind.CAPTURE, "capture:pi_1", [(clearing(), amount), (escrow(project), 0)])


def test_lines_in_two_currencies_must_balance_in_each(project):
    lines = [(clearing("EUR"), -1_000), (escrow(project), 1_000)]
    with pytest.raises(UnbalancedTransaction, match=r"-1000 EUR, \+1000 MAD"):
        post(TransactionKind.CAPTURE, "capture:pi_1", lines)


def test_a_transaction_may_balance_in_several_currencies(project):
    fees_in_euros = account_for(AccountKind.PROCESSING_FEES, currency="EUR")
    lines = [
        (clearing("EUR"), -30),
        (fees_in_euros, 30),
        (clearing(), -10_000),
        (escrow(project), 10_000),
    ]
    transaction = post(TransactionKind.CAPTURE, "capture:pi_1", lines, project=project)

    assert {(entry.currency, entry.amount) for entry in transaction.entries} == {
        ("EUR", -30),
        ("EUR", 30),
        ("MAD", -10_000),
        ("MAD", 10_000),
    }


def test_a_project_account_is_in_the_project_currency(project):
    with pytest.raises(LedgerError, match="keeps its money in MAD"):
        account_for(AccountKind.PROJECT_ESCROW, currency="EUR", project=project)


def test_an_account_is_created_once_per_kind_currency_and_owner(project, other_project):
    first = escrow(project)

    assert escrow(project) is first
    assert escrow(other_project) is not first
    assert disbursed(project) is not first
    assert pool(1) is pool(1)
    assert pool(1) is not pool(2)
    assert clearing() is clearing()
    assert clearing("EUR") is not clearing()
    assert first.balance == 0


@pytest.mark.parametrize(
    ("kind", "owner", "message"),
    [
        (AccountKind.PROJECT_ESCROW, {}, "needs project"),
        (AccountKind.MATCHING_POOL, {}, "needs matching fund"),
        (AccountKind.SPONSOR_FUNDING, {"project": True}, "takes no project"),
        (AccountKind.PROCESSOR_CLEARING, {"matching_fund_id": 1}, "takes no matching fund"),
    ],
)
def test_an_account_has_the_owner_its_kind_calls_for(project, kind, owner, message):
    if owner.get("project"):
        owner = {"project": project, "matching_fund_id": 1}
    with pytest.raises(LedgerError, match=message):
        account_for(kind, **owner)


def test_an_unknown_kind_of_transaction_is_refused(project):
    with pytest.raises(ValueError, match="gift"):
        post("gift", "gift:1", [(clearing(), -100), (escrow(project), 100)])


def test_posting_a_key_again_with_the_same_lines_returns_the_first_transaction(project):
    first = capture(project, 10_000, "capture:pi_1")
    again = capture(project, 10_000, "capture:pi_1")

    assert again is first
    assert _count(LedgerTransaction) == 1
    assert balance_of(escrow(project)) == 10_000


@pytest.mark.parametrize(
    "other",
    [
        lambda project: capture(project, 9_999, "capture:pi_1"),
        lambda project: capture(project, 10_000, "capture:pi_1", fee=300),
        lambda project: post(
            TransactionKind.CO_FUNDING,
            "capture:pi_1",
            [(clearing(), -10_000), (escrow(project), 10_000)],
        ),
    ],
    ids=["other amount", "other accounts", "other kind"],
)
def test_posting_a_key_again_with_other_lines_is_a_conflict(project, other):
    capture(project, 10_000, "capture:pi_1")

    with pytest.raises(LedgerConflict, match="capture:pi_1"):
        other(project)
    assert _count(LedgerTransaction) == 1
    assert balance_of(escrow(project)) == 10_000


@pytest.mark.parametrize(
    "overdraw",
    [
        lambda project: disburse(project, 10_001, "disbursement:1"),
        lambda project: match(7, project, 5_001, "match:pledge:1"),
        lambda project: post(
            TransactionKind.DISBURSEMENT,
            "disbursement:1",
            [(disbursed(project), -1), (escrow(project), 1)],
        ),
    ],
    ids=["escrow", "matching pool", "disbursed"],
)
def test_an_account_holding_money_is_never_overdrawn(project, overdraw):
    capture(project, 10_000, "capture:pi_1")
    fund_pool(7, 5_000, "pool:7")

    with pytest.raises(
        InsufficientFunds, match=r"account #\d+ of (project|matching fund)"
    ) as error:
        overdraw(project)
    assert error.value.account.kind in {
        AccountKind.PROJECT_ESCROW,
        AccountKind.PROJECT_DISBURSED,
        AccountKind.MATCHING_POOL,
    }
    assert _count(LedgerTransaction) == 2
    assert balance_of(escrow(project)) == 10_000
    assert balance_of(pool(7)) == 5_000


def test_an_overdraft_names_the_account_what_it_holds_and_what_was_asked(project):
    capture(project, 10_000, "capture:pi_1")

    with pytest.raises(InsufficientFunds) as error:
        disburse(project, 12_000, "disbursement:1")
    assert str(error.value) == (
        f"project_escrow account #{escrow(project).id} of project {project.id} holds 10000 MAD, "
        "less than the 12000 MAD asked of it"
    )


def test_money_may_be_taken_down_to_exactly_zero(project):
    capture(project, 10_000, "capture:pi_1")
    disburse(project, 10_000, "disbursement:1")

    assert balance_of(escrow(project)) == 0
    assert balance_of(disbursed(project)) == 10_000


def test_the_processor_clearing_account_may_go_negative(project):
    capture(project, 10_000, "capture:pi_1")

    assert balance_of(clearing()) == -10_000


def test_funds_are_judged_on_the_stored_balance_not_on_a_stale_copy(project):
    capture(project, 10_000, "capture:pi_1")
    account = escrow(project)
    db.session.commit()
    # Another worker took money before this transaction began; this session holds the old balance.
    set_raw_balance(account, "balance - 9000")

    with pytest.raises(InsufficientFunds, match="holds 1000 MAD"):
        disburse(project, 5_000, "disbursement:1")
