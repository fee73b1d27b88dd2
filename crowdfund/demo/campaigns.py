"""The demo's campaigns: donors abroad pledge as any donor does, and ended campaigns are settled.

Every dirham a demo project raised comes from a pledge made through the pledge
services with the application's gateway: a quote, the pledge, the card saved by
the (played) browser, the charge (flexible) or the settlement (all-or-nothing),
the match allocated at capture. Then the pledges are dated back into their
campaign, as the projects' histories are.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from crowdfund.demo.pledge_data import (
    DEMO_DONOR,
    DEMO_DONOR_GIVES_TO,
    DIRHAMS_PER_GIFT,
    DONORS,
    FEWEST_GIFTS,
    MOST_GIFTS,
    UNUSUAL_CARDS,
    WEIGHTS,
)
from crowdfund.demo.project_data import PROJECTS
from crowdfund.extensions import db
from crowdfund.fx.services import current_rate
from crowdfund.matching.models import MatchAllocation
from crowdfund.matching.services import preview_match
from crowdfund.payments.gateway import CARD_SUCCEEDS
from crowdfund.pledges.display import default_currency
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.quotes import committed_mad, quote_pledge
from crowdfund.pledges.services import card_saved, payment_completed, start_pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, ProjectState
from crowdfund.timeutil import today

#: Gifts are round sums: 10 units of a foreign currency, 100 dirhams.
ROUND_TO = {"MAD": 100_00}
ROUND_TO_FOREIGN = 10_00
#: How long the browser's steps take, from the pledge form to the outcome.
PAYING_TAKES = timedelta(minutes=3)
#: Settlement runs in the night after the end date; a donor asked for 3-D Secure answers later.
SETTLED_AT_HOUR = 2
AUTHENTICATED_AFTER = timedelta(hours=7)


@dataclass(frozen=True)
class Gift:
    """One pledge a campaign receives: who gives, in which currency, how big, and what they say."""

    donor_key: str
    currency: str | None
    weight: int
    card: str
    show_name: bool
    message: str


def run_campaigns(projects, people, cardholder, gateway, now):
    """Raise each opened project's money as its story says and settle those that ended.

    Returns the pledges made.
    """
    opened = [
        (number, spec, project)
        for number, (spec, project) in enumerate(zip(PROJECTS, projects, strict=True))
        if project.state == ProjectState.LIVE
    ]
    pledges = []
    for number, spec, project in opened:
        campaign = _Campaign(project, spec.story, people, cardholder, gateway, now)
        pledges += campaign.raise_money(_gifts(number, spec.title, _target(project, spec.story)))
    ended = [(spec, project) for _number, spec, project in opened if project.end_date < now.date()]
    _settle(ended, cardholder, gateway)
    db.session.flush()
    return pledges


def _target(project, story):
    """What the story says the project raised, in MAD minor units."""
    return round(project.goal_amount * story.raised)


def _gifts(number, title, target):
    """The gifts of the `number`-th project, in turn: about one per DIRHAMS_PER_GIFT of `target`."""
    count = min(MOST_GIFTS, max(FEWEST_GIFTS, round(target / (DIRHAMS_PER_GIFT * 100))))
    donors = [DONORS[(number * 3 + turn * 7) % len(DONORS)] for turn in range(count)]
    gifts = []
    if title in DEMO_DONOR_GIVES_TO:
        gifts.append(
            Gift(DEMO_DONOR, None, WEIGHTS[0], CARD_SUCCEEDS, True, DEMO_DONOR_GIVES_TO[title])
        )
    for donor in donors:
        turn = len(gifts)
        show_name = turn % 3 != 2
        says = show_name and turn % 4 != 3
        gifts.append(
            Gift(
                donor.key,
                donor.currency,
                WEIGHTS[turn % len(WEIGHTS)],
                UNUSUAL_CARDS.get((title, turn), CARD_SUCCEEDS),
                show_name,
                donor.messages[(number + turn) % len(donor.messages)] if says else "",
            )
        )
    return gifts


class _Campaign:
    """One project's campaign: its gifts, paid in turn at moments spread over its days."""

    def __init__(self, project, story, people, cardholder, gateway, now):
        self.project = project
        self.story = story
        self.people = people
        self.cardholder = cardholder
        self.gateway = gateway
        self.now = now
        self.target = _target(project, story)

    def raise_money(self, gifts):
        """Pledge each gift in turn, sized so that the last one brings the project to its target."""
        pledges = []
        moments = self._moments(len(gifts))
        for turn, (gift, moment) in enumerate(zip(gifts, moments, strict=True)):
            left = self.target - committed_mad(self.project)
            if left <= 0:
                break
            weights_left = sum(later.weight for later in gifts[turn:])
            last = turn == len(gifts) - 1
            contribution = left if last else left * gift.weight // weights_left
            key = f"demo-{self.project.id}-{turn}"
            pledges += self._give(gift, self._gift_mad(contribution), moment, key, last)
        return pledges

    def _moments(self, count):
        """`count` moments of the day, on days spread evenly from the opening to the last gift."""
        first = self.project.published_at + timedelta(hours=2)
        story = self.story
        if story.state in (ProjectState.FUNDED, ProjectState.COMPLETED):
            reached = self.project.start_date + timedelta(days=story.funded_after)
            last = datetime.combine(min(reached, self.project.end_date), time(21))
        elif story.state == ProjectState.FAILED:
            last = datetime.combine(self.project.end_date, time(21))
        else:
            last = self.now - timedelta(hours=1)
        days = (last.date() - first.date()).days
        moments = []
        for turn in range(count):
            day = first.date() + timedelta(days=days * (2 * turn + 1) // (2 * count))
            moment = datetime.combine(day, time(9 + turn * 5 % 13, turn * 17 % 60))
            moments.append(min(max(moment, first), last))
        return moments

    def _gift_mad(self, contribution):
        """The gift that adds `contribution` to what the project raised, with its match.

        A flexible gift is matched when it is charged, at once; an all-or-nothing
        gift only at settlement, on top of what its saved card promises.
        """
        if self.project.funding_model == FundingModel.ALL_OR_NOTHING:
            return contribution
        preview = preview_match(self.project, contribution, today())
        if preview is None:
            return contribution
        fund = preview.fund
        ratio_share = (
            contribution * fund.match_denominator // (fund.match_numerator + fund.match_denominator)
        )
        return max(contribution - preview.match_amount, ratio_share)

    def _give(self, gift, amount_mad, moment, key, last, card=None):
        """Pledge `amount_mad` (in the donor's currency, rounded) as the donor does; the pledges."""
        donor = self.people[gift.donor_key]
        currency = gift.currency or default_currency(donor)
        amount = _round(current_rate(currency).from_mad(amount_mad), currency, up=last)
        pledge = start_pledge(
            self.project,
            donor,
            quote_pledge(self.project, amount, currency),
            show_name=gift.show_name,
            message=gift.message,
            gateway=self.gateway,
            idempotency_key=key,
        )
        self.cardholder.save_card(pledge, card or gift.card)
        pledge = card_saved(pledge, self.gateway)
        if pledge.state == PledgeState.REQUIRES_ACTION:
            self.cardholder.authenticate(pledge)
            pledge = payment_completed(pledge, self.gateway)
        _date(pledge, moment, moment + PAYING_TAKES)
        if pledge.state == PledgeState.FAILED:
            # Declined: the donor gives the same again with another card.
            again = moment + 2 * PAYING_TAKES
            return [
                pledge,
                *self._give(gift, amount_mad, again, f"{key}-again", last, CARD_SUCCEEDS),
            ]
        return [pledge]


def _round(amount_minor, currency, up):
    step = ROUND_TO.get(currency, ROUND_TO_FOREIGN)
    # Rounded up past the exact sum, so that a last gift is never a centime short of its goal.
    steps = (amount_minor // step + 1) if up else max(1, round(amount_minor / step))
    return steps * step


def _settle(ended, cardholder, gateway):
    """Settle the ended campaigns one end date after another, as the nightly job would have."""
    for end_date in sorted({project.end_date for _spec, project in ended}):
        settled_on = end_date + timedelta(days=1)
        settled_at = datetime.combine(settled_on, time(SETTLED_AT_HOUR))
        done = settle_due_campaigns(gateway, settled_on)
        for project in done.funded + done.failed:
            project.transitions[-1].created_at = settled_at
        for pledge in done.captured:
            _date(pledge, pledge.created_at, settled_at)
        for pledge in done.released:
            _date(pledge, pledge.created_at, settled_at)
        for pledge in done.action_needed:
            # The bank asked for 3-D Secure again: the donor authenticates the next morning.
            pledge.action_deadline = settled_at + timedelta(days=7)
            cardholder.authenticate(pledge)
            pledge = payment_completed(pledge, gateway)
            _date(pledge, pledge.created_at, settled_at + AUTHENTICATED_AFTER)
    for spec, project in ended:
        expected = (
            ProjectState.FAILED if spec.story.state == ProjectState.FAILED else ProjectState.FUNDED
        )
        if project.state != expected:
            raise RuntimeError(f"{project.title!r} was settled {project.state}, not {expected}")


def _date(pledge, created_at, done_at):
    """Date the pledge back: made at `created_at`, its last step (a capture too) at `done_at`."""
    pledge.created_at = created_at
    pledge.updated_at = done_at
    if pledge.state == PledgeState.CAPTURED:
        pledge.captured_at = done_at
        allocations = db.session.scalars(sa.select(MatchAllocation).filter_by(pledge_id=pledge.id))
        for allocation in allocations:
            allocation.created_at = done_at
