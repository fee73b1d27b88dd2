"""Updates posted on a project, their images, follows, and the reminders of overdue reports."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column
from crowdfund.projects.models import ProjectState

#: Project states in which owners post updates: from going live to completion.
UPDATE_STATES = frozenset({ProjectState.LIVE, ProjectState.FUNDED, ProjectState.COMPLETED})

TITLE_MAX_LENGTH = 160
BODY_MAX_LENGTH = 20_000
#: Images per update, and bytes per image: together they fit in one request (MAX_CONTENT_LENGTH).
MAX_IMAGES = 5
IMAGE_MAX_BYTES = 6 * 1024 * 1024


class UpdateVisibility(StrEnum):
    PUBLIC = "public"
    #: The project's donors, its members, reviewers and administrators.
    DONORS = "donors"

    @property
    def label(self):
        return VISIBILITY_LABELS[self]


VISIBILITY_LABELS = {
    UpdateVisibility.PUBLIC: _l("Everyone"),
    UpdateVisibility.DONORS: _l("Donors only"),
}


class ProjectUpdate(TimestampMixin, db.Model):
    """News from a project, in Markdown; a progress report resets its reporting duty."""

    __tablename__ = "project_updates"
    __table_args__ = (sa.Index("ix_project_updates_project_created", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX_LENGTH))
    body: Mapped[str] = mapped_column(sa.Text)
    visibility: Mapped[UpdateVisibility] = mapped_column(
        enum_column(UpdateVisibility), default=UpdateVisibility.PUBLIC
    )
    is_progress_report: Mapped[bool] = mapped_column(default=False)
    #: When the author last corrected it, shown beside it so that readers know.
    edited_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    project = relationship("Project")
    author = relationship("User")
    images = relationship(
        "UpdateImage",
        back_populates="update",
        cascade="all, delete-orphan",
        order_by="UpdateImage.position",
    )

    @property
    def is_public(self):
        """Whether anyone, logged in or not, may read it."""
        return self.visibility == UpdateVisibility.PUBLIC and self.project.is_public

    def __repr__(self):
        return f"<ProjectUpdate {self.id} of project {self.project_id}>"


class UpdateImage(db.Model):
    """An image shown with an update; it is seen by those who may read the update."""

    __tablename__ = "update_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project_updates.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), unique=True)
    position: Mapped[int]

    update = relationship("ProjectUpdate", back_populates="images")
    file = relationship("StoredFile")


class Follow(TimestampMixin, db.Model):
    """Someone who asked to hear about a project's updates."""

    __tablename__ = "follows"
    __table_args__ = (sa.UniqueConstraint("user_id", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )

    user = relationship("User")
    project = relationship("Project")


class ReportReminder(TimestampMixin, db.Model):
    """The owners and reviewers were told that a project's progress report due on `due_on` is late.

    One row per project and due date, so that each overdue period is announced once.
    """

    __tablename__ = "report_reminders"
    __table_args__ = (sa.UniqueConstraint("project_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    due_on: Mapped[date]
