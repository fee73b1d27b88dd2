"""Posted transactions and entries are never changed or deleted: the ORM and PostgreSQL refuse."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.errors import AppendOnlyViolation
from crowdfund.ledger.models import LedgerEntry, LedgerTransaction
from tests.ledger.builders import capture, escrow


@pytest.fixture
def posted(project):
    return capture(project, 10_000, "capture:pi_1")


def _change_amount(transaction):
    transaction.entries[0].amount += 1


def _change_memo(transaction):
    transaction.memo = "edited"


def _delete_entry(transaction):
    db.session.delete(transaction.entries[0])


def _delete_transaction(transaction):
    db.session.delete(transaction)


@pytest.mark.parametrize(
    "change", [_change_amount, _change_memo, _delete_entry, _delete_transaction]
)
def test_the_orm_refuses_to_change_or_delete_posted_rows(posted, change):
    change(posted)

    with pytest.raises(AppendOnlyViolation, match="reversal"):
        db.session.flush()


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(LedgerEntry).values(amount=1),
        sa.delete(LedgerEntry),
        sa.update(LedgerTransaction).values(memo="edited"),
        sa.delete(LedgerTransaction),
    ],
    ids=["update entries", "delete entries", "update transactions", "delete transactions"],
)
def test_the_orm_refuses_bulk_changes_and_deletions(posted, statement):
    with pytest.raises(AppendOnlyViolation):
        db.session.execute(statement)


def test_posting_updates_the_cached_balance_of_an_account(posted, project):
    account = escrow(project)
    capture(project, 5_000, "capture:pi_2")
    db.session.expire(account)

    assert account.balance == 15_000


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entries SET amount = amount * 2",
        "DELETE FROM ledger_entries",
        "TRUNCATE ledger_entries",
        "UPDATE ledger_transactions SET memo = 'edited'",
        "DELETE FROM ledger_transactions",
        "TRUNCATE ledger_transactions CASCADE",
    ],
)
def test_postgresql_refuses_to_change_or_delete_posted_rows(on_postgresql, posted, statement):
    with (
        pytest.raises(sa.exc.IntegrityError, match="the ledger is append-only"),
        db.session.begin_nested(),
    ):
        db.session.execute(sa.text(statement))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 2
