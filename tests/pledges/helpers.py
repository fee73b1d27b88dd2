"""Reading what a pledge left in the ledger."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction
from crowdfund.ledger.reading import project_money


def ledger_keys():
    return db.session.scalars(sa.select(LedgerTransaction.key).order_by(LedgerTransaction.id)).all()


def money(project):
    return project_money(project)


def assert_ledger_sound():
    assert check_ledger() == []
