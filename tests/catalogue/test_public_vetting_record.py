"""The public summary of a project's vetting, built from the approving review."""

from crowdfund.catalogue.vetting import public_vetting_record
from crowdfund.projects.reference import CHECKLIST
from tests.factories import ProjectFactory
from tests.factories.catalogue import ProjectReviewFactory


def test_items_follow_the_checklist_order_and_keep_items_of_older_versions():
    project = ProjectFactory()
    answers = {key: {"passed": True, "note": ""} for key in reversed(CHECKLIST)}
    answers["site_visit"] = {"passed": False, "note": "Retired item"}
    ProjectReviewFactory(project=project, checklist_version="2025.2", answers=answers)

    record = public_vetting_record(project)

    assert [item.key for item in record.items] == [*CHECKLIST, "site_visit"]
    assert record.items[-1].label == "site_visit"
    assert record.items[-1].passed is False
    assert record.checklist_version == "2025.2"


def test_a_project_without_an_approving_review_has_no_record():
    project = ProjectFactory()
    ProjectReviewFactory(project=project, decision="reject")

    assert public_vetting_record(project) is None
