"""The rules a project must follow, shared by the drafting form and the submission check.

Each function returns a message for the owner, or None when the rule holds.
"""

from datetime import timedelta
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from crowdfund.money import format_mad

#: Morocco's bounding box, in decimal degrees (Lagouira to Saïdia, Tangier to the southern border).
MOROCCO_LATITUDE = (Decimal("20.5"), Decimal("36.0"))
MOROCCO_LONGITUDE = (Decimal("-17.5"), Decimal("-0.9"))

#: The longest campaign a project may run.
MAX_CAMPAIGN_DAYS = 365


def latitude_problem(latitude):
    low, high = MOROCCO_LATITUDE
    if not low <= Decimal(str(latitude)) <= high:
        return _(
            "This latitude is outside Morocco: enter a value between %(low)s and %(high)s.",
            low=low,
            high=high,
        )
    return None


def longitude_problem(longitude):
    low, high = MOROCCO_LONGITUDE
    if not low <= Decimal(str(longitude)) <= high:
        return _(
            "This longitude is outside Morocco: enter a value between %(low)s and %(high)s.",
            low=low,
            high=high,
        )
    return None


def goal_problem(goal_amount, cap_mad):
    """The goal must be positive and within the per-project cap of law 15-18 on crowdfunding."""
    if goal_amount <= 0:
        return _("The goal must be more than 0 MAD.")
    if goal_amount > cap_mad * 100:
        return _(
            "The goal cannot exceed %(cap)s, the most a project may raise under law 15-18 "
            "on crowdfunding.",
            cap=format_mad(cap_mad * 100),
        )
    return None


def start_date_problem(start_date, today):
    if start_date < today:
        return _("The start date cannot be in the past.")
    return None


def end_date_problem(start_date, end_date):
    if end_date <= start_date:
        return _("The end date must come after the start date.")
    if end_date - start_date > timedelta(days=MAX_CAMPAIGN_DAYS):
        return ngettext(
            "A campaign can last at most %(num)d day: choose an earlier end date.",
            "A campaign can last at most %(num)d days: choose an earlier end date.",
            MAX_CAMPAIGN_DAYS,
        )
    return None


def milestone_date_problem(target_date, end_date):
    """Milestones are paid from money raised, so none can fall due before the campaign ends."""
    if target_date < end_date:
        return _("The target date must be on or after the campaign's end date.")
    return None


def budget_total_problem(amounts, goal_amount):
    total = sum(amounts)
    if total == goal_amount:
        return None
    return _(
        "Budget lines add up to %(total)s; the goal is %(goal)s (a difference of %(difference)s).",
        total=format_mad(total),
        goal=format_mad(goal_amount),
        difference=format_mad(abs(goal_amount - total)),
    )


def milestones_total_problem(amounts, goal_amount):
    total = sum(amounts)
    if total == goal_amount:
        return None
    return _(
        "Milestones add up to %(total)s; the goal is %(goal)s (a difference of %(difference)s).",
        total=format_mad(total),
        goal=format_mad(goal_amount),
        difference=format_mad(abs(goal_amount - total)),
    )
