"""Reads behind the public catalogue, the project page and the public API."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from crowdfund.catalogue.filters import Sort
from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.organisations.models import Organisation
from crowdfund.projects.models import PUBLIC_STATES, Project, ProjectSDG

#: Text search configuration; the GIN index on PostgreSQL is built with the same expression.
_SEARCH_CONFIG = sa.literal_column("'simple'")
_SPACE = sa.literal_column("' '", sa.String)

_ORDERINGS = {
    Sort.NEWEST: (Project.published_at.desc().nulls_last(), Project.id.desc()),
    Sort.ENDING_SOON: (Project.end_date.asc(), Project.id.asc()),
    Sort.MOST_FUNDED: (Project.raised_amount.desc(), Project.id.desc()),
    Sort.CLOSEST_TO_GOAL: (
        (sa.cast(Project.raised_amount, sa.Float) / Project.goal_amount).desc(),
        Project.id.desc(),
    ),
}


def _detail_options():
    """Everything a project's page (and the API's detail) shows, in a fixed number of queries."""
    return (
        joinedload(Project.commune).joinedload(Commune.province).joinedload(Province.region),
        joinedload(Project.organisation)
        .joinedload(Organisation.commune)
        .joinedload(Commune.province),
        joinedload(Project.organisation).selectinload(Organisation.members),
        joinedload(Project.cover_image),
        selectinload(Project.budget_lines),
        selectinload(Project.milestones),
        selectinload(Project.transitions),
    )


def search_projects(filters, page, per_page):
    """One page of the public projects that match `filters`, in the order they ask for."""
    statement = (
        sa.select(Project)
        .join(Project.commune)
        .join(Commune.province)
        .join(Province.region)
        .options(
            contains_eager(Project.commune)
            .contains_eager(Commune.province)
            .contains_eager(Province.region),
            joinedload(Project.organisation),
            joinedload(Project.cover_image),
        )
        .where(Project.state.in_(filters.states & PUBLIC_STATES))
    )
    if filters.region:
        statement = statement.where(Region.code == filters.region)
    if filters.province:
        statement = statement.where(Province.code == filters.province)
    if filters.sector:
        statement = statement.where(Project.sector_code == filters.sector)
    if filters.sdg:
        statement = statement.where(Project.sdg_links.any(ProjectSDG.sdg == filters.sdg))
    if filters.funding_model:
        statement = statement.where(Project.funding_model == filters.funding_model)
    if filters.q:
        statement = statement.where(_matches_text(filters.q))
    statement = statement.order_by(*_ORDERINGS[filters.sort])
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def _matches_text(q):
    """The condition that a project's title or summary contains every word of `q`."""
    if db.session.get_bind().dialect.name == "postgresql":
        document = sa.func.to_tsvector(_SEARCH_CONFIG, Project.title + _SPACE + Project.summary)
        return document.bool_op("@@")(sa.func.plainto_tsquery(_SEARCH_CONFIG, q))
    return sa.and_(
        *(
            sa.or_(
                Project.title.icontains(word, autoescape=True),
                Project.summary.icontains(word, autoescape=True),
            )
            for word in q.split()
        )
    )


def provinces_with_regions():
    """Every province with its region loaded, for the location filters."""
    return db.session.scalars(sa.select(Province).options(joinedload(Province.region))).all()


def get_project_with_details(slug):
    """The project (in any state) with everything its page shows, or None."""
    return db.session.scalar(
        sa.select(Project).where(Project.slug == slug).options(*_detail_options())
    )


def get_public_project_with_details(slug):
    """The project with its details if it exists and is public, else None."""
    return db.session.scalar(
        sa.select(Project)
        .where(Project.slug == slug, Project.state.in_(PUBLIC_STATES))
        .options(*_detail_options())
    )
