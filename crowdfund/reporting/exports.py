"""The ministry's CSV exports: projects, pledges and disbursements, each one query streamed.

Donors appear by number and country of residence only: their names and email
addresses are not needed to account for the money, so they stay out of the files.
Amounts are decimal numbers of their currency (MAD unless a column says otherwise).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from crowdfund.accounts.models import User
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.ledger.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.ledger.reading import sum_of
from crowdfund.organisations.models import Organisation
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import Project
from crowdfund.reporting.csv_cells import code, decimal, integer, moment, text
from crowdfund.reporting.csv_stream import stream_csv

#: Exchange rates are stored times 1,000,000.
RATE_DIGITS = 6


@dataclass(frozen=True)
class Export:
    statement: object

    def stream(self, bind):
        """The CSV bytes of the export, read from `bind` (an engine) as they are read."""
        return stream_csv(self.statement, bind)


def _columns(*cells):
    """A select of (heading, cell) pairs: the headings become the CSV's header line."""
    return sa.select(*(cell.label(heading) for heading, cell in cells))


def _balance_of(kind):
    return sum_of(sa.case((LedgerAccount.kind == kind, LedgerAccount.balance), else_=0))


def projects_export():
    """Every project with its place, goal, and money held and disbursed (from the ledger)."""
    money = (
        sa.select(
            LedgerAccount.project_id,
            _balance_of(AccountKind.PROJECT_ESCROW).label("held"),
            _balance_of(AccountKind.PROJECT_DISBURSED).label("disbursed"),
        )
        .where(LedgerAccount.project_id.is_not(None))
        .group_by(LedgerAccount.project_id)
        .subquery()
    )
    statement = (
        _columns(
            ("project_id", integer(Project.id)),
            ("slug", text(Project.slug)),
            ("title", text(Project.title)),
            ("organisation", text(Organisation.name)),
            ("state", code(Project.state)),
            ("funding_model", code(Project.funding_model)),
            ("sector_dac", code(Project.sector_code)),
            ("region_code", code(Region.code)),
            ("province_code", code(Province.code)),
            ("commune_code", code(Commune.code)),
            ("commune", text(Commune.name_fr)),
            ("currency", code(Project.currency)),
            ("goal", decimal(Project.goal_amount)),
            ("raised", decimal(Project.raised_amount)),
            ("held", decimal(sa.func.coalesce(money.c.held, 0))),
            ("disbursed", decimal(sa.func.coalesce(money.c.disbursed, 0))),
            ("start_date", moment(Project.start_date)),
            ("end_date", moment(Project.end_date)),
            ("submitted_at", moment(Project.submitted_at)),
            ("published_at", moment(Project.published_at)),
            ("created_at", moment(Project.created_at)),
        )
        .select_from(Project)
        .join(Project.organisation)
        .join(Project.commune)
        .join(Commune.province)
        .join(Province.region)
        .outerjoin(money, money.c.project_id == Project.id)
        .order_by(Project.id)
    )
    return Export(statement)


def pledges_export():
    """Every pledge, oldest first, with its project, its donor's country, amounts and rate."""
    statement = (
        _columns(
            ("pledge_id", integer(Pledge.id)),
            ("created_at", moment(Pledge.created_at)),
            ("captured_at", moment(Pledge.captured_at)),
            ("state", code(Pledge.state)),
            ("funding_model", code(Pledge.funding_model)),
            ("project_id", integer(Pledge.project_id)),
            ("project_slug", code(Project.slug)),
            ("donor_id", integer(Pledge.donor_id)),
            ("donor_country", code(User.country)),
            ("currency", code(Pledge.currency)),
            ("amount", decimal(Pledge.amount)),
            ("fee_mad", decimal(Pledge.fee_mad)),
            ("amount_mad", decimal(Pledge.amount_mad)),
            ("fx_rate", decimal(Pledge.fx_rate_micro, RATE_DIGITS)),
            ("fx_rate_date", moment(Pledge.fx_rate_date)),
            ("fx_source", text(Pledge.fx_source)),
            ("match_fund_id", integer(Pledge.match_fund_id)),
            ("captured_mad", decimal(Pledge.captured_mad)),
            ("refunded_mad", decimal(Pledge.refunded_mad)),
        )
        .select_from(Pledge)
        .join(Project, Project.id == Pledge.project_id)
        .join(User, User.id == Pledge.donor_id)
        .order_by(Pledge.id)
    )
    return Export(statement)


def disbursements_export():
    """Every disbursement posted in the ledger (reversals negative), oldest first."""
    disbursed = aliased(LedgerAccount)
    statement = (
        _columns(
            ("transaction_id", integer(LedgerTransaction.id)),
            ("posted_at", moment(LedgerTransaction.created_at)),
            ("project_id", integer(disbursed.project_id)),
            ("project_slug", text(Project.slug)),
            ("amount", decimal(LedgerEntry.amount)),
            ("currency", code(LedgerEntry.currency)),
            ("ledger_key", text(LedgerTransaction.key)),
            ("reverses_transaction_id", integer(LedgerTransaction.reverses_id)),
            ("memo", text(LedgerTransaction.memo)),
        )
        .select_from(LedgerTransaction)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .join(disbursed, disbursed.id == LedgerEntry.account_id)
        .join(Project, Project.id == disbursed.project_id)
        .where(
            LedgerTransaction.kind == TransactionKind.DISBURSEMENT,
            disbursed.kind == AccountKind.PROJECT_DISBURSED,
        )
        .order_by(LedgerTransaction.id, LedgerEntry.id)
    )
    return Export(statement)


#: Export name (as in its URL) → (what the download link says, the function building it).
EXPORTS = {
    "projects": (_l("Projects (CSV)"), projects_export),
    "pledges": (_l("Pledges (CSV)"), pledges_export),
    "disbursements": (_l("Disbursements (CSV)"), disbursements_export),
}
