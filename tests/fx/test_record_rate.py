"""Recording a rate: only valid, supported rates of the past, one per currency and day."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.fx.models import FxRate
from crowdfund.fx.services import RateAlreadyRecorded, RateRefused, record_rate
from crowdfund.timeutil import today
from tests.factories import AdminFactory
from tests.fx.conftest import BAM, days_ago


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(FxRate))


def test_a_rate_is_stored_as_an_integer_of_millionths(rate):
    admin = AdminFactory()

    fx_rate = rate("EUR", "10.8525", days_ago(1), recorded_by=admin)

    assert fx_rate.rate_micro == 10_852_500
    assert fx_rate.effective_date == days_ago(1)
    assert fx_rate.source == BAM
    assert fx_rate.created_by == admin
    assert fx_rate.created_at is not None


def test_an_imported_rate_has_no_author(rate):
    assert rate("USD", "9.95").created_by is None


def test_the_source_is_trimmed(rate):
    assert rate("GBP", "12.70", source="  Bank  Al-Maghrib \n").source == "Bank Al-Maghrib"


@pytest.mark.parametrize(
    ("currency", "value", "effective_date", "source", "field", "message"),
    [
        ("JPY", "0.065", None, BAM, "currency", "JPY is not a supported currency"),
        ("eur", "10.85", None, BAM, "currency", "not a supported currency"),
        ("MAD", "1", None, BAM, "currency", "MAD needs no rate"),
        ("EUR", "0", None, BAM, "rate", "more than 0"),
        ("EUR", "-10.85", None, BAM, "rate", "more than 0"),
        ("EUR", "NaN", None, BAM, "rate", "more than 0"),
        ("EUR", "1000", None, BAM, "rate", "less than 1000"),
        ("EUR", "10.8525001", None, BAM, "rate", "at most 6 decimals"),
        ("EUR", "10.85", today() + timedelta(days=1), BAM, "effective_date", "future"),
        ("EUR", "10.85", None, "   ", "source", "source"),
        ("EUR", "10.85", None, "x" * 161, "source", "at most 160 characters"),
    ],
)
def test_invalid_rates_are_refused_and_nothing_is_written(
    currency, value, effective_date, source, field, message
):
    with pytest.raises(RateRefused) as refusal:
        record_rate(currency, Decimal(value), effective_date or today(), source)

    assert refusal.value.field == field
    assert message in str(refusal.value)
    assert _count() == 0


def test_six_decimals_are_allowed_and_trailing_zeros_do_not_count(rate):
    assert rate("EUR", "10.852501").rate_micro == 10_852_501
    assert rate("USD", "9.950000000").rate_micro == 9_950_000


def test_a_second_rate_for_the_same_currency_and_day_is_refused(rate):
    first = rate("EUR", "10.8525", days_ago(3))

    with pytest.raises(RateAlreadyRecorded) as refusal:
        rate("EUR", "10.9", days_ago(3), source="Another bank")

    assert refusal.value.existing == first
    assert refusal.value.field == "effective_date"
    assert "EUR already has a rate for" in str(refusal.value)
    assert "10.8525 MAD" in str(refusal.value)
    assert "never changed" in str(refusal.value)
    assert first.rate_micro == 10_852_500
    assert _count() == 1


def test_other_days_and_other_currencies_keep_their_own_rates(rate):
    rate("EUR", "10.8525", days_ago(1))
    rate("EUR", "10.86", days_ago(0))
    rate("USD", "9.95", days_ago(1))

    assert _count() == 3


def test_the_database_refuses_a_rate_that_is_not_positive():
    db.session.add(FxRate(currency="EUR", rate_micro=0, effective_date=today(), source=BAM))

    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_a_rate_with_more_digits_than_decimal_precision_is_still_refused():
    too_fine = Decimal("10.8525000000000000000000000000001")

    with pytest.raises(RateRefused, match="at most 6 decimals"):
        record_rate("EUR", too_fine, today(), BAM)
