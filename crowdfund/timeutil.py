"""Time helpers: the database stores naive UTC datetimes everywhere."""

from datetime import UTC, date, datetime


def utcnow():
    """The current time as a naive UTC datetime, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)


def today():
    """Today's date in UTC."""
    return utcnow().date()


def days_since(moment, now=None):
    """Whole days elapsed since `moment` (a naive UTC datetime or a date)."""
    now = now or utcnow()
    if isinstance(moment, datetime):
        return (now - moment).days
    if isinstance(moment, date):
        return (now.date() - moment).days
    raise TypeError(moment)
