"""The whole loop through the pages, with real files: evidence, verification, release, the
donors' mail, the public record of each milestone, and a sound ledger at the end."""

import io

import sqlalchemy as sa
from flask import render_template
from PIL import Image

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.reading import project_money
from crowdfund.milestones.models import EvidenceFileKind, MilestoneEvidence
from crowdfund.milestones.reading import milestone_progress
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.projects.models import ProjectState
from tests.factories import ReviewerFactory
from tests.factories.milestones import TreasurerFactory
from tests.milestones.helpers import form_data


def _latest_evidence():
    db.session.expire_all()
    return db.session.scalars(
        sa.select(MilestoneEvidence).order_by(MilestoneEvidence.id.desc())
    ).first()


def _file_of(evidence, kind):
    return evidence.files_of_kind(kind)[0].file


def _run_milestone(client_of, project, milestone, reviewer, treasurer, files, reference):
    owner_client = client_of["owner"]
    form = owner_client.get(f"/manage/projects/{project.slug}/milestones").get_data(as_text=True)
    assert f"Send evidence for milestone {milestone.position}: {milestone.title}" in form

    sent = owner_client.post(
        f"/manage/projects/{project.slug}/milestones/evidence",
        data=form_data(milestone, files(photos=2)),
    )
    assert sent.status_code == 302
    evidence = _latest_evidence()
    assert evidence.milestone_id == milestone.id

    photo = _file_of(evidence, EvidenceFileKind.PHOTO)
    invoice = _file_of(evidence, EvidenceFileKind.INVOICE)
    record = _file_of(evidence, EvidenceFileKind.ACCEPTANCE_RECORD)
    anonymous = client_of["anonymous"]
    # Before verification nothing is public.
    assert anonymous.get(f"/files/{photo.storage_key}").status_code == 404

    reviewer_client = client_of[reviewer]
    assert f"/review/evidence/{evidence.id}" in reviewer_client.get("/review/").get_data(True)
    assert reviewer_client.post(f"/review/evidence/{evidence.id}/verify").status_code == 302

    downloaded = anonymous.get(f"/files/{photo.storage_key}")
    assert downloaded.status_code == 200
    assert downloaded.mimetype == "image/jpeg"
    assert b"SecretPhone" not in downloaded.data
    with Image.open(io.BytesIO(downloaded.data)) as image:
        assert dict(image.getexif()) == {}
    assert anonymous.get(f"/files/{record.storage_key}").status_code == 200
    assert anonymous.get(f"/files/{invoice.storage_key}").status_code == 404
    assert client_of[treasurer].get(f"/files/{invoice.storage_key}").status_code == 200

    treasury = client_of[treasurer].get("/treasury/").get_data(as_text=True)
    assert f"/treasury/evidence/{evidence.id}" in treasury
    released = client_of[treasurer].post(
        f"/treasury/evidence/{evidence.id}/release",
        data={"amount": str(milestone.amount // 100), "bank_reference": reference},
    )
    assert released.status_code == 302


def test_evidence_to_completion_through_the_pages(app, project, donors, owner, files, login):
    first_reviewer, second_reviewer = ReviewerFactory(), ReviewerFactory()
    first_treasurer, second_treasurer = TreasurerFactory(), TreasurerFactory()
    client_of = {
        "owner": login(owner),
        "anonymous": app.test_client(),
        **{user: login(user) for user in (first_reviewer, second_reviewer)},
        **{user: login(user) for user in (first_treasurer, second_treasurer)},
    }
    first, second = project.milestones

    _run_milestone(client_of, project, first, first_reviewer, first_treasurer, files, "TGR-1")
    _run_milestone(client_of, project, second, second_reviewer, second_treasurer, files, "TGR-2")

    db.session.expire_all()
    assert project.state == ProjectState.COMPLETED
    money = project_money(project)
    assert (money.held, money.disbursed, money.raised) == (0, 12_000_000, 12_000_000)
    assert check_ledger() == []
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == NotificationKind.MILESTONE_RELEASED)
    ).all()
    assert sorted(
        (message.recipient_id, "Water flowing" in message.subject) for message in mail
    ) == sorted([(donor.id, False) for donor in donors] + [(donor.id, True) for donor in donors])

    public = render_template(
        "milestones/_project_milestones.html", progress=milestone_progress(project), project=project
    )
    assert public.count("Funds released") == 2
    assert first_reviewer.name in public
    assert second_treasurer.name in public
    for item in milestone_progress(project):
        assert f"/files/{item.photos[0].file.storage_key}" in public
        assert f"/files/{item.acceptance_records[0].file.storage_key}" in public
        invoice = item.evidence.files_of_kind(EvidenceFileKind.INVOICE)[0]
        assert invoice.file.storage_key not in public
    assert "TGR-1" not in public
    assert client_of["anonymous"].get(f"/projects/{project.slug}").status_code == 200
    assert client_of["owner"].get(f"/manage/projects/{project.slug}").status_code == 200


def test_the_owner_page_explains_a_rejection(project, owner, reviewer, files, login):
    client = login(owner)
    client.post(
        f"/manage/projects/{project.slug}/milestones/evidence",
        data=form_data(project.milestones[0], files()),
    )
    evidence = _latest_evidence()
    login(reviewer).post(
        f"/review/evidence/{evidence.id}/reject", data={"reason": "The photos are blurred."}
    )

    page = client.get(f"/manage/projects/{project.slug}/milestones").get_data(as_text=True)

    assert "Why the evidence was rejected" in page
    assert "The photos are blurred." in page
    assert "Send evidence for milestone 1: Borehole drilled" in page


def test_a_refused_file_comes_back_beside_its_field(project, owner, files, login):
    uploads = files()
    uploads["photos"][0].stream = io.BytesIO(b"%PDF-1.4 not a photo")

    response = login(owner).post(
        f"/manage/projects/{project.slug}/milestones/evidence",
        data=form_data(project.milestones[0], uploads),
    )

    assert response.status_code == 200
    assert "site-0.jpg: This file is not a JPEG, PNG, or WebP file." in response.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneEvidence)) == 0


def test_a_form_larger_than_all_files_together_is_refused_clearly(
    app, monkeypatch, project, owner, files, login
):
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_PHOTOS", 1)
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_INVOICES", 1)
    # At most 100 KB a file: the form may carry 300 KB of files (and room for the rest).
    monkeypatch.setitem(app.config, "EVIDENCE_PHOTO_MAX_BYTES", 100 * 1024)
    monkeypatch.setitem(app.config, "EVIDENCE_DOCUMENT_MAX_BYTES", 100 * 1024)
    uploads = files()
    uploads["invoices"][0].stream = io.BytesIO(b"%PDF-1.4\n" + b"0" * (420 * 1024))

    response = login(owner).post(
        f"/manage/projects/{project.slug}/milestones/evidence",
        data=form_data(project.milestones[0], uploads),
    )

    assert response.status_code == 413
    assert "The files sent together are larger than 1 MB." in response.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneEvidence)) == 0


def test_a_form_above_the_site_wide_limit_is_accepted_within_the_evidence_limit(
    app, monkeypatch, project, owner, files, login
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    uploads = files(photos=3, invoices=3)
    for photo in uploads["photos"]:
        photo.stream = io.BytesIO(photo.stream.read() + b"\0" * 30 * 1024)

    response = login(owner).post(
        f"/manage/projects/{project.slug}/milestones/evidence",
        data=form_data(project.milestones[0], uploads),
    )

    assert response.status_code == 302
