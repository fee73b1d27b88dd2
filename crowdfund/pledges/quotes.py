"""What a pledge would be before the donor pays: MAD amount, rate, processing cost and match."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.fx.conversion import Quote
from crowdfund.fx.services import NoRateAvailable, current_rate
from crowdfund.matching.services import MatchPreview, preview_match
from crowdfund.money import format_mad
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today

#: Pledges whose money is promised to the project but not captured yet.
COMMITTED_STATES = (PledgeState.SAVED, PledgeState.PROCESSING, PledgeState.REQUIRES_ACTION)
_BASIS = 10_000


class PledgeRefused(ValueError):
    """A pledge that breaks a rule; `message` tells the donor why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PledgeQuote:
    """A gift of `amount` minor units of `currency`, as the donor sees it before paying."""

    project: object
    amount: int
    currency: str
    amount_mad: int
    fee_mad: int
    #: What the card is charged, in `currency`: the gift and the processing cost.
    charge_amount: int
    rate: Quote
    match: MatchPreview | None

    @property
    def expected_match_mad(self):
        return self.match.match_amount if self.match else 0


def processing_fee(amount_mad):
    """The processing cost to add to a gift so that the processor's cut leaves the gift whole.

    The processor takes a share of the whole charge and a fixed part, so the
    charge is grossed up: (gift + fixed) / (1 - share), rounded up to the centime.
    """
    config = current_app.config
    keep = _BASIS - config["PROCESSING_FEE_BASIS_POINTS"]
    total = -(-(amount_mad + config["PROCESSING_FEE_FIXED_MAD"]) * _BASIS // keep)
    return total - amount_mad


def committed_mad(project):
    """What the project has raised plus what its saved, uncaptured pledges promise."""
    promised = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Pledge.amount_mad), 0)).where(
            Pledge.project_id == project.id, Pledge.state.in_(COMMITTED_STATES)
        )
    )
    return project.raised_amount + int(promised)


def quote_pledge(project, amount_minor, currency, on=None):
    """The PledgeQuote of a gift; raises PledgeRefused with a message for the donor."""
    config = current_app.config
    on = on or today()
    if project.state != ProjectState.LIVE:
        raise PledgeRefused(_l("This project is not raising funds at the moment."))
    if currency not in config["SUPPORTED_CURRENCIES"]:
        raise PledgeRefused(
            _l(
                "%(currency)s is not accepted; choose one of %(currencies)s.",
                currency=currency,
                currencies=", ".join(config["SUPPORTED_CURRENCIES"]),
            )
        )
    if not isinstance(amount_minor, int) or isinstance(amount_minor, bool) or amount_minor <= 0:
        raise PledgeRefused(_l("Enter an amount of more than zero."))
    try:
        rate = current_rate(currency, on)
    except NoRateAvailable as missing:
        raise PledgeRefused(missing.args[0]) from None
    amount_mad = rate.to_mad(amount_minor)
    if amount_mad < config["PLEDGE_MIN_MAD"]:
        raise PledgeRefused(
            _l("The smallest gift is %(amount)s.", amount=format_mad(config["PLEDGE_MIN_MAD"]))
        )
    if amount_mad > config["PLEDGE_MAX_MAD"]:
        raise PledgeRefused(
            _l("The largest gift is %(amount)s.", amount=format_mad(config["PLEDGE_MAX_MAD"]))
        )
    cap = config["PROJECT_GOAL_CAP_MAD"] * 100
    room = cap - committed_mad(project)
    if amount_mad > room:
        raise PledgeRefused(
            _l(
                "The law allows a project to receive at most %(cap)s in donations; "
                "this one can take %(room)s more.",
                cap=format_mad(cap),
                room=format_mad(max(room, 0)),
            )
        )
    fee_mad = processing_fee(amount_mad)
    return PledgeQuote(
        project=project,
        amount=amount_minor,
        currency=currency,
        amount_mad=amount_mad,
        fee_mad=fee_mad,
        charge_amount=amount_minor + rate.from_mad(fee_mad),
        rate=rate,
        match=preview_match(project, amount_mad, on),
    )
