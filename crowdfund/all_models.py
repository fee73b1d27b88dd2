"""Import every model so that the metadata (and Alembic) sees the whole schema."""

from crowdfund.accounts.models import User, UserRole
from crowdfund.files.models import StoredFile
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.organisations.models import Organisation, OrganisationDocument, OrganisationMember
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
    "Commune",
    "Milestone",
    "Organisation",
    "OrganisationDocument",
    "OrganisationMember",
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
