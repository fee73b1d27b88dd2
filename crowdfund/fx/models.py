"""A recorded exchange rate: how many dirhams one unit of a currency bought on a date."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.fx.conversion import Quote
from crowdfund.models import TimestampMixin

SOURCE_MAX_LENGTH = 160


class FxRate(TimestampMixin, db.Model):
    """One rate per currency and date; never updated, since pledges and receipts quote it."""

    __tablename__ = "fx_rates"
    __table_args__ = (
        sa.UniqueConstraint("currency", "effective_date"),
        sa.CheckConstraint("rate_micro > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ISO 4217 code of the currency the rate converts from.
    currency: Mapped[str] = mapped_column(sa.String(3))
    #: MAD for one unit of the currency, times 1,000,000 (10.8525 MAD → 10852500).
    rate_micro: Mapped[int] = mapped_column(sa.BigInteger)
    effective_date: Mapped[date] = mapped_column(sa.Date)
    source: Mapped[str] = mapped_column(sa.String(SOURCE_MAX_LENGTH))
    #: Who recorded the rate; empty for imported rates.
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by = relationship("User")

    @property
    def quote(self):
        return Quote(self.currency, self.rate_micro, self.effective_date, self.source)
