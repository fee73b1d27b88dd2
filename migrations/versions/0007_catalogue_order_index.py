"""The catalogue's newest-first order has an index of its own on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 03:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _on_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _on_postgresql():
        # crowdfund/catalogue/queries.py sorts by published_at DESC NULLS LAST, id DESC: the
        # ascending published_at index cannot serve it, so the catalogue sorted every project.
        op.create_index(
            "ix_projects_newest",
            "projects",
            [sa.text("published_at DESC NULLS LAST"), sa.text("id DESC")],
        )


def downgrade():
    if _on_postgresql():
        op.drop_index("ix_projects_newest", table_name="projects")
