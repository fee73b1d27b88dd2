"""Draft the demo projects as their owners would and take each through review, back-dated.

Projects whose story opens them are left live: their campaigns are played by campaigns.py.
"""

from datetime import timedelta

from crowdfund.demo.artwork import as_upload, cover_image, document_pdf
from crowdfund.demo.clock import Clock
from crowdfund.demo.project_data import PROJECTS
from crowdfund.extensions import db
from crowdfund.projects import lifecycle
from crowdfund.projects.models import ProjectState, ReviewDecision
from crowdfund.projects.reference import CHECKLIST
from crowdfund.projects.services import create_project
from crowdfund.review.services import record_review, start_project_review

#: What a reviewer writes against each checklist item when it passes.
PASSED_NOTES = {
    "eligibility": "Organisation vérifiée ; projet d'intérêt collectif.",
    "budget_realism": "Coûts conformes aux devis joints et aux prix de la région.",
    "commune_approval": "Délibération du conseil communal jointe et signée.",
    "no_double_funding": "Aucun autre financement déclaré pour ces dépenses.",
    "environmental_social_risk": "Risque faible ; aucun déplacement de population.",
}
APPROVAL_COMMENT = "Dossier complet et conforme à la grille de vérification."

#: The decision that leaves a project in each state, for stories that reach a decision.
DECISIONS = {
    ProjectState.CHANGES_REQUESTED: ReviewDecision.REQUEST_CHANGES,
    ProjectState.DRAFT: ReviewDecision.REQUEST_CHANGES,
    ProjectState.REJECTED: ReviewDecision.REJECT,
}


def _milestones(spec, lines, end_date):
    """(title, amount, target date) for each milestone, paid by its run of budget lines."""
    if sum(count for _title, count in spec.milestones) != len(lines):
        raise ValueError(f"milestones of {spec.title!r} do not cover its budget lines")
    milestones, first = [], 0
    for number, (title, count) in enumerate(spec.milestones, start=1):
        amount = sum(amount for _label, amount in lines[first : first + count])
        milestones.append((title, amount, end_date + timedelta(days=45 * number)))
        first += count
    return milestones


def _commune_approval(spec, organisation, commune):
    return document_pdf(
        ["Royaume du Maroc", f"Commune de {commune.name_fr}"],
        [
            "Extrait du procès-verbal de la session ordinaire du conseil communal.",
            f"Objet : avis favorable au projet « {spec.title} » porté par {organisation.name}.",
            "Le conseil communal approuve le projet, confirme la disponibilité du terrain et "
            "s'engage à en assurer l'entretien après la réception des travaux.",
            "Le président du conseil communal.",
        ],
    )


def _draft_data(spec, number, organisation, commune, today):
    """What the owner would type in the drafting form, with the files they would upload."""
    story = spec.story
    start_date = today + timedelta(days=story.opens)
    end_date = start_date + timedelta(days=story.days)
    lines = [(label, dirhams * 100) for label, dirhams in spec.budget]
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": spec.description,
        "sector_code": spec.sector,
        "goal_amount": sum(amount for _label, amount in lines),
        "funding_model": spec.funding,
        "start_date": start_date,
        "end_date": end_date,
        "commune": commune,
        "latitude": spec.point[0],
        "longitude": spec.point[1],
        "sdgs": list(spec.sdgs),
        "budget_lines": lines,
        "milestones": _milestones(spec, lines, end_date),
        "cover_image": as_upload(cover_image(spec.sector, number), "cover.jpg", "image/jpeg"),
        "commune_approval": as_upload(
            _commune_approval(spec, organisation, commune), "deliberation.pdf", "application/pdf"
        ),
    }


def _answers(story):
    answers = {key: {"passed": True, "note": PASSED_NOTES.get(key, "")} for key in CHECKLIST}
    if story.failed_item:
        key, note = story.failed_item
        answers[key] = {"passed": False, "note": note}
    return answers


def _play(project, story, owner, reviewer, now):
    """Take `project` through review to its story's state, or live if its campaign has opened."""
    clock = Clock(project, now)
    project.created_at = clock.days_ago((story.submitted or 0) + 7, 8)
    if story.submitted is None:
        return
    submitted_at = clock.days_ago(story.submitted, 9)
    clock.step([submitted_at], lifecycle.submit, project, owner)
    project.submitted_at = submitted_at
    if story.state == ProjectState.SUBMITTED:
        return
    review_day = max(story.submitted - 2, 1)
    clock.step([clock.days_ago(review_day, 11)], start_project_review, project, reviewer)
    if story.state == ProjectState.IN_REVIEW:
        return

    decision = DECISIONS.get(story.state, ReviewDecision.APPROVE)
    decided_at = clock.days_ago(story.submitted - 4, 15)
    opened_at = max(decided_at, clock.on(project.start_date, 7))
    opens_now = decision == ReviewDecision.APPROVE and project.start_date <= now.date()
    review = clock.step(
        [decided_at, opened_at] if opens_now else [decided_at],
        record_review,
        project,
        reviewer,
        _answers(story),
        decision,
        story.comment or APPROVAL_COMMENT,
    )
    review.created_at = decided_at
    if opens_now:
        project.published_at = opened_at
    if story.revised:
        clock.step([clock.days_ago(story.submitted - 6, 10)], lifecycle.revise, project, owner)


def create_projects(organisations, communes, people, now):
    """Create every demo project and take it through review; returns them in order."""
    projects = []
    for number, spec in enumerate(PROJECTS, start=1):
        organisation = organisations[spec.organisation]
        owner = organisation.created_by
        commune = communes[spec.commune]
        project = create_project(
            organisation, owner, _draft_data(spec, number, organisation, commune, now.date())
        )
        _play(project, spec.story, owner, people[spec.story.reviewer], now)
        projects.append(project)
    db.session.flush()
    return projects
