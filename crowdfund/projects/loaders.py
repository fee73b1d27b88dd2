"""Turning a project's slug in a URL into the project, for views of any domain."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crowdfund.extensions import db
from crowdfund.projects.models import Project


def load_project_by_slug(slug):
    """The project with its organisation (which permissions look at); 404 if there is none."""
    return db.first_or_404(
        sa.select(Project).where(Project.slug == slug).options(joinedload(Project.organisation))
    )
