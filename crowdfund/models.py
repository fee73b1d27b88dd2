"""Column types and mixins shared by the domain models."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crowdfund.timeutil import utcnow


def enum_column(enum_class, **kwargs):
    """A string column holding the values of a Python enum, portable across databases."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        **kwargs,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False, default=utcnow)


#: Indexes on expressions, which Alembic cannot reflect and so cannot compare.
EXPRESSION_INDEXES = frozenset({"ix_projects_search"})


def include_in_autogenerate(obj, name, type_, reflected, compare_to):
    """Leave expression indexes out of autogenerate: migrations create them by hand."""
    return not (type_ == "index" and name in EXPRESSION_INDEXES)
