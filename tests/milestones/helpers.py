"""Sending evidence through the service, and counting what it left behind."""

import sqlalchemy as sa
from flask import current_app

from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.milestones.evidence import submit_evidence
from crowdfund.milestones.models import EvidenceFile, MilestoneEvidence

NARRATIVE = "The borehole is drilled to 120 m; water was struck at 85 m.\n\nThe pump is next."


def submit(project, milestone, owner, uploads, narrative=NARRATIVE):
    return submit_evidence(
        project,
        milestone,
        owner,
        narrative,
        uploads["photos"],
        uploads["invoices"],
        uploads["acceptance_record"],
    )


def what_is_stored():
    """(evidence rows, evidence file rows, stored file rows, files on disk)."""
    counts = tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (MilestoneEvidence, EvidenceFile, StoredFile)
    )
    on_disk = sum(1 for path in current_app.config["UPLOAD_DIR"].rglob("*") if path.is_file())
    return (*counts, on_disk)


def form_data(milestone, uploads, narrative=NARRATIVE):
    """The evidence form as a browser posts it."""
    data = {"milestone_id": milestone.id, "narrative": narrative, **uploads}
    return {name: value for name, value in data.items() if value is not None}
