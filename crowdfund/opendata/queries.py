"""Reads behind the open data: public projects, loaded in batches with what their files show."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.cofunding.models import CoFunding, InstitutionKind
from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province
from crowdfund.matching.models import MatchAllocation, MatchingFund
from crowdfund.matching.services import active_sum
from crowdfund.projects.models import PUBLIC_STATES, Project


def _activity_options():
    """What an IATI activity shows of a project, loaded for a whole batch at once."""
    return (
        joinedload(Project.commune).joinedload(Commune.province).joinedload(Province.region),
        joinedload(Project.organisation),
        selectinload(Project.milestones),
        selectinload(Project.transitions),
    )


def public_projects_for_activities(project_ids):
    """The public projects among `project_ids`, by id, with what their activities show."""
    return db.session.scalars(
        sa.select(Project)
        .where(Project.id.in_(project_ids), Project.state.in_(PUBLIC_STATES))
        .options(*_activity_options())
        .order_by(Project.id)
    ).all()


def public_project_id_batches(size):
    """The ids of every public project, oldest first, in lists of at most `size`."""
    ids = db.session.scalars(
        sa.select(Project.id).where(Project.state.in_(PUBLIC_STATES)).order_by(Project.id)
    ).all()
    return [ids[start : start + size] for start in range(0, len(ids), size)]


@dataclass(frozen=True)
class Institution:
    """An institution that has committed co-funding to a project."""

    name: str
    kind: InstitutionKind


@dataclass(frozen=True)
class Funders:
    """Who funds a project besides its donors, whose names are never published."""

    #: The sponsors of the matching funds that have added money to the project.
    sponsors: tuple[str, ...] = ()
    institutions: tuple[Institution, ...] = ()


def funders_by_project(project_ids):
    """{project id: Funders} for the given projects, in two queries."""
    active = active_sum()
    sponsors = defaultdict(list)
    for project_id, sponsor in db.session.execute(
        sa.select(MatchAllocation.project_id, MatchingFund.sponsor)
        .join(MatchAllocation.fund)
        .where(MatchAllocation.project_id.in_(project_ids))
        .group_by(MatchAllocation.project_id, MatchingFund.sponsor)
        .having(active > 0)
        .order_by(MatchAllocation.project_id, sa.func.min(MatchingFund.id))
    ):
        sponsors[project_id].append(sponsor)
    institutions = defaultdict(list)
    for project_id, name, kind in db.session.execute(
        sa.select(CoFunding.project_id, CoFunding.institution, CoFunding.institution_kind)
        .where(CoFunding.project_id.in_(project_ids))
        .group_by(CoFunding.project_id, CoFunding.institution, CoFunding.institution_kind)
        .order_by(CoFunding.project_id, sa.func.min(CoFunding.id))
    ):
        institutions[project_id].append(Institution(name, kind))
    return {
        project_id: Funders(tuple(sponsors[project_id]), tuple(institutions[project_id]))
        for project_id in project_ids
    }
