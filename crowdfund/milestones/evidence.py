"""Owners send evidence that a milestone's work is done: a narrative, photos, invoices and the
acceptance record.

Milestones go in order: evidence for a milestone is taken once every earlier
milestone's tranche is released, and again after a rejection. Every file is
checked before any is stored, so a refusal leaves nothing behind.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.files.photos import strip_photo
from crowdfund.files.services import (
    IMAGE_KINDS,
    UploadRejected,
    check_upload,
    store_checked,
)
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import EvidenceFile, EvidenceFileKind, MilestoneEvidence
from crowdfund.milestones.reading import MilestoneState, milestone_progress
from crowdfund.pledges.locks import locked
from crowdfund.projects import lifecycle
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow

NARRATIVE_MAX_LENGTH = 10_000
DOCUMENT_KINDS = frozenset({"pdf"})
#: Room in the evidence form for what is not a file: the narrative, in UTF-8, and the rest.
_OTHER_FIELDS_BYTES = 64 * 1024

#: Milestone states in which owners may send evidence (again, after a rejection).
_AWAITING_EVIDENCE = frozenset({MilestoneState.PLANNED, MilestoneState.REJECTED})


def milestone_open_for_evidence(project, progress=None):
    """The milestone owners may send evidence for now, or None.

    `progress` is the project's `milestone_progress`, when the caller has it.
    """
    if project.state != ProjectState.FUNDED:
        return None
    for item in progress if progress is not None else milestone_progress(project):
        if item.state != MilestoneState.RELEASED:
            return item.milestone if item.state in _AWAITING_EVIDENCE else None
    return None


def evidence_request_limit(config):
    """The size of the largest evidence form: every file at its largest, and the other fields."""
    photos = config["EVIDENCE_MAX_PHOTOS"] * config["EVIDENCE_PHOTO_MAX_BYTES"]
    documents = (config["EVIDENCE_MAX_INVOICES"] + 1) * config["EVIDENCE_DOCUMENT_MAX_BYTES"]
    return photos + documents + _OTHER_FIELDS_BYTES


def submit_evidence(project, milestone, owner, narrative, photos, invoices, acceptance_record):
    """Record `owner`'s evidence for `milestone` of `project` and return it.

    `photos` and `invoices` are lists of uploads, `acceptance_record` one upload.
    Raises MilestoneRefused, with the form field concerned, and writes nothing
    when a rule or a file is refused.
    """
    project = locked(project)
    _check_accepts_evidence(project, milestone, owner)
    narrative = (narrative or "").strip()
    _check_narrative(narrative)
    checked = _checked_files(photos or [], invoices or [], acceptance_record)
    evidence = MilestoneEvidence(
        project_id=project.id,
        milestone_id=milestone.id,
        narrative=narrative,
        submitted_by=owner,
        submitted_at=utcnow(),
    )
    for kind, upload, facts in checked:
        evidence.files.append(
            EvidenceFile(
                kind=kind,
                file=store_checked(upload, owner),
                latitude=facts.latitude if facts else None,
                longitude=facts.longitude if facts else None,
                taken_at=facts.taken_at if facts else None,
            )
        )
    db.session.add(evidence)
    db.session.flush()
    record(
        "milestone.evidence_submitted",
        evidence,
        after={
            "milestone_id": milestone.id,
            "state": evidence.state,
            "files": {kind: len(evidence.files_of_kind(kind)) for kind in EvidenceFileKind},
        },
        actor=owner,
    )
    return evidence


def _check_accepts_evidence(project, milestone, owner):
    if not lifecycle.may_act(owner, project, lifecycle.Actor.OWNER):
        raise MilestoneRefused(
            _(
                "Only members of %(organisation)s can send evidence for its projects.",
                organisation=project.organisation.name,
            )
        )
    if project.state != ProjectState.FUNDED:
        raise MilestoneRefused(
            _(
                "Evidence is sent for funded projects only; this project is “%(state)s”.",
                state=project.state.label,
            )
        )
    if milestone.project_id != project.id:
        raise MilestoneRefused(_("This milestone is not one of this project's."))
    for item in milestone_progress(project):
        if item.milestone.id == milestone.id:
            _check_milestone_awaits_evidence(item)
            return
        if item.state != MilestoneState.RELEASED:
            raise MilestoneRefused(
                _(
                    "Milestones go in order: the funds of milestone %(position)d, “%(title)s”, "
                    "must be released before evidence for a later milestone is sent.",
                    position=item.milestone.position,
                    title=item.milestone.title,
                )
            )


def _check_milestone_awaits_evidence(item):
    match item.state:
        case MilestoneState.EVIDENCE_SUBMITTED:
            message = _("Evidence for this milestone is already awaiting verification.")
        case MilestoneState.VERIFIED:
            message = _(
                "The evidence for this milestone is verified; its funds are waiting to be released."
            )
        case MilestoneState.RELEASED:
            message = _("The funds of this milestone are already released.")
        case _:
            return
    raise MilestoneRefused(message)


def _check_narrative(narrative):
    if not narrative:
        raise MilestoneRefused(_("Describe the work done for this milestone."), field="narrative")
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise MilestoneRefused(
            _(
                "Keep the description under %(count)d characters.",
                count=NARRATIVE_MAX_LENGTH,
            ),
            field="narrative",
        )


def _checked_files(photos, invoices, acceptance_record):
    """[(kind, CheckedUpload, PhotoFacts or None)] for every file, all checked, none stored."""
    config = current_app.config
    _check_counts(photos, invoices, acceptance_record, config)
    checked = []
    for photo in photos:
        upload = _check_file(photo, IMAGE_KINDS, config["EVIDENCE_PHOTO_MAX_BYTES"], "photos")
        try:
            clean, facts = strip_photo(upload)
        except UploadRejected as rejection:
            raise _file_refused(photo, rejection, "photos") from rejection
        checked.append((EvidenceFileKind.PHOTO, clean, facts))
    documents = [(EvidenceFileKind.INVOICE, "invoices", invoice) for invoice in invoices]
    documents.append((EvidenceFileKind.ACCEPTANCE_RECORD, "acceptance_record", acceptance_record))
    for kind, field, document in documents:
        upload = _check_file(document, DOCUMENT_KINDS, config["EVIDENCE_DOCUMENT_MAX_BYTES"], field)
        checked.append((kind, upload, None))
    return checked


def _check_counts(photos, invoices, acceptance_record, config):
    """At least one photo and one invoice, not more than the settings allow, and the record."""
    most_photos, most_invoices = config["EVIDENCE_MAX_PHOTOS"], config["EVIDENCE_MAX_INVOICES"]
    _check_count(
        photos,
        most_photos,
        "photos",
        none=_("Attach at least one photo of the work done."),
        too_many=ngettext(
            "Attach at most %(num)d photo.", "Attach at most %(num)d photos.", most_photos
        ),
    )
    _check_count(
        invoices,
        most_invoices,
        "invoices",
        none=_("Attach at least one invoice (PDF)."),
        too_many=ngettext(
            "Attach at most %(num)d invoice.", "Attach at most %(num)d invoices.", most_invoices
        ),
    )
    if not acceptance_record:
        raise MilestoneRefused(_("Attach the acceptance record (PDF)."), field="acceptance_record")


def _check_count(uploads, most, field, *, none, too_many):
    """One upload at least and `most` at the most in `field`, refused with the message given."""
    if not uploads:
        raise MilestoneRefused(none, field=field)
    if len(uploads) > most:
        raise MilestoneRefused(too_many, field=field)


def _check_file(upload, allowed, max_bytes, field):
    try:
        return check_upload(upload, allowed, max_bytes=max_bytes)
    except UploadRejected as rejection:
        raise _file_refused(upload, rejection, field) from rejection


def _file_refused(upload, rejection, field):
    """The refusal of one file, named, since a field may hold several."""
    return MilestoneRefused(
        _("%(name)s: %(problem)s", name=upload.filename or "?", problem=str(rejection)),
        field=field,
    )
