"""Import every model so that the metadata (and Alembic) sees the whole schema."""

from crowdfund.accounts.models import User, UserRole
from crowdfund.audit.models import AuditEntry
from crowdfund.cofunding.models import CoFunding
from crowdfund.files.models import StoredFile
from crowdfund.fx.models import FxRate
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from crowdfund.matching.models import MatchAllocation, MatchingFund, MatchingFundSector
from crowdfund.milestones.models import Disbursement, EvidenceFile, MilestoneEvidence
from crowdfund.notifications.models import NotificationOptOut, OutboxMessage
from crowdfund.organisations.models import Organisation, OrganisationDocument, OrganisationMember
from crowdfund.page_cache.generation import PageGeneration
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
from crowdfund.receipts.models import Receipt, ReceiptCounter
from crowdfund.updates.models import Follow, ProjectUpdate, ReportReminder, UpdateImage

__all__ = [
    "AuditEntry",
    "BudgetLine",
    "CoFunding",
    "Commune",
    "Disbursement",
    "EvidenceFile",
    "Follow",
    "FxRate",
    "LedgerAccount",
    "LedgerEntry",
    "LedgerTransaction",
    "MatchAllocation",
    "MatchingFund",
    "MatchingFundSector",
    "Milestone",
    "MilestoneEvidence",
    "NotificationOptOut",
    "Organisation",
    "OrganisationDocument",
    "OrganisationMember",
    "OutboxMessage",
    "PageGeneration",
    "Pledge",
    "PledgeRefund",
    "ProcessedEvent",
    "Project",
    "ProjectReview",
    "ProjectSDG",
    "ProjectTransition",
    "ProjectUpdate",
    "Province",
    "Receipt",
    "ReceiptCounter",
    "Region",
    "ReportReminder",
    "StoredFile",
    "UpdateImage",
    "User",
    "UserRole",
]
