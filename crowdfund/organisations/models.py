"""Organisations, their members and the documents a reviewer checks."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class OrganisationKind(StrEnum):
    COMMUNE = "commune"
    ASSOCIATION = "association"
    COOPERATIVE = "cooperative"

    @property
    def label(self):
        return ORGANISATION_KIND_LABELS[self]


ORGANISATION_KIND_LABELS = {
    OrganisationKind.COMMUNE: _l("Commune"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.COOPERATIVE: _l("Cooperative"),
}


class OrganisationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"

    @property
    def label(self):
        return ORGANISATION_STATUS_LABELS[self]


ORGANISATION_STATUS_LABELS = {
    OrganisationStatus.PENDING: _l("Awaiting verification"),
    OrganisationStatus.VERIFIED: _l("Verified"),
    OrganisationStatus.REJECTED: lazy_pgettext("organisation status", "Rejected"),
}

#: Statuses in which members may still edit the organisation's details and documents.
EDITABLE_STATUSES = frozenset({OrganisationStatus.PENDING, OrganisationStatus.REJECTED})


class DocumentKind(StrEnum):
    STATUTES = "statutes"
    REGISTRATION_CERTIFICATE = "registration_certificate"
    BOARD_DECISION = "board_decision"

    @property
    def label(self):
        return DOCUMENT_KIND_LABELS[self]


DOCUMENT_KIND_LABELS = {
    DocumentKind.STATUTES: _l("Statutes"),
    DocumentKind.REGISTRATION_CERTIFICATE: _l("Registration certificate"),
    DocumentKind.BOARD_DECISION: _l("Board decision"),
}


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (sa.UniqueConstraint("kind", "registration_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    registration_number: Mapped[str] = mapped_column(sa.String(64))
    commune_id: Mapped[int] = mapped_column(sa.ForeignKey("communes.id"), index=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[OrganisationStatus] = mapped_column(
        enum_column(OrganisationStatus), default=OrganisationStatus.PENDING, index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    commune = relationship("Commune")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    members = relationship(
        "OrganisationMember", back_populates="organisation", cascade="all, delete-orphan"
    )
    documents = relationship(
        "OrganisationDocument",
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationDocument.id",
    )

    @property
    def is_verified(self):
        return self.status == OrganisationStatus.VERIFIED

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def document(self, kind):
        """The document of this kind, or None."""
        return next((document for document in self.documents if document.kind == kind), None)

    def __str__(self):
        return self.name


class OrganisationMember(TimestampMixin, db.Model):
    __tablename__ = "organisation_members"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)

    organisation = relationship("Organisation", back_populates="members")
    user = relationship("User")


class OrganisationDocument(TimestampMixin, db.Model):
    __tablename__ = "organisation_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    file_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"))

    organisation = relationship("Organisation", back_populates="documents")
    file = relationship("StoredFile", lazy="joined")
