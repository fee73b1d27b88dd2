"""Recording exchange rates to the dirham and finding the one in force on a date."""

from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, lazyload

from crowdfund.accounts.models import User
from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.fx.conversion import HOME_CURRENCY, RATE_DIGITS, RATE_SCALE, Quote, format_rate
from crowdfund.fx.models import SOURCE_MAX_LENGTH, FxRate
from crowdfund.timeutil import today

#: Rates are refused from this many MAD for one unit: no supported currency is near it.
RATE_LIMIT = Decimal(1000)
_RATE_STEP = Decimal(1).scaleb(-RATE_DIGITS)


#: Who recorded each rate, in the same query (their roles only if asked for).
def _with_author():
    """Load each rate's author, not the author's roles (built on use: it needs every mapper)."""
    return joinedload(FxRate.created_by).options(lazyload(User.role_grants))


class RateRefused(ValueError):
    """A rate that may not be recorded; `field` names the input at fault."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


class RateAlreadyRecorded(RateRefused):
    """The currency already has a rate for that date (`existing`), which is never changed."""

    def __init__(self, existing):
        super().__init__(
            "effective_date",
            _l(
                "%(currency)s already has a rate for %(date)s: %(rate)s MAD (%(source)s). "
                "Recorded rates are never changed, since pledges and receipts may quote them.",
                currency=existing.currency,
                date=lazy_date(existing.effective_date),
                rate=LazyString(format_rate, existing.rate_micro),
                source=existing.source,
            ),
        )
        self.existing = existing


class NoRateAvailable(LookupError):
    """No rate of the currency is in force on the date asked about."""

    def __init__(self, currency, on):
        super().__init__(
            _l(
                "There is no exchange rate for %(currency)s on or before %(date)s: "
                "an administrator must record one.",
                currency=currency,
                date=lazy_date(on),
            )
        )
        self.currency = currency


def lazy_date(day):
    """A date formatted for the locale of whoever reads the message, once it is read."""
    return LazyString(format_date, day)


def rated_currencies():
    """The supported currencies other than the dirham: those that need a rate."""
    return tuple(
        currency
        for currency in current_app.config["SUPPORTED_CURRENCIES"]
        if currency != HOME_CURRENCY
    )


def checked_rate(currency, rate, effective_date, source):
    """The column values of a valid rate; raises RateRefused naming the first fault."""
    rate = Decimal(rate)
    if currency == HOME_CURRENCY:
        raise RateRefused("currency", _l("Rates convert to the dirham: MAD needs no rate."))
    if currency not in rated_currencies():
        raise RateRefused(
            "currency",
            _l(
                "%(currency)s is not a supported currency; choose one of %(currencies)s.",
                currency=currency,
                currencies=", ".join(rated_currencies()),
            ),
        )
    if not rate.is_finite() or rate <= 0:
        raise RateRefused("rate", _l("The rate must be more than 0."))
    if rate >= RATE_LIMIT:
        raise RateRefused("rate", _l("The rate must be less than 1000 MAD for one unit."))
    if rate.quantize(_RATE_STEP) != rate:
        raise RateRefused("rate", _l("Enter the rate with at most 6 decimals."))
    if effective_date > today():
        raise RateRefused("effective_date", _l("The date of a rate cannot be in the future."))
    source = " ".join((source or "").split())
    if not source:
        raise RateRefused("source", _l("Name the source of the rate."))
    if len(source) > SOURCE_MAX_LENGTH:
        raise RateRefused(
            "source",
            _l("The source must be at most %(limit)d characters.", limit=SOURCE_MAX_LENGTH),
        )
    return {
        "currency": currency,
        "rate_micro": int(rate.scaleb(RATE_DIGITS)),
        "effective_date": effective_date,
        "source": source,
    }


def recorded_rate(currency, effective_date):
    """The rate recorded for `currency` on exactly `effective_date`, or None."""
    return db.session.scalar(
        sa.select(FxRate).filter_by(currency=currency, effective_date=effective_date)
    )


def record_rate(
    currency, rate, effective_date, source, recorded_by=None, *, audit_action="fx_rate.recorded"
):
    """Record a rate (`rate`: Decimal MAD for one unit); raises RateRefused."""
    values = checked_rate(currency, rate, effective_date, source)
    existing = recorded_rate(currency, effective_date)
    if existing is not None:
        raise RateAlreadyRecorded(existing)
    fx_rate = FxRate(**values, created_by=recorded_by)
    db.session.add(fx_rate)
    db.session.flush()
    record(audit_action, fx_rate, after=values, actor=recorded_by)
    return fx_rate


def current_rate(currency, on=None):
    """The Quote in force on `on` (default today): the latest rate not after it.

    The dirham converts to itself at 1 without any recorded rate. Raises
    NoRateAvailable when the currency has no rate on or before that date.
    """
    on = on or today()
    if currency == HOME_CURRENCY:
        return Quote(HOME_CURRENCY, RATE_SCALE, on, HOME_CURRENCY)
    fx_rate = db.session.scalar(
        sa.select(FxRate)
        .where(FxRate.currency == currency, FxRate.effective_date <= on)
        .order_by(FxRate.effective_date.desc())
        .limit(1)
    )
    if fx_rate is None:
        raise NoRateAvailable(currency, on)
    return fx_rate.quote


def latest_rates():
    """{currency: its latest FxRate (with who recorded it)}, in one query."""
    latest = (
        sa.select(FxRate.currency, sa.func.max(FxRate.effective_date).label("effective_date"))
        .group_by(FxRate.currency)
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(FxRate)
        .join(
            latest,
            sa.and_(
                FxRate.currency == latest.c.currency,
                FxRate.effective_date == latest.c.effective_date,
            ),
        )
        .options(_with_author())
    )
    return {fx_rate.currency: fx_rate for fx_rate in rows}


def rate_history(currency=None, limit=20):
    """The latest `limit` rates, of `currency` or of all currencies, newest date first."""
    statement = (
        sa.select(FxRate)
        .options(_with_author())
        .order_by(FxRate.effective_date.desc(), FxRate.currency, FxRate.id.desc())
        .limit(limit)
    )
    if currency is not None:
        statement = statement.where(FxRate.currency == currency)
    return db.session.scalars(statement).all()
