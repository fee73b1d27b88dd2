"""Helpers of the exchange-rate tests."""

from datetime import timedelta
from decimal import Decimal

import pytest

from crowdfund.fx.services import record_rate
from crowdfund.timeutil import today

BAM = "Bank Al-Maghrib reference rate"


def days_ago(days):
    return today() - timedelta(days=days)


@pytest.fixture
def rate():
    """Record a rate: rate("EUR", "10.8525", days_ago(2))."""

    def _rate(currency, value, effective_date=None, source=BAM, recorded_by=None):
        return record_rate(
            currency, Decimal(value), effective_date or today(), source, recorded_by=recorded_by
        )

    return _rate
