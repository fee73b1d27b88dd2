"""Periodic jobs: each is idempotent, so cron, a loop beside the server, or both may run them."""

import logging
import time

from crowdfund.extensions import db

logger = logging.getLogger(__name__)


def _open_due_projects():
    from crowdfund.projects.services import open_due_projects

    return f"{len(open_due_projects())} project(s) opened for pledges"


def _settle_campaigns():
    from crowdfund.payments import get_gateway
    from crowdfund.pledges.notices import tell_donors
    from crowdfund.pledges.settlement import settle_due_campaigns

    settlement = settle_due_campaigns(get_gateway())
    # The donors' mail is queued in the settlement's own transaction (the runner commits).
    return f"{settlement}; {tell_donors(settlement)} mail(s) to donors queued"


def _reconcile_pledges():
    from crowdfund.payments import get_gateway
    from crowdfund.pledges.reconcile import reconcile_pledges

    return reconcile_pledges(get_gateway())


def _remind_overdue_reports():
    from crowdfund.updates.reminders import remind_overdue_reports

    return remind_overdue_reports()


def _deliver_mail():
    from crowdfund.notifications.delivery import deliver_pending

    return str(deliver_pending())


#: name: function doing one pass of the job and returning a summary.
PERIODIC_JOBS = {
    "open due projects": _open_due_projects,
    "settle campaigns": _settle_campaigns,
    "reconcile pledges": _reconcile_pledges,
    "remind overdue progress reports": _remind_overdue_reports,
    # Last, so that the mail the jobs above queued goes out in the same pass.
    "deliver mail": _deliver_mail,
}


def run_periodic_jobs():
    """Run every job once, each in its own transaction; one failing job does not stop the rest."""
    return {name: run_job(name) for name in PERIODIC_JOBS}


def run_job(name):
    """Run one job once in its own transaction; returns its summary, or "failed" (logged)."""
    try:
        summary = PERIODIC_JOBS[name]()
        db.session.commit()
    except Exception:
        db.session.rollback()
        logger.exception("periodic job %r failed", name)
        return "failed"
    return summary


def run_forever(interval_seconds, passes=None):
    """Run the jobs every `interval_seconds` (for development; production uses cron)."""
    done = 0
    while passes is None or done < passes:
        for name, summary in run_periodic_jobs().items():
            logger.info("%s: %s", name, summary)
        done += 1
        if passes is None or done < passes:
            time.sleep(interval_seconds)
