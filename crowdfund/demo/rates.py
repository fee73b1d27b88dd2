"""The demo's exchange rates: plausible reference rates for today and the days before."""

from datetime import timedelta
from decimal import Decimal

from crowdfund.fx.services import record_rate, recorded_rate
from crowdfund.timeutil import today

SOURCE = "Bank Al-Maghrib reference rate (demo)"
#: MAD for one unit, around which the demo's daily rates move.
CENTRAL_RATES = {
    "EUR": Decimal("10.8525"),
    "USD": Decimal("9.9480"),
    "CAD": Decimal("7.2530"),
    "GBP": Decimal("12.7040"),
}
DAYS = 5


def rate_on(day, position, central):
    """Within 0.2 % of `central`, and the same for a given day whenever the demo is loaded."""
    wiggle = Decimal((day.toordinal() * 7 + position * 3) % 9 - 4) / 2000
    return (central * (1 + wiggle)).quantize(Decimal("0.0001"))


def create_rates():
    """Record the demo rates of the last few days that are missing; returns those recorded."""
    created = []
    for days_ago in range(DAYS):
        day = today() - timedelta(days=days_ago)
        for position, (currency, central) in enumerate(CENTRAL_RATES.items()):
            if recorded_rate(currency, day) is None:
                created.append(record_rate(currency, rate_on(day, position, central), day, SOURCE))
    return created
