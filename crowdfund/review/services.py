"""Reviewers' decisions: verifying organisations and vetting projects against the checklist."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from crowdfund.accounts.models import Role
from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.organisations import services as organisations
from crowdfund.organisations.models import OrganisationStatus
from crowdfund.projects import lifecycle
from crowdfund.projects.models import ProjectReview, ProjectState, ReviewDecision
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION

#: Stored on a review when the reviewer's account names no institution. It is kept in
#: English because the public vetting record must read the same whatever the language
#: the reviewer happened to use.
DEFAULT_AFFILIATION = "Ministry reviewer"

_DECISION_TRANSITIONS = {
    ReviewDecision.APPROVE: lifecycle.approve,
    ReviewDecision.REQUEST_CHANGES: lifecycle.request_changes,
    ReviewDecision.REJECT: lifecycle.reject,
}
_DECISION_AUDIT_ACTIONS = {
    ReviewDecision.APPROVE: "project.approved",
    ReviewDecision.REQUEST_CHANGES: "project.changes_requested",
    ReviewDecision.REJECT: "project.rejected",
}


class ReviewError(Exception):
    """A review step that breaks a rule; `message` can be shown to the reviewer as it is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        #: The form field the message is about, when there is one.
        self.field = field


def verify_organisation(organisation, reviewer):
    try:
        return organisations.verify_organisation(organisation, reviewer)
    except organisations.OrganisationDecisionError as error:
        raise ReviewError(_explain_organisation_refusal(organisation)) from error


def reject_organisation(organisation, reviewer, reason):
    """Refuse an organisation; the reason, required, is shown to its members."""
    if not (reason or "").strip():
        raise ReviewError(
            _("Give the reason, so that the organisation can put it right."), field="reason"
        )
    try:
        return organisations.reject_organisation(organisation, reviewer, reason)
    except organisations.OrganisationDecisionError as error:
        raise ReviewError(_explain_organisation_refusal(organisation)) from error


def start_project_review(project, reviewer):
    """A reviewer takes a submitted project from the queue."""
    before = {"state": project.state}
    entry = _transition(lifecycle.start_review, project, reviewer)
    record(
        "project.review_started",
        project,
        before=before,
        after={"state": project.state},
        actor=reviewer,
    )
    return entry


def record_review(project, reviewer, answers, decision, comments):
    """Record `reviewer`'s checklist answers and take `decision` on a project in review.

    `answers` maps every checklist item to {"passed": bool, "note": str}.
    """
    decision = ReviewDecision(decision)
    comments = (comments or "").strip()
    answers = _complete_answers(answers)
    if decision == ReviewDecision.APPROVE and not all(a["passed"] for a in answers.values()):
        raise ReviewError(_("A project can be approved only when every checklist item passed."))
    if decision != ReviewDecision.APPROVE and not comments:
        raise ReviewError(
            _("Tell the project owner what must change, or why the project is rejected."),
            field="comments",
        )
    before = {"state": project.state}
    _transition(_DECISION_TRANSITIONS[decision], project, reviewer, comments)
    review = ProjectReview(
        reviewer=reviewer,
        reviewer_affiliation=reviewer.affiliation or DEFAULT_AFFILIATION,
        checklist_version=CHECKLIST_VERSION,
        answers=answers,
        decision=decision,
        comments=comments,
    )
    project.reviews.append(review)
    db.session.flush()
    record(
        _DECISION_AUDIT_ACTIONS[decision],
        project,
        before=before,
        after={
            "state": project.state,
            "review_id": review.id,
            "decision": decision,
            "comments": comments,
            "answers": answers,
        },
        actor=reviewer,
    )
    return review


def vetting_record(project):
    """The review that approved the project (the latest one), or None."""
    return db.session.scalar(
        sa.select(ProjectReview)
        .where(
            ProjectReview.project_id == project.id,
            ProjectReview.decision == ReviewDecision.APPROVE,
        )
        .options(joinedload(ProjectReview.reviewer))
        .order_by(ProjectReview.id.desc())
        .limit(1)
    )


def review_started_by(project):
    """The reviewer who took the project from the queue, while it is in review."""
    if project.state != ProjectState.IN_REVIEW:
        return None
    starts = [entry for entry in project.transitions if entry.action == "start_review"]
    return starts[-1].actor if starts else None


def _complete_answers(answers):
    """Answers for exactly the items of today's checklist, in a stable shape."""
    if any(key not in answers for key in CHECKLIST):
        raise ReviewError(_("Answer every item of the checklist."))
    return {
        key: {
            "passed": bool(answers[key]["passed"]),
            "note": (answers[key].get("note") or "").strip(),
        }
        for key in CHECKLIST
    }


def _explain_organisation_refusal(organisation):
    if organisation.status != OrganisationStatus.PENDING:
        return _(
            "This organisation is no longer awaiting verification: it is now “%(status)s”.",
            status=organisation.status.label,
        )
    return _("You cannot decide on an organisation you belong to.")


def _transition(transition, project, reviewer, *args):
    try:
        return transition(project, reviewer, *args)
    except lifecycle.TransitionError as error:
        raise ReviewError(_explain_refusal(project, reviewer)) from error


def _explain_refusal(project, reviewer):
    if not reviewer.has_role(Role.REVIEWER):
        return _("Only ministry reviewers can review projects.")
    return _(
        "This project is now “%(state)s”; another reviewer may have acted on it. "
        "Check its history below.",
        state=project.state.label,
    )
