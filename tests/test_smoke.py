from tests.factories import ProjectFactory, ReviewerFactory


def test_factories_build_a_live_project_with_a_plan():
    project = ProjectFactory()
    assert project.id
    assert project.organisation.members
    assert sum(m.amount for m in project.milestones) == project.goal_amount
    assert ReviewerFactory().has_role("reviewer")


def test_home_page_answers(client):
    assert client.get("/").status_code == 200
