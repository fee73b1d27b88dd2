"""Owners send evidence for the next milestone of a funded project; anything refused leaves
nothing behind."""

import io
import os

import pytest
from PIL import Image

from crowdfund.files.services import stored_path
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import EvidenceFileKind, EvidenceState
from crowdfund.milestones.reading import MilestoneState, milestone_progress
from crowdfund.milestones.verification import reject_evidence
from crowdfund.projects.models import ProjectState
from tests.audit.helpers import audit_entries
from tests.factories import OwnerFactory, ProjectFactory
from tests.factories.files import PDF_BYTES, image_bytes, png_claiming_size, upload
from tests.factories.milestones import PHOTO_LATITUDE, PHOTO_LONGITUDE
from tests.milestones.helpers import NARRATIVE, submit, what_is_stored


def test_an_owner_sends_evidence_with_located_photos_stripped_of_their_metadata(
    project, milestones, owner, files
):
    evidence = submit(project, milestones[0], owner, files(photos=2, invoices=2))

    assert (evidence.state, evidence.milestone_id, evidence.submitted_by_id) == (
        EvidenceState.SUBMITTED,
        milestones[0].id,
        owner.id,
    )
    assert evidence.narrative == NARRATIVE
    kinds = [evidence_file.kind for evidence_file in evidence.files]
    assert kinds.count(EvidenceFileKind.PHOTO) == 2
    assert kinds.count(EvidenceFileKind.INVOICE) == 2
    assert kinds.count(EvidenceFileKind.ACCEPTANCE_RECORD) == 1
    photo = evidence.files_of_kind(EvidenceFileKind.PHOTO)[0]
    assert photo.latitude == pytest.approx(PHOTO_LATITUDE, abs=1e-5)
    assert photo.longitude == pytest.approx(PHOTO_LONGITUDE, abs=1e-5)
    assert photo.taken_at is not None
    stored = stored_path(photo.file).read_bytes()
    assert b"SecretPhone" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}
    assert photo.file.content_type == "image/jpeg"
    assert photo.file.size == len(stored)
    record = evidence.files_of_kind(EvidenceFileKind.ACCEPTANCE_RECORD)[0]
    assert stored_path(record.file).read_bytes() == PDF_BYTES
    assert milestone_progress(project)[0].state == MilestoneState.EVIDENCE_SUBMITTED
    [entry] = audit_entries("milestone.evidence_submitted")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        owner.id,
        "MilestoneEvidence",
        evidence.id,
    )


