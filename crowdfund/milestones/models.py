"""Evidence that a milestone's work was done, its files, and the tranche released against it.

A milestone has no state column: its state follows from its latest evidence and
its disbursement (see `reading.milestone_progress`).
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class EvidenceState(StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"

    @property
    def label(self):
        return EVIDENCE_STATE_LABELS[self]


EVIDENCE_STATE_LABELS = {
    EvidenceState.SUBMITTED: _l("Awaiting verification"),
    EvidenceState.VERIFIED: _l("Verified"),
    EvidenceState.REJECTED: _l("Rejected"),
}


class MilestoneEvidence(TimestampMixin, db.Model):
    """What an owner sent to show that a milestone's work is done, and the reviewer's decision.

    A rejected evidence stays as it was; the owner sends a new one. At most one
    evidence of a milestone is awaiting verification or verified at any time.
    """

    __tablename__ = "milestone_evidence"
    __table_args__ = (
        sa.CheckConstraint(
            "(state = 'submitted') = (decided_at IS NULL AND decided_by_id IS NULL)",
            name="decided_unless_submitted",
        ),
        sa.CheckConstraint(
            "state <> 'rejected' OR rejection_reason <> ''", name="rejection_has_reason"
        ),
        sa.Index(
            "uq_milestone_evidence_open",
            "milestone_id",
            unique=True,
            postgresql_where=sa.text("state <> 'rejected'"),
            sqlite_where=sa.text("state <> 'rejected'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The milestone's project, kept here so that a project's evidence is one query away.
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("milestones.id"), index=True)
    narrative: Mapped[str] = mapped_column(sa.Text)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime)
    state: Mapped[EvidenceState] = mapped_column(
        enum_column(EvidenceState), default=EvidenceState.SUBMITTED, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")

    project = relationship("Project")
    milestone = relationship("Milestone")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    files = relationship(
        "EvidenceFile",
        back_populates="evidence",
        cascade="all, delete-orphan",
        order_by="EvidenceFile.id",
    )

    @property
    def is_verified(self):
        return self.state == EvidenceState.VERIFIED

    @property
    def is_public(self):
        """Whether its photos and acceptance record are public: verified, of a public project."""
        return self.is_verified and self.project.is_public

    def files_of_kind(self, kind):
        return [evidence_file for evidence_file in self.files if evidence_file.kind == kind]


class EvidenceFileKind(StrEnum):
    PHOTO = "photo"
    INVOICE = "invoice"
    ACCEPTANCE_RECORD = "acceptance_record"

    @property
    def label(self):
        return EVIDENCE_FILE_KIND_LABELS[self]

    @property
    def is_public_once_verified(self):
        """Photos and the acceptance record are shown to everyone; invoices never are."""
        return self != EvidenceFileKind.INVOICE


EVIDENCE_FILE_KIND_LABELS = {
    EvidenceFileKind.PHOTO: _l("Photo"),
    EvidenceFileKind.INVOICE: _l("Invoice"),
    EvidenceFileKind.ACCEPTANCE_RECORD: _l("Acceptance record"),
}


class EvidenceFile(db.Model):
    """One file of an evidence; a photo keeps the position and time its camera recorded."""

    __tablename__ = "evidence_files"
    __table_args__ = (
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name="position_has_both_coordinates"
        ),
        sa.CheckConstraint(
            "kind = 'photo' OR (latitude IS NULL AND taken_at IS NULL)",
            name="only_photos_are_located",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        sa.ForeignKey("milestone_evidence.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"), unique=True)
    kind: Mapped[EvidenceFileKind] = mapped_column(enum_column(EvidenceFileKind))
    #: From the photo's EXIF data, when its camera recorded them.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    #: When the photo was taken, in UTC (naive, as every datetime stored).
    taken_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    evidence = relationship("MilestoneEvidence", back_populates="files")
    file = relationship("StoredFile")

    @property
    def has_position(self):
        return self.latitude is not None


class Disbursement(TimestampMixin, db.Model):
    """A milestone's tranche released by a treasurer, once, against verified evidence."""

    __tablename__ = "disbursements"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("milestones.id"), unique=True)
    evidence_id: Mapped[int] = mapped_column(sa.ForeignKey("milestone_evidence.id"), unique=True)
    #: In minor units of `currency`, the project's (MAD).
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3), default="MAD")
    #: The reference of the bank transfer that paid the tranche to the organisation.
    bank_transfer_reference: Mapped[str] = mapped_column(sa.String(64), unique=True)
    released_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    released_at: Mapped[datetime] = mapped_column(sa.DateTime)
    ledger_transaction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ledger_transactions.id"), unique=True
    )

    project = relationship("Project")
    milestone = relationship("Milestone")
    evidence = relationship("MilestoneEvidence")
    released_by = relationship("User")
    ledger_transaction = relationship("LedgerTransaction")
