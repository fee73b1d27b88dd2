"""Import every model so that the metadata (and Alembic) sees the whole schema."""

from crowdfund.accounts.models import User, UserRole
from crowdfund.cofunding.models import CoFunding
from crowdfund.files.models import StoredFile
from crowdfund.fx.models import FxRate
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from crowdfund.matching.models import MatchAllocation, MatchingFund, MatchingFundSector
from crowdfund.organisations.models import Organisation, OrganisationDocument, OrganisationMember
from crowdfund.payments.models import ProcessedEvent
from crowdfund.pledges.models import Pledge, PledgeRefund
from crowdfund.projects.models import (
    BudgetLine,
    Milestone,
    Project,
    ProjectReview,
    ProjectSDG,
    ProjectTransition,
)

__all__ = [
    "BudgetLine",
    "CoFunding",
    "Commune",
    "FxRate",
    "LedgerAccount",
    "LedgerEntry",
    "LedgerTransaction",
    "MatchAllocation",
    "MatchingFund",
    "MatchingFundSector",
    "Milestone",
    "Organisation",
    "OrganisationDocument",
    "OrganisationMember",
    "Pledge",
    "PledgeRefund",
    "ProcessedEvent",
    "Project",
    "ProjectReview",
    "ProjectSDG",
    "ProjectTransition",
    "Province",
    "Region",
    "StoredFile",
    "User",
    "UserRole",
]