def _noise_png(width, height):
    """A PNG that does not compress: about width × height × 3 bytes."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda uploads: uploads["photos"].append(upload(PDF_BYTES, "site.jpg", "image/jpeg")),
            "photos",
            "site.jpg: This file is not a JPEG, PNG, or WebP file.",
        ),
        (
            lambda uploads: uploads["invoices"].append(upload(image_bytes("PNG"), "bill.pdf")),
            "invoices",
            "bill.pdf: This file is not a PDF file.",
        ),
        (
            lambda uploads: uploads.update(acceptance_record=upload(b"%PDX", "pv.pdf")),
            "acceptance_record",
            "pv.pdf: This file is not a PDF file.",
        ),
        (
            lambda uploads: uploads["photos"].append(upload(_noise_png(700, 700), "huge.png")),
            "photos",
            "huge.png: The file is larger than 1 MB.",
        ),
        (
            lambda uploads: uploads["photos"].append(
                upload(png_claiming_size(20_000, 20_000), "bomb.png")
            ),
            "photos",
            "bomb.png: This image is too large: at most 40 megapixels.",
        ),
        (
            lambda uploads: uploads["photos"].append(upload(b"", "empty.jpg")),
            "photos",
            "empty.jpg: The file is empty.",
        ),
        (
            lambda uploads: uploads.update(photos=[]),
            "photos",
            "Attach at least one photo of the work done.",
        ),
        (
            lambda uploads: uploads.update(invoices=[]),
            "invoices",
            "Attach at least one invoice (PDF).",
        ),
        (
            lambda uploads: uploads.update(acceptance_record=None),
            "acceptance_record",
            "Attach the acceptance record (PDF).",
        ),
    ],
    ids=[
        "photo-wrong-magic",
        "invoice-not-a-pdf",
        "record-not-a-pdf",
        "photo-too-big",
        "decompression-bomb",
        "empty-photo",
        "no-photo",
        "no-invoice",
        "no-acceptance-record",
    ],
)
def test_a_refused_file_is_named_and_nothing_is_written(
    app, monkeypatch, project, milestones, owner, files, change, field, message
):
    monkeypatch.setitem(app.config, "EVIDENCE_PHOTO_MAX_BYTES", 1024 * 1024)
    uploads = files(photos=2)
    change(uploads)
    before = what_is_stored()

    with pytest.raises(MilestoneRefused) as refused:
        submit(project, milestones[0], owner, uploads)

    assert (refused.value.field, refused.value.message) == (field, message)
    assert what_is_stored() == before


def test_too_many_photos_or_invoices_are_refused(
    app, monkeypatch, project, milestones, owner, files
):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_PHOTOS", 2)
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_INVOICES", 1)
    before = what_is_stored()

    with pytest.raises(MilestoneRefused, match=r"^Attach at most 2 photos\.$"):
        submit(project, milestones[0], owner, files(photos=3))
    with pytest.raises(MilestoneRefused, match=r"^Attach at most 1 invoice\.$"):
        submit(project, milestones[0], owner, files(invoices=2))

    assert what_is_stored() == before


def test_a_narrative_is_required(project, milestones, owner, files):
    with pytest.raises(MilestoneRefused) as refused:
        submit(project, milestones[0], owner, files(), narrative="   ")

    assert refused.value.field == "narrative"


@pytest.mark.parametrize("state", [ProjectState.LIVE, ProjectState.FAILED, ProjectState.COMPLETED])
def test_evidence_is_refused_unless_the_project_is_funded(owner, files, state):
    project = ProjectFactory(organisation__created_by=owner, state=state)
    before = what_is_stored()

    with pytest.raises(MilestoneRefused, match="funded projects only"):
        submit(project, project.milestones[0], owner, files())

    assert what_is_stored() == before


def test_milestones_go_in_order(project, milestones, owner, files):
    with pytest.raises(MilestoneRefused) as refused:
        submit(project, milestones[1], owner, files())

    assert refused.value.message == (
        "Milestones go in order: the funds of milestone 1, “Borehole drilled”, must be released "
        "before evidence for a later milestone is sent."
    )


def test_a_milestone_of_another_project_is_refused(project, owner, files):
    other = ProjectFactory(state=ProjectState.FUNDED)

    with pytest.raises(MilestoneRefused, match="not one of this project's"):
        submit(project, other.milestones[0], owner, files())


def test_only_members_of_the_organisation_send_evidence(project, milestones, files):
    with pytest.raises(MilestoneRefused, match="Only members of"):
        submit(project, milestones[0], OwnerFactory(), files())


def test_evidence_awaiting_verification_cannot_be_sent_twice(project, milestones, owner, files):
    submit(project, milestones[0], owner, files())

    with pytest.raises(MilestoneRefused, match="already awaiting verification"):
        submit(project, milestones[0], owner, files())


def test_new_evidence_may_be_sent_after_a_rejection(project, milestones, owner, reviewer, files):
    first = submit(project, milestones[0], owner, files())
    reject_evidence(first, reviewer, "The acceptance record is not signed.")

    second = submit(project, milestones[0], owner, files())

    progress = milestone_progress(project)[0]
    assert progress.evidence.id == second.id
    assert progress.state == MilestoneState.EVIDENCE_SUBMITTED
    assert first.state == EvidenceState.REJECTED
