"""Telling a project's donors, by mail in their own language, that a tranche was released.

Each mail is queued in the outbox in the release's transaction, one per donor
with a captured pledge; its key names the milestone and the donor, so no
release is told twice.
"""

from flask import url_for
from flask_babel import lazy_gettext as _l

from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.outbox import queue_email
from crowdfund.pledges.notices import donors_with_captured_pledges


def tell_donors_of_release(disbursement):
    """Queue the "funds released" mail for every donor of the project; returns how many."""
    project, milestone = disbursement.project, disbursement.milestone
    subject = _l(
        "%(project)s: funds released for “%(milestone)s”",
        project=project.title,
        milestone=milestone.title,
    )
    link = url_for("catalogue.project", slug=project.slug, _external=True)
    queued = [
        queue_email(
            donor,
            "milestones/released",
            subject,
            kind=NotificationKind.MILESTONE_RELEASED,
            key=f"milestone:{milestone.id}:released:{donor.id}",
            project=project,
            milestone=milestone,
            disbursement=disbursement,
            verified_by=disbursement.evidence.decided_by,
            milestone_count=len(project.milestones),
            link=link,
        )
        for donor in donors_with_captured_pledges(project)
    ]
    return sum(message is not None for message in queued)
