"""Column types and mixins shared by the domain models."""

import enum
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


class StrEnum(str, enum.Enum):
    """An enum whose members compare equal to their string values."""

    def __str__(self):
        return self.value


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False, default=utcnow)
