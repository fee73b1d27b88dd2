"""Telling donors, by mail in their own language, what settling a campaign did to their pledge.

`flask campaigns settle` and the periodic job call `tell_donors` only once the
settlement is committed: a mail that cannot be sent is logged and the others
still go, and the settlement neither rolls back nor runs again because of it.
Links to the pledge's page are absolute; outside a request they need the
SERVER_NAME setting.
"""

import logging

from flask import url_for
from flask_babel import lazy_gettext as _l

from crowdfund.notifications.email import send_email
from crowdfund.pledges.services import replacement_open
from crowdfund.projects.models import ProjectState

logger = logging.getLogger(__name__)

#: Each kind of notice: its templates under templates/emails/pledges/ and its subject.
_SUBJECTS = {
    "captured": lambda title: _l(
        "%(project)s reached its goal: your card was charged", project=title
    ),
    "action_needed": lambda title: _l(
        "Confirm your payment to %(project)s with your bank", project=title
    ),
    "declined": lambda title: _l(
        "Your card was declined: give to %(project)s with another card", project=title
    ),
    "released": lambda title: _l(
        "%(project)s did not reach its goal: your card was not charged", project=title
    ),
    "lapsed": lambda title: _l(
        "Your payment to %(project)s was not completed in time", project=title
    ),
}


def tell_donors(settlement):
    """Mail each donor whose pledge `settlement` charged, held for 3-D Secure, declined,
    released or lapsed; returns how many mails were sent."""
    sent = 0
    for kind, pledge in notices_due(settlement):
        try:
            _send(kind, pledge)
        except Exception:
            logger.exception("pledge %s: the %s notice could not be sent", pledge.id, kind)
        else:
            sent += 1
    return sent


def notices_due(settlement):
    """(kind, pledge) of every notice the settlement calls for, in the order they are sent.

    A card declined when its window has already closed is not announced: the next
    run lapses the pledge and says so. A pledge released because its card was
    never saved, while the project was funded, gets no mail: nothing was promised.
    """
    for pledge in settlement.captured:
        yield "captured", pledge
    for pledge in settlement.action_needed:
        yield "action_needed", pledge
    for pledge in settlement.declined:
        if replacement_open(pledge):
            yield "declined", pledge
    for pledge in settlement.released:
        if pledge.project.state == ProjectState.FAILED:
            yield "released", pledge
    for pledge in settlement.lapsed:
        yield "lapsed", pledge


def _send(kind, pledge):
    donor, project = pledge.donor, pledge.project
    send_email(
        donor,
        f"pledges/{kind}",
        _SUBJECTS[kind](project.title),
        donor.locale,
        pledge=pledge,
        project=project,
        link=url_for("pledges.show", pledge_id=pledge.id, _external=True),
    )
