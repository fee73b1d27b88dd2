"""The demo's funded projects spend their money as owners, reviewers and treasurers do.

For each milestone reported in progress_data, the owner sends evidence (photos of
the site with their GPS position and time, an invoice and the acceptance record)
through the milestone services; a reviewer verifies it and a treasurer, another
person, releases the tranche against a bank transfer reference. The release of
the last tranche completes the project. Each step is then dated back into the
project's story.
"""

from datetime import timedelta

from crowdfund.demo.artwork import as_upload, document_pdf, site_photo
from crowdfund.demo.clock import Clock
from crowdfund.demo.progress_data import MILESTONE_REPORTS, VERIFIED_BEFORE_RELEASE
from crowdfund.demo.project_data import PROJECTS
from crowdfund.extensions import db
from crowdfund.milestones.evidence import submit_evidence
from crowdfund.milestones.release import release_tranche
from crowdfund.milestones.verification import verify_evidence

#: How far from the project's point each photo of the site was taken, in degrees (about 100 m).
PHOTO_OFFSETS = ((0.0008, -0.0004), (-0.0005, 0.0009))
#: The hours of the day each step was taken: photos the day before the evidence was sent.
PHOTOGRAPHED_AT_HOUR, SENT_AT_HOUR, VERIFIED_AT_HOUR, RELEASED_AT_HOUR = 9, 10, 11, 15


def report_milestones(projects, people, now):
    """Send, verify and release each milestone as MILESTONE_REPORTS tells; the disbursements."""
    disbursements = []
    for spec, project in zip(PROJECTS, projects, strict=True):
        reports = MILESTONE_REPORTS.get(spec.title)
        if reports:
            reviewer, treasurer = people[spec.story.reviewer], people["treasurer"]
            disbursements += _report(project, reports, reviewer, treasurer, now)
            if project.state != spec.story.state:
                raise RuntimeError(f"{spec.title!r} ended {project.state}, not {spec.story.state}")
    db.session.flush()
    return disbursements


def _report(project, reports, reviewer, treasurer, now):
    """Take `project`'s milestones, in order, as far as `reports` go; the disbursements."""
    if len(reports) > len(project.milestones):
        raise ValueError(f"{project.title!r} has fewer milestones than reports")
    clock = Clock(project, now)
    disbursements = []
    for milestone, report in zip(project.milestones, reports, strict=False):
        evidence = _send(project, milestone, report, clock)
        if report.released is None:
            continue
        verify_evidence(evidence, reviewer)
        evidence.decided_at = clock.days_ago(
            report.released + VERIFIED_BEFORE_RELEASE, VERIFIED_AT_HOUR
        )
        disbursements.append(_release(project, milestone, evidence, treasurer, report, clock))
    return disbursements


def _send(project, milestone, report, clock):
    """The owner's evidence for `milestone`, as its upload form would send it."""
    sent_at = clock.days_ago(report.sent, SENT_AT_HOUR)
    photographed_at = clock.days_ago(report.sent + 1, PHOTOGRAPHED_AT_HOUR)
    photos = [
        as_upload(
            site_photo(
                project.sector_code,
                milestone.id * 10 + number,
                project.latitude + north,
                project.longitude + east,
                photographed_at + timedelta(minutes=7 * number),
            ),
            f"IMG_{milestone.position}{number:03d}.jpg",
            "image/jpeg",
        )
        for number, (north, east) in enumerate(PHOTO_OFFSETS, start=1)
    ]
    invoice, record = _paperwork(project, milestone, report, sent_at)
    evidence = submit_evidence(
        project,
        milestone,
        project.organisation.created_by,
        report.narrative,
        photos,
        [as_upload(invoice, f"facture-jalon-{milestone.position}.pdf", "application/pdf")],
        as_upload(record, f"pv-reception-jalon-{milestone.position}.pdf", "application/pdf"),
    )
    evidence.submitted_at = evidence.created_at = sent_at
    return evidence


def _paperwork(project, milestone, report, sent_at):
    """(the invoice, the acceptance record) of the work, as one-page PDF letters."""
    amount = f"{milestone.amount // 100:,}".replace(",", " ")
    invoice = document_pdf(
        [report.supplier, f"Facture n° F-{sent_at:%Y}-{milestone.id:04d}"],
        [
            f"Client : {project.organisation.name}.",
            f"Objet : {project.title}, jalon {milestone.position} : {milestone.title}.",
            f"Montant total : {amount} dirhams TTC, payable par virement bancaire.",
        ],
    )
    record = document_pdf(
        ["Procès-verbal de réception", project.organisation.name],
        [
            f"Le {sent_at:%d/%m/%Y}, la commission de réception a constaté l'achèvement des "
            f"travaux du jalon {milestone.position} : {milestone.title}.",
            f"Travaux réalisés par {report.supplier}, conformes au budget du projet « "
            f"{project.title} ».",
            "La réception est prononcée sans réserve.",
        ],
    )
    return invoice, record


def _release(project, milestone, evidence, treasurer, report, clock):
    released_at = clock.days_ago(report.released, RELEASED_AT_HOUR)
    bank_reference = f"TGR/VIR/{released_at:%Y}/{project.id:04d}-{milestone.position}"
    # Releasing the last tranche completes the project: that entry of its history is dated too.
    completes = milestone is project.milestones[-1]
    disbursement = clock.step(
        [released_at] if completes else [],
        release_tranche,
        evidence,
        treasurer,
        milestone.amount,
        bank_reference,
    )
    disbursement.released_at = disbursement.created_at = released_at
    return disbursement
