"""Matching funds, where they apply, and the share of a pool set aside for each pledge."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin

#: Regions a fund is limited to; a fund with none applies everywhere.
matching_fund_regions = sa.Table(
    "matching_fund_regions",
    db.metadata,
    sa.Column(
        "matching_fund_id",
        sa.ForeignKey("matching_funds.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("region_id", sa.ForeignKey("regions.id"), primary_key=True, index=True),
)


class MatchingFund(TimestampMixin, db.Model):
    """A sponsor's pool that adds `match_numerator` MAD for every `match_denominator` MAD given."""

    __tablename__ = "matching_funds"
    __table_args__ = (
        sa.CheckConstraint("pool_amount > 0", name="pool_positive"),
        sa.CheckConstraint(
            "cap_per_project IS NULL OR cap_per_project > 0", name="cap_per_project_positive"
        ),
        sa.CheckConstraint(
            "cap_per_pledge IS NULL OR cap_per_pledge > 0", name="cap_per_pledge_positive"
        ),
        sa.CheckConstraint("match_numerator > 0", name="numerator_positive"),
        sa.CheckConstraint("match_denominator > 0", name="denominator_positive"),
        sa.CheckConstraint("ends_on >= starts_on", name="ends_on_or_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    sponsor: Mapped[str] = mapped_column(sa.String(200))
    match_numerator: Mapped[int]
    match_denominator: Mapped[int]
    #: Amounts are integers in MAD minor units (centimes); a cap left empty is no cap.
    pool_amount: Mapped[int] = mapped_column(sa.BigInteger)
    cap_per_project: Mapped[int | None] = mapped_column(sa.BigInteger)
    cap_per_pledge: Mapped[int | None] = mapped_column(sa.BigInteger)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    created_by = relationship("User")
    regions = relationship("Region", secondary=matching_fund_regions, order_by="Region.code")
    sector_links = relationship(
        "MatchingFundSector",
        cascade="all, delete-orphan",
        order_by="MatchingFundSector.sector_code",
    )

    @property
    def sector_codes(self):
        return [link.sector_code for link in self.sector_links]

    @property
    def ratio_label(self):
        return f"{self.match_numerator}:{self.match_denominator}"

    def __str__(self):
        return self.name


class MatchingFundSector(db.Model):
    """A DAC sector a fund is limited to; a fund with none applies to every sector."""

    __tablename__ = "matching_fund_sectors"

    matching_fund_id: Mapped[int] = mapped_column(
        sa.ForeignKey("matching_funds.id", ondelete="CASCADE"), primary_key=True
    )
    sector_code: Mapped[str] = mapped_column(sa.String(5), primary_key=True, index=True)


class MatchAllocation(TimestampMixin, db.Model):
    """The part of a fund's pool set aside to match one pledge, less what refunds gave back."""

    __tablename__ = "match_allocations"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint(
            "reversed_amount >= 0 AND reversed_amount <= amount", name="reversed_within_amount"
        ),
        sa.UniqueConstraint("matching_fund_id", "pledge_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matching_fund_id: Mapped[int] = mapped_column(sa.ForeignKey("matching_funds.id"))
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    pledge_id: Mapped[int] = mapped_column(sa.ForeignKey("pledges.id"), index=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    reversed_amount: Mapped[int] = mapped_column(sa.BigInteger, default=0)

    fund = relationship("MatchingFund")
    project = relationship("Project")
    pledge = relationship("Pledge")

    @property
    def active_amount(self):
        """What still counts: the amount less what was reversed."""
        return self.amount - self.reversed_amount
