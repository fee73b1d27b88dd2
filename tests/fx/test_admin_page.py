"""The exchange-rates page: rates in force and recent ones, and the form to record a rate."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.fx.models import FxRate
from crowdfund.timeutil import today
from tests.factories import AdminFactory, ReviewerFactory, UserFactory
from tests.fx.conftest import BAM, days_ago


@pytest.fixture
def admin():
    return AdminFactory(name="Amina Alaoui")


@pytest.fixture
def admin_client(login, admin):
    return login(admin)


def _form(**values):
    return {
        "currency": "EUR",
        "rate": "10.8525",
        "effective_date": days_ago(1).isoformat(),
        "source": BAM,
        **values,
    }


def _rates():
    return db.session.scalars(sa.select(FxRate)).all()


def test_the_page_lists_the_rate_in_force_for_each_currency_and_recent_rates(
    admin_client, admin, rate
):
    rate("EUR", "10.80", days_ago(3))
    rate("EUR", "10.8525", days_ago(1), recorded_by=admin)
    rate("USD", "9.95", days_ago(2), source="Imported feed")

    page = admin_client.get("/admin/fx").get_data(as_text=True)

    assert "<h1>Exchange rates</h1>" in page
    assert 'aria-current="page">Exchange rates</a>' in page
    assert "10.8525" in page
    assert "10.80" in page
    assert "Amina Alaoui" in page
    assert "Imported feed" in page
    assert page.count("No rate yet") == 2  # CAD and GBP
    assert 'action="/admin/fx/rates"' in page


def test_rates_are_formatted_for_the_admin_s_language(login, rate):
    rate("EUR", "10.8525", days_ago(1))
    admin = AdminFactory(locale="fr")

    page = login(admin).get("/admin/fx").get_data(as_text=True)

    assert "10,8525" in page


def test_the_form_offers_the_currencies_that_need_a_rate_and_today(admin_client):
    page = admin_client.get("/admin/fx").get_data(as_text=True)

    for currency in ("EUR", "USD", "CAD", "GBP"):
        assert f'<option value="{currency}">' in page
    assert '<option value="MAD"' not in page
    assert f'value="{today().isoformat()}"' in page
    assert '<label for="rate">MAD for one unit</label>' in page


def test_the_admin_records_a_rate(admin_client, admin):
    response = admin_client.post("/admin/fx/rates", data=_form(rate="10,8525"))

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/fx")
    [fx_rate] = _rates()
    assert (fx_rate.currency, fx_rate.rate_micro, fx_rate.created_by_id) == (
        "EUR",
        10_852_500,
        admin.id,
    )
    page = admin_client.get("/admin/fx").get_data(as_text=True)
    assert "1 EUR = 10.8525 MAD from" in page
    assert "has been recorded" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"rate": ""}, "Enter the rate."),
        ({"rate": "ten"}, "Not a valid decimal value."),
        ({"rate": "0"}, "The rate must be more than 0."),
        ({"rate": "10.1234567"}, "Enter the rate with at most 6 decimals."),
        ({"currency": "MAD"}, "Not a valid choice."),
        ({"effective_date": ""}, "Enter the date of the rate."),
        (
            {"effective_date": (today() + timedelta(days=1)).isoformat()},
            "The date of a rate cannot be in the future.",
        ),
        ({"source": ""}, "Name the source of the rate."),
    ],
)
def test_a_refused_rate_is_shown_again_with_the_reason(admin_client, values, message):
    response = admin_client.post("/admin/fx/rates", data=_form(**values))

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _rates() == []


def test_a_second_rate_for_the_same_day_is_refused_with_the_recorded_one(admin_client, rate):
    rate("EUR", "10.80", days_ago(1))

    response = admin_client.post("/admin/fx/rates", data=_form(rate="10.9"))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "EUR already has a rate for" in page
    assert "10.80 MAD" in page
    assert [fx_rate.rate_micro for fx_rate in _rates()] == [10_800_000]


@pytest.mark.parametrize("make_user", [UserFactory, ReviewerFactory])
@pytest.mark.parametrize(("method", "path"), [("get", "/admin/fx"), ("post", "/admin/fx/rates")])
def test_only_administrators_reach_the_rates(login, client, make_user, method, path):
    assert getattr(login(make_user()), method)(path, data=_form()).status_code == 403
    response = getattr(client, method)(path, data=_form())
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert _rates() == []
