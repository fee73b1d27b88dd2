"""Telling donors, by mail in their own language, what happened to their pledge and campaign.

Every mail is queued in the outbox in the transaction of the event it reports:
a capture and its "pledge confirmed" mail, a settlement and its notices, are
committed together or not at all, and the outbox delivers them afterwards. Each
mail's key names its pledge (or project and donor), so no outcome is told twice.
Links are absolute; outside a request they need the SERVER_NAME setting.
"""

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.outbox import queue_email
from crowdfund.pledges.admin_queries import match_allocation_of
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.services import replacement_open
from crowdfund.projects.models import FundingModel, ProjectState

#: Each notice about one pledge: its kind of mail and its subject; the templates are
#: templates/emails/pledges/<notice>.txt and .html.
_NOTICES = {
    "action_needed": (
        NotificationKind.PAYMENT_ACTION,
        lambda title: _l("Confirm your payment to %(project)s with your bank", project=title),
    ),
    "declined": (
        NotificationKind.PAYMENT_ACTION,
        lambda title: _l(
            "Your card was declined: give to %(project)s with another card", project=title
        ),
    ),
    "released": (
        NotificationKind.CAMPAIGN_RESULT,
        lambda title: _l(
            "%(project)s did not reach its goal: your card was not charged", project=title
        ),
    ),
    "lapsed": (
        NotificationKind.CAMPAIGN_RESULT,
        lambda title: _l("Your payment to %(project)s was not completed in time", project=title),
    ),
}


def tell_donors(settlement):
    """Queue, in the settlement's transaction, a mail for each pledge it held for 3-D Secure,
    declined, released or lapsed, and one for each donor of a funded project not told
    otherwise; returns how many mails were queued.

    Pledges the settlement captured are told by `confirm_capture`, which the capture
    itself calls.
    """
    due = list(notices_due(settlement))
    queued = [_queue_notice(notice, pledge) for notice, pledge in due]
    told = {(pledge.project_id, pledge.donor_id) for pledge in settlement.captured}
    told |= {(pledge.project_id, pledge.donor_id) for _notice, pledge in due}
    for project in settlement.funded:
        for donor in donors_with_captured_pledges(project):
            if (project.id, donor.id) not in told:
                queued.append(_queue_funded(project, donor))
    return sum(message is not None for message in queued)


def notices_due(settlement):
    """(notice, pledge) of every notice about one pledge the settlement calls for, in order.

    A card declined when its window has already closed is not announced: the next
    run lapses the pledge and says so. A pledge released because its card was
    never saved, while the project was funded, gets no mail: nothing was promised.
    Donors of a failed project are all told by their pledge's "released" notice.
    """
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


def confirm_capture(pledge):
    """Queue the "pledge confirmed" mail of a pledge just captured, in the capture's transaction:
    what was paid, what the project receives in MAD, the match, and where the receipt is."""
    donor, project = pledge.donor, pledge.project
    if pledge.funding_model == FundingModel.ALL_OR_NOTHING:
        subject = _l("%(project)s reached its goal: your card was charged", project=project.title)
    else:
        subject = _l("Your gift to %(project)s is confirmed", project=project.title)
    allocation = match_allocation_of(pledge)
    return queue_email(
        donor,
        "pledges/captured",
        subject,
        kind=NotificationKind.PLEDGE_CONFIRMED,
        key=f"pledge:{pledge.id}:captured",
        pledge=pledge,
        project=project,
        match=allocation,
        link=_pledge_link(pledge),
        receipt_link=_receipt_link(pledge),
    )


def _queue_notice(notice, pledge):
    kind, subject = _NOTICES[notice]
    return queue_email(
        pledge.donor,
        f"pledges/{notice}",
        subject(pledge.project.title),
        kind=kind,
        key=f"pledge:{pledge.id}:{notice}:{pledge.attempt}",
        pledge=pledge,
        project=pledge.project,
        link=_pledge_link(pledge),
    )


def _queue_funded(project, donor):
    return queue_email(
        donor,
        "pledges/funded",
        _l("%(project)s is funded: thank you", project=project.title),
        kind=NotificationKind.CAMPAIGN_RESULT,
        key=f"project:{project.id}:funded:{donor.id}",
        project=project,
        link=url_for("catalogue.project", slug=project.slug, _external=True),
    )


def donors_with_captured_pledges(project):
    """Everyone who gave to `project` (a captured pledge), once each: whom its news concerns."""
    return db.session.scalars(
        sa.select(User)
        .where(
            User.id.in_(
                sa.select(Pledge.donor_id).where(
                    Pledge.project_id == project.id, Pledge.state == PledgeState.CAPTURED
                )
            )
        )
        .order_by(User.id)
    ).all()


def _pledge_link(pledge):
    return url_for("pledges.show", pledge_id=pledge.id, _external=True)


def _receipt_link(pledge):
    """The receipt's own address where receipts are served, else None (the pledge page has it)."""
    if "receipts.pledge_receipt" not in current_app.view_functions:
        return None
    return url_for("receipts.pledge_receipt", pledge_id=pledge.id, _external=True)
