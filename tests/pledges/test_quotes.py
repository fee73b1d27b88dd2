"""What a donor is told before paying, and every pledge refused with a reason."""

import pytest
from flask_babel import force_locale

from crowdfund.pledges.quotes import PledgeRefused, processing_fee, quote_pledge
from crowdfund.pledges.services import start_pledge
from crowdfund.projects.models import ProjectState
from tests.factories import ProjectFactory
from tests.factories.matching import MatchingFundFactory


def refusal(project, amount, currency="MAD"):
    with pytest.raises(PledgeRefused) as refused, force_locale("en"):
        quote_pledge(project, amount, currency)
    return text(refused.value)


def text(refusal):
    """The message in English, its non-breaking spaces as spaces."""
    with force_locale("en"):
        return str(refusal.message).replace("\xa0", " ")


def test_a_quote_in_euros_shows_the_dirhams_the_rate_the_cost_and_the_match(project, eur_rate):
    fund = MatchingFundFactory()

    quote = quote_pledge(project, 100_00, "EUR")

    assert (quote.amount_mad, quote.rate.rate_micro, quote.rate.source) == (
        1_085_00,
        10_850_000,
        "Bank Al-Maghrib reference rate",
    )
    assert quote.fee_mad == processing_fee(1_085_00) == 35_50
    assert quote.charge_amount == 100_00 + quote.rate.from_mad(35_50)
    assert (quote.match.fund, quote.expected_match_mad) == (fund, 1_085_00)


def test_the_processing_cost_leaves_the_gift_whole_after_the_processor_s_cut():
    for gift in (50_00, 1_000_00, 100_000_00):
        fee = processing_fee(gift)
        charged = gift + fee
        assert charged - (charged * 290 // 10_000 + 300) >= gift


def test_a_project_that_is_not_live_is_refused():
    closed = ProjectFactory(state=ProjectState.FUNDED)
    assert refusal(closed, 100_000) == "This project is not raising funds at the moment."


def test_an_unknown_currency_is_refused(project):
    assert refusal(project, 100_00, "JPY") == (
        "JPY is not accepted; choose one of MAD, EUR, USD, CAD, GBP."
    )


def test_a_currency_without_a_rate_is_refused(project):
    assert refusal(project, 100_00, "CAD").startswith("There is no exchange rate for CAD")


@pytest.mark.parametrize("amount", [0, -5_000, 12.5, True])
def test_an_amount_that_is_not_a_positive_integer_is_refused(project, amount):
    assert refusal(project, amount) == "Enter an amount of more than zero."


def test_an_amount_below_the_minimum_is_refused(project):
    assert refusal(project, 49_99) == "The smallest gift is MAD50."


def test_an_amount_above_the_maximum_is_refused(project):
    assert refusal(project, 100_000_01) == "The largest gift is MAD100,000."


def test_a_pledge_taking_the_project_past_the_legal_cap_is_refused():
    project = ProjectFactory(goal_amount=45_000_000, raised_amount=44_990_000)
    assert refusal(project, 20_000) == (
        "The law allows a project to receive at most MAD450,000 in donations; "
        "this one can take MAD100 more."
    )


def test_the_donor_annual_cap_is_applied_when_set(app, project, donor, gateway, pledge):
    app.config["DONOR_ANNUAL_CAP_MAD"] = 1_500_00
    try:
        pledge(project, 1_000_00)
        quote = quote_pledge(project, 600_00, "MAD")
        with pytest.raises(PledgeRefused) as refused, force_locale("en"):
            start_pledge(
                project,
                donor,
                quote,
                show_name=False,
                message="",
                gateway=gateway,
                idempotency_key="form-cap",
            )
        assert text(refused.value) == (
            "A donor may give at most MAD1,500 a year; you can still give MAD500 this year."
        )
    finally:
        app.config["DONOR_ANNUAL_CAP_MAD"] = None


def test_a_message_longer_than_500_characters_is_refused(project, donor, gateway):
    quote = quote_pledge(project, 100_00, "MAD")
    with pytest.raises(PledgeRefused):
        start_pledge(
            project,
            donor,
            quote,
            show_name=False,
            message="x" * 501,
            gateway=gateway,
            idempotency_key="form-long",
        )
