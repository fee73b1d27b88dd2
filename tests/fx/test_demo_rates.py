"""The demo's exchange rates: plausible, for today and the days before, seeded once."""

from decimal import Decimal

import sqlalchemy as sa

from crowdfund.demo import load_demo
from crowdfund.demo.rates import CENTRAL_RATES, DAYS, SOURCE, create_rates
from crowdfund.extensions import db
from crowdfund.fx.models import FxRate
from crowdfund.fx.services import current_rate, record_rate
from tests.fx.conftest import days_ago


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(FxRate))


def test_demo_rates_cover_every_currency_for_today_and_the_days_before(app):
    created = create_rates()

    assert len(created) == len(CENTRAL_RATES) * DAYS == _count()
    for currency, central in CENTRAL_RATES.items():
        quote = current_rate(currency)
        assert quote.effective_date == days_ago(0)
        assert quote.source == SOURCE
        assert abs(quote.rate - central) <= central / 500
        assert current_rate(currency, on=days_ago(DAYS - 1)).effective_date == days_ago(DAYS - 1)


def test_demo_rates_are_plausible():
    create_rates()

    assert 10.5 < current_rate("EUR").rate < 11.2
    assert 9.6 < current_rate("USD").rate < 10.3
    assert 7.0 < current_rate("CAD").rate < 7.5
    assert 12.3 < current_rate("GBP").rate < 13.1


def test_seeding_the_demo_rates_again_changes_nothing(app):
    create_rates()
    before = db.session.execute(sa.select(FxRate.currency, FxRate.rate_micro)).all()

    assert create_rates() == []
    assert db.session.execute(sa.select(FxRate.currency, FxRate.rate_micro)).all() == before


def test_demo_rates_fill_only_the_days_that_lack_one(app):
    record_rate("EUR", Decimal("11.0000"), days_ago(0), "Typed by hand")

    created = create_rates()

    assert len(created) == len(CENTRAL_RATES) * DAYS - 1
    assert current_rate("EUR").source == "Typed by hand"


def test_the_demo_loader_seeds_the_rates_once(app):
    summary = load_demo()

    assert f"{len(CENTRAL_RATES) * DAYS} exchange rates" in summary
    again = load_demo()
    assert "already loaded; nothing changed" in again
    assert _count() == len(CENTRAL_RATES) * DAYS


def test_a_demo_loaded_days_ago_gains_the_rates_of_the_days_since(app):
    load_demo()
    db.session.execute(sa.delete(FxRate).where(FxRate.effective_date == days_ago(0)))

    summary = load_demo()

    assert f"already loaded; {len(CENTRAL_RATES)} exchange rates added" in summary
    assert current_rate("EUR").effective_date == days_ago(0)
