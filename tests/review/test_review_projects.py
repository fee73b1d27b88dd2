"""The project review page: what a reviewer sees, starting a review and recording a decision."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.projects.models import ProjectReview, ProjectState, ReviewDecision
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION
from crowdfund.review.services import record_review, start_project_review
from crowdfund.timeutil import today
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory
from tests.factories.review import (
    InReviewProjectFactory,
    SubmittedProjectFactory,
    checklist_answers,
)


def _url(project, action=""):
    return f"/review/projects/{project.slug}{action}"


def _vetting(decision, failed=(), comments="", notes=None, unanswered=()):
    """The vetting form as a reviewer would post it."""
    data = {"decision": decision, "comments": comments}
    for key in CHECKLIST:
        if key not in unanswered:
            data[f"item_{key}-result"] = "failed" if key in failed else "passed"
        data[f"item_{key}-note"] = (notes or {}).get(key, "")
    return data


def _reviews_of(project):
    return db.session.scalars(sa.select(ProjectReview).filter_by(project_id=project.id)).all()


def test_review_page_shows_what_the_reviewer_needs(login):
    project = SubmittedProjectFactory(sdgs=[4, 6])
    commune = project.commune

    response = login(ReviewerFactory()).get(_url(project))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    for expected in (
        project.title,
        project.organisation.name,
        "Verified",
        f"{commune.name_en}, {commune.province.name_en}, {commune.province.region.name_en}",
        "31.0, -7.9",
        "Basic drinking water supply and basic sanitation",
        "Quality education",
        "Clean water and sanitation",
        "120,000.00",
        "Flexible",
        "Drilling",
        "Borehole drilled",
        "The budget adds up to the goal.",
        "The milestones add up to the goal.",
        "<strong>two hours</strong>",
        "No approval document is attached.",
        "Start review",
    ):
        assert expected in page, expected
    assert "Record the decision" not in page


def _stored_file(key, name, content_type):
    return StoredFile(
        storage_key=key, original_name=name, content_type=content_type, size=10, sha256="0" * 64
    )


def test_review_page_links_the_cover_image_and_the_commune_approval(login):
    project = SubmittedProjectFactory(
        cover_image=_stored_file("cover-key", "well.jpg", "image/jpeg"),
        commune_approval=_stored_file("approval-key", "deliberation.pdf", "application/pdf"),
    )

    page = login(ReviewerFactory()).get(_url(project)).get_data(as_text=True)

    assert 'src="/files/cover-key"' in page
    assert '<a href="/files/approval-key">deliberation.pdf</a>' in page
    assert "No approval document is attached." not in page


def test_review_page_flags_milestones_that_do_not_add_up_to_the_goal(login):
    project = SubmittedProjectFactory()
    project.milestones[0].amount -= 100_000
    db.session.flush()

    page = login(ReviewerFactory()).get(_url(project)).get_data(as_text=True)

    assert "Milestones add up to" in page
    assert "The budget adds up to the goal." in page


def test_unknown_project_is_not_found(login):
    assert login(ReviewerFactory()).get("/review/projects/no-such-project").status_code == 404


def test_members_and_admins_are_refused_the_review_page(login):
    project = SubmittedProjectFactory()

    assert login(project.organisation.created_by).get(_url(project)).status_code == 403
    assert login(AdminFactory()).get(_url(project)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_a_public_project(client):
    response = client.get(_url(ProjectFactory(state=ProjectState.LIVE)))

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_reviewer_starts_a_review(login):
    reviewer = ReviewerFactory(name="Youssef Alaoui")
    project = SubmittedProjectFactory()
    client = login(reviewer)

    response = client.post(_url(project, "/start"))

    assert response.status_code == 302
    db.session.refresh(project)
    assert project.state == ProjectState.IN_REVIEW
    assert [(t.action, t.actor) for t in project.transitions] == [("start_review", reviewer)]
    page = client.get(_url(project)).get_data(as_text=True)
    assert "Review started by Youssef Alaoui" in page
    assert "Record the decision" in page
    assert "Start review" not in page


def test_a_review_already_started_cannot_be_started_again(login):
    project = InReviewProjectFactory()

    response = login(ReviewerFactory()).post(_url(project, "/start"), follow_redirects=True)

    assert "another reviewer may have acted on it" in response.get_data(as_text=True)
    db.session.refresh(project)
    assert project.state == ProjectState.IN_REVIEW
    assert project.transitions == []


def test_approving_needs_every_checklist_item_passed(login):
    project = InReviewProjectFactory()

    response = login(ReviewerFactory()).post(
        _url(project, "/decision"), data=_vetting("approve", failed={"budget_realism"})
    )

    assert response.status_code == 200
    assert "only when every checklist item passed" in response.get_data(as_text=True)
    db.session.refresh(project)
    assert project.state == ProjectState.IN_REVIEW
    assert _reviews_of(project) == []


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_requesting_changes_or_rejecting_needs_comments(login, decision):
    project = InReviewProjectFactory()

    response = login(ReviewerFactory()).post(
        _url(project, "/decision"), data=_vetting(decision, failed={"commune_approval"})
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="comments-error"' in page
    assert "Tell the project owner what must change" in page
    db.session.refresh(project)
    assert project.state == ProjectState.IN_REVIEW


def test_every_checklist_item_must_be_answered(login):
    project = InReviewProjectFactory()

    response = login(ReviewerFactory()).post(
        _url(project, "/decision"), data=_vetting("approve", unanswered={"no_double_funding"})
    )

    assert response.status_code == 200
    assert "Say whether this item passed or failed." in response.get_data(as_text=True)
    db.session.refresh(project)
    assert project.state == ProjectState.IN_REVIEW


def test_approving_a_project_whose_start_date_has_come_opens_it_for_pledges(login):
    project = InReviewProjectFactory(start_date=today())

    response = login(ReviewerFactory()).post(_url(project, "/decision"), data=_vetting("approve"))

    assert response.status_code == 302
    db.session.refresh(project)
    assert project.state == ProjectState.LIVE
    assert project.published_at is not None
    assert [t.action for t in project.transitions] == ["approve", "go_live"]


def test_approving_a_project_that_starts_later_leaves_it_approved(login):
    project = InReviewProjectFactory(start_date=today() + timedelta(days=3))

    login(ReviewerFactory()).post(_url(project, "/decision"), data=_vetting("approve"))

    db.session.refresh(project)
    assert project.state == ProjectState.APPROVED
    assert project.published_at is None


def test_a_decision_is_kept_in_the_history_and_as_a_review(login):
    reviewer = ReviewerFactory(affiliation="Ministry for Moroccans Abroad")
    project = InReviewProjectFactory()
    comments = "Attach the commune council's signed approval."

    login(reviewer).post(
        _url(project, "/decision"),
        data=_vetting(
            "request_changes",
            failed={"commune_approval"},
            comments=comments,
            notes={"commune_approval": "Only a draft was uploaded."},
        ),
    )

    db.session.refresh(project)
    assert project.state == ProjectState.CHANGES_REQUESTED
    [entry] = project.transitions
    assert (entry.action, entry.actor, entry.comment) == ("request_changes", reviewer, comments)
    [review] = _reviews_of(project)
    assert review.reviewer == reviewer
    assert review.reviewer_affiliation == "Ministry for Moroccans Abroad"
    assert review.checklist_version == CHECKLIST_VERSION
    assert review.decision == ReviewDecision.REQUEST_CHANGES
    assert review.comments == comments
    assert review.answers["commune_approval"] == {
        "passed": False,
        "note": "Only a draft was uploaded.",
    }
    assert review.answers["eligibility"] == {"passed": True, "note": ""}


def test_earlier_reviews_and_the_history_are_shown(login):
    karim = ReviewerFactory(name="Karim Tazi")
    project = SubmittedProjectFactory()
    start_project_review(project, karim)
    record_review(
        project,
        karim,
        checklist_answers(failed={"budget_realism"}),
        ReviewDecision.REQUEST_CHANGES,
        "The budget misses the pump's transport.",
    )

    page = login(ReviewerFactory()).get(_url(project)).get_data(as_text=True)

    assert "Karim Tazi" in page
    assert page.count("The budget misses the pump&#39;s transport.") == 2
    assert "Budget realism: costs match local prices and the milestones" in page
    assert "<strong>Review started</strong>" in page
    assert "<strong>Changes requested</strong>" in page
