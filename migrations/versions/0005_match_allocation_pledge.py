"""A match allocation names its pledge by a foreign key

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:50:00

"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("match_allocations", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_match_allocations_pledge_id_pledges"), "pledges", ["pledge_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("match_allocations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_match_allocations_pledge_id_pledges"), type_="foreignkey"
        )
