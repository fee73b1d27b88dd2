"""The rate in force: the latest not after the day asked about; the dirham is its own rate."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.fx.conversion import Quote
from crowdfund.fx.services import NoRateAvailable, current_rate, latest_rates, rate_history
from crowdfund.timeutil import today
from tests.factories import AdminFactory
from tests.fx.conftest import BAM, days_ago


def test_current_rate_is_the_latest_recorded(rate):
    rate("EUR", "10.80", days_ago(5))
    rate("EUR", "10.85", days_ago(2))

    assert current_rate("EUR") == Quote("EUR", 10_850_000, days_ago(2), BAM)


def test_current_rate_on_a_day_ignores_later_rates(rate):
    rate("EUR", "10.80", days_ago(5))
    rate("EUR", "10.85", days_ago(2))
    rate("EUR", "10.90", days_ago(0))

    assert current_rate("EUR", on=days_ago(3)).rate_micro == 10_800_000
    assert current_rate("EUR", on=days_ago(2)).rate_micro == 10_850_000


def test_current_rate_ignores_other_currencies(rate):
    rate("USD", "9.95", days_ago(0))
    rate("EUR", "10.85", days_ago(4))

    assert current_rate("EUR").currency == "EUR"
    assert current_rate("EUR").rate_micro == 10_850_000


def test_the_dirham_needs_no_recorded_rate():
    assert current_rate("MAD") == Quote("MAD", 1_000_000, today(), "MAD")
    assert current_rate("MAD", on=days_ago(9)).effective_date == days_ago(9)
    assert current_rate("MAD").to_mad(12_345) == 12_345


def test_no_rate_available_before_the_first_one(rate):
    rate("EUR", "10.85", days_ago(1))

    with pytest.raises(NoRateAvailable) as missing:
        current_rate("EUR", on=days_ago(2))

    assert missing.value.currency == "EUR"
    assert "There is no exchange rate for EUR on or before" in str(missing.value)


def test_no_rate_available_for_a_currency_never_rated():
    with pytest.raises(NoRateAvailable, match="CAD"):
        current_rate("CAD")


def test_latest_rates_holds_one_rate_per_currency_in_one_query(rate):
    admin = AdminFactory()
    rate("EUR", "10.80", days_ago(5))
    rate("EUR", "10.85", days_ago(2), recorded_by=admin)
    rate("GBP", "12.70", days_ago(7))
    db.session.expire_all()
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        latest = latest_rates()
        names = {
            currency: fx_rate.created_by and fx_rate.created_by.name
            for currency, fx_rate in latest.items()
        }
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)

    assert {currency: fx_rate.rate_micro for currency, fx_rate in latest.items()} == {
        "EUR": 10_850_000,
        "GBP": 12_700_000,
    }
    assert names == {"EUR": admin.name, "GBP": None}
    assert len(statements) == 1


def test_rate_history_is_newest_first_and_limited(rate):
    for days in range(6):
        rate("EUR", f"10.8{days}", days_ago(days))
    rate("USD", "9.95", days_ago(1))

    assert [r.effective_date for r in rate_history("EUR", limit=3)] == [
        days_ago(0),
        days_ago(1),
        days_ago(2),
    ]
    assert [(r.currency, r.effective_date) for r in rate_history(limit=3)] == [
        ("EUR", days_ago(0)),
        ("EUR", days_ago(1)),
        ("USD", days_ago(1)),
    ]
