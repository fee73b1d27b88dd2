"""Turning a slug in a URL into a public project, for the open data's views of any domain."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.projects.models import PUBLIC_STATES, Project


def load_public_project(slug):
    """The public project named by `slug`; 404 for one that is unknown or not public."""
    return db.first_or_404(
        sa.select(Project).where(Project.slug == slug, Project.state.in_(PUBLIC_STATES))
    )
