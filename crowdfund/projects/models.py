"""Projects, their budget and milestones, and the record of every decision on them."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class ProjectState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    LIVE = "live"
    FAILED = "failed"
    FUNDED = "funded"
    COMPLETED = "completed"

    @property
    def label(self):
        return PROJECT_STATE_LABELS[self]


PROJECT_STATE_LABELS = {
    ProjectState.DRAFT: _l("Draft"),
    ProjectState.SUBMITTED: _l("Submitted"),
    ProjectState.IN_REVIEW: _l("In review"),
    ProjectState.CHANGES_REQUESTED: _l("Changes requested"),
    ProjectState.APPROVED: _l("Opening soon"),
    ProjectState.REJECTED: _l("Rejected"),
    ProjectState.LIVE: _l("Raising funds"),
    ProjectState.FAILED: _l("Goal not reached"),
    ProjectState.FUNDED: _l("Funded"),
    ProjectState.COMPLETED: _l("Completed"),
}

#: States in which anyone may see a project.
PUBLIC_STATES = frozenset(
    {
        ProjectState.APPROVED,
        ProjectState.LIVE,
        ProjectState.FUNDED,
        ProjectState.COMPLETED,
        ProjectState.FAILED,
    }
)

#: States in which the owner may edit the project.
EDITABLE_STATES = frozenset({ProjectState.DRAFT})


class FundingModel(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    FLEXIBLE = "flexible"

    @property
    def label(self):
        return FUNDING_MODEL_LABELS[self]

    @property
    def explanation(self):
        return FUNDING_MODEL_EXPLANATIONS[self]


FUNDING_MODEL_LABELS = {
    FundingModel.ALL_OR_NOTHING: _l("All or nothing"),
    FundingModel.FLEXIBLE: _l("Flexible"),
}

FUNDING_MODEL_EXPLANATIONS = {
    FundingModel.ALL_OR_NOTHING: _l(
        "Cards are charged only if the goal is reached by the deadline; otherwise nobody pays."
    ),
    FundingModel.FLEXIBLE: _l("Cards are charged at once and the project keeps what it raises."),
}


class Project(TimestampMixin, db.Model):
    __tablename__ = "projects"
    __table_args__ = (
        sa.CheckConstraint("goal_amount > 0", name="goal_positive"),
        sa.CheckConstraint("raised_amount >= 0", name="raised_not_negative"),
        sa.CheckConstraint("end_date > start_date", name="ends_after_start"),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        # Full-text search of the catalogue on PostgreSQL; SQLite searches with LIKE.
        sa.Index(
            "ix_projects_search",
            sa.text("to_tsvector('simple', title || ' ' || summary)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        # The catalogue's default order (newest first) read straight from the index on
        # PostgreSQL; SQLite's indexes cannot say NULLS LAST.
        sa.Index(
            "ix_projects_newest",
            sa.text("published_at DESC NULLS LAST"),
            sa.text("id DESC"),
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(160))
    summary: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text)
    sector_code: Mapped[str] = mapped_column(sa.String(5), index=True)
    commune_id: Mapped[int] = mapped_column(sa.ForeignKey("communes.id"), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    cover_image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"))
    commune_approval_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"))
    #: Amounts are integers in minor units (centimes) of `currency`.
    goal_amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3), default="MAD")
    #: Running total of money committed to the project, kept by the payments domain.
    raised_amount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    funding_model: Mapped[FundingModel] = mapped_column(enum_column(FundingModel))
    start_date: Mapped[date]
    end_date: Mapped[date] = mapped_column(index=True)
    state: Mapped[ProjectState] = mapped_column(
        enum_column(ProjectState), default=ProjectState.DRAFT, index=True
    )
    #: When the project last entered the review queue (ageing starts here).
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime, index=True)

    organisation = relationship("Organisation")
    commune = relationship("Commune")
    created_by = relationship("User", foreign_keys=[created_by_id])
    cover_image = relationship("StoredFile", foreign_keys=[cover_image_id])
    commune_approval = relationship("StoredFile", foreign_keys=[commune_approval_id])
    sdg_links = relationship(
        "ProjectSDG", cascade="all, delete-orphan", order_by="ProjectSDG.sdg", lazy="selectin"
    )
    budget_lines = relationship(
        "BudgetLine", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    milestones = relationship(
        "Milestone", cascade="all, delete-orphan", order_by="Milestone.position"
    )
    transitions = relationship(
        "ProjectTransition",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectTransition.id",
    )
    reviews = relationship(
        "ProjectReview",
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectReview.id",
    )

    @property
    def sdgs(self):
        return [link.sdg for link in self.sdg_links]

    @property
    def is_public(self):
        return self.state in PUBLIC_STATES

    @property
    def progress_ratio(self):
        return min(self.raised_amount / self.goal_amount, 1.0) if self.goal_amount else 0.0

    def __str__(self):
        return self.title


class ProjectSDG(db.Model):
    __tablename__ = "project_sdgs"
    __table_args__ = (
        sa.CheckConstraint("sdg BETWEEN 1 AND 17", name="sdg_range"),
        sa.UniqueConstraint("project_id", "sdg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    sdg: Mapped[int] = mapped_column(index=True)


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[int] = mapped_column(sa.BigInteger)


class Milestone(db.Model):
    __tablename__ = "milestones"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    target_date: Mapped[date]


class ProjectTransition(TimestampMixin, db.Model):
    """One entry of a project's history: who moved it from which state to which, and why."""

    __tablename__ = "project_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(32))
    from_state: Mapped[ProjectState] = mapped_column(enum_column(ProjectState))
    to_state: Mapped[ProjectState] = mapped_column(enum_column(ProjectState))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    project = relationship("Project", back_populates="transitions")
    actor = relationship("User")


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    @property
    def label(self):
        return REVIEW_DECISION_LABELS[self]


REVIEW_DECISION_LABELS = {
    ReviewDecision.APPROVE: _l("Approve"),
    ReviewDecision.REQUEST_CHANGES: _l("Request changes"),
    ReviewDecision.REJECT: _l("Reject"),
}


class ProjectReview(TimestampMixin, db.Model):
    """A reviewer's vetting of a project against the checklist, and the decision taken."""

    __tablename__ = "project_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    reviewer_affiliation: Mapped[str] = mapped_column(sa.String(160))
    checklist_version: Mapped[str] = mapped_column(sa.String(16))
    #: {item key: {"passed": bool, "note": str}} for every item of the checklist version.
    answers: Mapped[dict] = mapped_column(sa.JSON)
    decision: Mapped[ReviewDecision] = mapped_column(enum_column(ReviewDecision))
    comments: Mapped[str] = mapped_column(sa.Text, default="")

    project = relationship("Project", back_populates="reviews")
    reviewer = relationship("User")
