"""An institution's commitment to fund part of a project, backed by a signed document."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class InstitutionKind(StrEnum):
    COMMUNE = "commune"
    PROVINCE = "province"
    REGION = "region"
    MINISTRY = "ministry"
    OTHER = "other"

    @property
    def label(self):
        return INSTITUTION_KIND_LABELS[self]


INSTITUTION_KIND_LABELS = {
    InstitutionKind.COMMUNE: _l("Commune"),
    InstitutionKind.PROVINCE: _l("Province or prefecture"),
    InstitutionKind.REGION: _l("Region"),
    InstitutionKind.MINISTRY: _l("Ministry"),
    InstitutionKind.OTHER: _l("Other institution"),
}


class CoFundingStatus(StrEnum):
    COMMITTED = "committed"
    RECEIVED = "received"

    @property
    def label(self):
        return COFUNDING_STATUS_LABELS[self]


COFUNDING_STATUS_LABELS = {
    CoFundingStatus.COMMITTED: _l("Committed"),
    CoFundingStatus.RECEIVED: _l("Received"),
}


class CoFunding(TimestampMixin, db.Model):
    __tablename__ = "cofundings"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint(
            "(status = 'received') = (received_at IS NOT NULL)", name="received_when_dated"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    institution: Mapped[str] = mapped_column(sa.String(200))
    institution_kind: Mapped[InstitutionKind] = mapped_column(enum_column(InstitutionKind))
    #: In MAD minor units (centimes).
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    #: The signed commitment (a PDF).
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_files.id"))
    status: Mapped[CoFundingStatus] = mapped_column(
        enum_column(CoFundingStatus), default=CoFundingStatus.COMMITTED
    )
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    received_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")

    project = relationship("Project")
    document = relationship("StoredFile")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    received_by = relationship("User", foreign_keys=[received_by_id])

    @property
    def is_received(self):
        return self.status == CoFundingStatus.RECEIVED
