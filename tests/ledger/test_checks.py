"""`check_ledger` finds each breach of the invariants, with a bounded number of queries."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger import checks
from crowdfund.ledger.checks import check_ledger, register_check
from crowdfund.ledger.models import LedgerEntry, LedgerTransaction, TransactionKind
from crowdfund.ledger.posting import reverse
from crowdfund.timeutil import utcnow
from tests.factories import ProjectFactory
from tests.ledger.builders import (
    capture,
    clearing,
    co_fund,
    disburse,
    disbursed,
    escrow,
    fund_pool,
    insert_raw,
    match,
    refund,
    set_raw_balance,
)


def _busy_project(number):
    """A project through every kind of posting, corrections included."""
    project = ProjectFactory()
    capture(project, 50_000, f"capture:{number}:1", fee=1_500)
    capture(project, 20_000, f"capture:{number}:2")
    reverse(capture(project, 5_000, f"capture:{number}:3"))
    refund(project, 10_000, f"refund:{number}")
    fund_pool(number, 40_000, f"pool:{number}")
    match(number, project, 30_000, f"match:{number}")
    co_fund(project, 100_000, f"co-funding:{number}")
    disburse(project, 120_000, f"disbursement:{number}")
    return project


@pytest.fixture
def busy_project():
    return _busy_project(1)


@pytest.fixture
def no_registered_checks(monkeypatch):
    monkeypatch.setattr(checks, "_registered_checks", [])


def test_a_sound_ledger_has_no_breach(busy_project):
    assert check_ledger() == []


def test_the_checks_send_as_many_queries_whatever_the_size_of_the_ledger(count_queries):
    _busy_project(1)
    small = count_queries(check_ledger)
    for number in range(2, 6):
        _busy_project(number)

    assert count_queries(check_ledger) == small <= 12


def test_a_transaction_that_does_not_sum_to_zero_is_found(project):
    insert_raw(
        TransactionKind.CAPTURE, "capture:bad", [(clearing(), -900), (escrow(project), 1_000)]
    )

    assert "Transaction capture:bad does not sum to zero in MAD: +100." in check_ledger()


def test_a_cached_balance_that_differs_from_the_entries_is_found(busy_project):
    account = escrow(busy_project)
    set_raw_balance(account, "balance + 1")

    assert check_ledger() == [
        f"project_escrow account #{account.id} of project {busy_project.id} has a balance of "
        "70001 but its entries sum to 70000."
    ]


def _first_entry_id():
    return db.session.scalar(sa.select(sa.func.min(LedgerEntry.id)))


def test_an_entry_changed_behind_the_ledger_is_found(busy_project):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL refuses the change itself (see test_append_only)")
    db.session.execute(
        sa.text("UPDATE ledger_entries SET created_at = :when WHERE id = :id"),
        {"when": utcnow() + timedelta(days=1), "id": _first_entry_id()},
    )

    [message] = check_ledger()
    assert "not when transaction capture:1:1 was posted" in message


def test_an_entry_dated_in_the_future_is_found(project):
    tomorrow = utcnow() + timedelta(days=1)
    insert_raw(
        TransactionKind.CAPTURE,
        "capture:future",
        [(clearing(), -1_000), (escrow(project), 1_000)],
        created_at=tomorrow,
        move_balances=True,
    )

    breaches = check_ledger()
    assert len(breaches) == 2
    assert all(f"is dated {tomorrow}" in message for message in breaches)


def test_a_transaction_missing_its_entries_is_found(busy_project):
    insert_raw(TransactionKind.CAPTURE, "capture:emptied", [])

    assert check_ledger() == [
        "Transaction capture:emptied has 0 entries; every transaction has two or more."
    ]


def test_an_entry_without_its_transaction_is_found(busy_project):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL's foreign keys cannot be deferred here")
    # SQLite checks deferred foreign keys at commit, which the test never reaches.
    db.session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
    db.session.execute(sa.text("UPDATE ledger_entries SET transaction_id = 999999 WHERE id = 1"))

    assert "Entry #1 belongs to transaction #999999, which does not exist." in check_ledger()


def test_a_reversal_that_does_not_undo_its_transaction_is_found(project):
    original = capture(project, 1_000, "capture:pi_1")
    insert_raw(
        TransactionKind.CAPTURE,
        "reversal:capture:pi_1",
        [(escrow(project), -900), (clearing(), 900)],
        reverses_id=original.id,
        move_balances=True,
    )

    assert check_ledger() == [
        f"Reversal reversal:capture:pi_1 does not exactly undo what it reverses on account "
        f"#{account.id}."
        for account in sorted((escrow(project), clearing()), key=lambda account: account.id)
    ]


def test_a_held_account_that_ever_went_below_zero_is_found(project):
    capture(project, 5_000, "capture:pi_1")
    account = escrow(project)
    # Taken below zero for a while, then put back: the balance is fine now, the history is not.
    insert_raw(TransactionKind.REFUND, "refund:1", [(account, -10_000), (clearing(), 10_000)])
    insert_raw(TransactionKind.REFUND, "refund:2", [(account, 10_000), (clearing(), -10_000)])

    assert check_ledger() == [
        f"project_escrow account #{account.id} of project {project.id} went down to -5000 MAD; "
        "it may never go below zero."
    ]


def test_a_key_posted_twice_is_found(busy_project):
    # Only possible without the unique index; the test's transaction brings it back.
    db.session.execute(sa.text("DROP INDEX ix_ledger_transactions_key"))
    insert_raw(TransactionKind.CAPTURE, "capture:1:1", [])

    assert "Key capture:1:1 is posted 2 times." in check_ledger()


def test_a_transaction_reversed_twice_is_found(busy_project):
    db.session.execute(sa.text("DROP INDEX ix_ledger_transactions_reverses_id"))
    first = db.session.scalar(sa.select(LedgerTransaction).filter_by(key="capture:1:3"))
    insert_raw(TransactionKind.CAPTURE, "reversal:again", [], reverses_id=first.id)

    assert f"Transaction #{first.id} is reversed 2 times." in check_ledger()


def test_money_reaching_an_escrow_from_no_known_source_is_found(busy_project):
    insert_raw(
        TransactionKind.POOL_FUNDING,
        "pool:misdirected",
        [(clearing(), -1_000), (escrow(busy_project), 1_000)],
        move_balances=True,
    )

    assert check_ledger() == [
        f"Project {busy_project.id} holds and has disbursed 191000 MAD, but its pledges, matches "
        "and co-funding less refunds come to 190000 MAD."
    ]


def test_disbursing_more_than_was_raised_is_found(project):
    capture(project, 1_000, "capture:pi_1")
    insert_raw(
        TransactionKind.DISBURSEMENT,
        "disbursement:from-nowhere",
        [(clearing(), -5_000), (disbursed(project), 5_000)],
        move_balances=True,
    )

    assert check_ledger() == [
        f"Project {project.id} holds and has disbursed 6000 MAD, but its pledges, matches "
        "and co-funding less refunds come to 1000 MAD.",
        f"Project {project.id} has disbursed 5000 MAD, more than the 1000 MAD it raised.",
    ]


def test_registered_checks_run_with_the_ledger_checks(busy_project, no_registered_checks):
    @register_check
    def pledges_are_in_the_ledger():
        return ["Pledge 17 is captured but not in the ledger."]

    register_check(pledges_are_in_the_ledger)

    assert check_ledger() == ["Pledge 17 is captured but not in the ledger."]
