"""People who use Twiza and the roles they hold."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class Role(StrEnum):
    DONOR = "donor"
    OWNER = "owner"
    REVIEWER = "reviewer"
    TREASURER = "treasurer"
    ADMIN = "admin"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.DONOR: _l("Donor"),
    Role.OWNER: _l("Project owner"),
    Role.REVIEWER: _l("Reviewer"),
    Role.TREASURER: _l("Treasurer"),
    Role.ADMIN: _l("Administrator"),
}

#: Roles whose holders must log in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.REVIEWER, Role.TREASURER, Role.ADMIN})


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    name: Mapped[str] = mapped_column(sa.String(120))
    country: Mapped[str] = mapped_column(sa.String(2))
    locale: Mapped[str] = mapped_column(sa.String(8), default="en")
    #: The ministry or institution a reviewer or treasurer works for.
    affiliation: Mapped[str | None] = mapped_column(sa.String(160))
    email_verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_used_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: Bumped to end every session of the user (password or role change).
    session_version: Mapped[int] = mapped_column(default=1)
    is_active_account: Mapped[bool] = mapped_column(default=True)

    role_grants = relationship(
        "UserRole",
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="UserRole.user_id",
    )

    @property
    def roles(self):
        """The roles this user holds; every account may give."""
        return {Role.DONOR} | {grant.role for grant in self.role_grants}

    def has_role(self, role):
        return role in self.roles

    @property
    def needs_second_factor(self):
        return bool(self.roles & PRIVILEGED_ROLES)

    @property
    def is_active(self):
        return self.is_active_account

    @property
    def email_verified(self):
        return self.email_verified_at is not None

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.id} {self.email}>"


class UserRole(TimestampMixin, db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    granted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    user = relationship("User", back_populates="role_grants", foreign_keys=[user_id])
