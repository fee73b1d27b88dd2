"""The audit log page: admins only, newest first, searchable, a page at a time."""

from datetime import datetime

import pytest

from crowdfund.audit.log import record
from crowdfund.audit.models import AuditEntry
from crowdfund.audit.views import ENTRIES_PER_PAGE
from crowdfund.extensions import db
from tests.audit.helpers import audit_entries
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.review import PendingOrganisationFactory


@pytest.fixture
def admin():
    return AdminFactory(name="Karim Alaoui", email="karim@example.org")


def _entry_made_on(created_at, action, target, actor):
    """An entry written at `created_at`: entries cannot be changed, so it is inserted so."""
    db.session.add(
        AuditEntry(
            created_at=created_at,
            actor_id=actor.id,
            action=action,
            target_type=type(target).__name__,
            target_id=target.id,
        )
    )


def _search(client, **arguments):
    response = client.get("/admin/audit", query_string=arguments)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_change_made_through_the_site_is_listed_with_who_and_from_where(login, admin):
    user = UserFactory(name="Leila Haddad")
    client = login(admin)

    client.post(
        f"/admin/users/{user.id}",
        data={"roles": ["reviewer"], "affiliation": "Treasury", "status": "active"},
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )

    [entry] = audit_entries("user.access_changed")
    assert (entry.actor_id, entry.ip_address) == (admin.id, "198.51.100.23")
    page = _search(client)
    assert "user.access_changed" in page
    assert "198.51.100.23" in page
    assert "karim@example.org" in page
    assert "Treasury" in page


def test_entries_are_found_by_actor_action_target_and_date(login, admin):
    reviewer = ReviewerFactory(email="nadia@example.org")
    organisation = PendingOrganisationFactory()
    project = ProjectFactory()
    record("organisation.verified", organisation, actor=reviewer)
    record("project.approved", project, actor=reviewer)
    record("matching_fund.created", project, actor=admin)
    client = login(admin)

    assert _count(_search(client, actor="nadia@")) == 2
    assert _count(_search(client, action="project.")) == 1
    assert _count(_search(client, action="organisation.verified")) == 1
    assert _count(_search(client, target_type="Project")) == 2
    assert _count(_search(client, target_type="Project", target_id=project.id)) == 2
    assert _count(_search(client, target_type="Organisation", target_id=project.id + 999)) == 0
    assert _count(_search(client, since="2000-01-01", until="2000-12-31")) == 0


def _count(page):
    marker = page.index('role="status">') + len('role="status">')
    return int(page[marker:].split(" ", 1)[0])


def test_newest_entries_come_first_and_a_page_holds_a_fixed_number(login, admin):
    project = ProjectFactory()
    for number in range(ENTRIES_PER_PAGE + 1):
        record(f"project.step_{number:03d}", project, actor=admin)
    client = login(admin)

    first_page = _search(client)
    second_page = _search(client, page=2)

    assert first_page.index(f"project.step_{ENTRIES_PER_PAGE:03d}") < first_page.index(
        f"project.step_{ENTRIES_PER_PAGE - 1:03d}"
    )
    assert "project.step_000" not in first_page
    assert "project.step_000" in second_page
    assert f"project.step_{ENTRIES_PER_PAGE:03d}" not in second_page


def test_a_search_keeps_its_filters_in_the_page_links(login, admin):
    project = ProjectFactory()
    for _ in range(ENTRIES_PER_PAGE + 1):
        record("project.approved", project, actor=admin)

    page = _search(login(admin), action="project.approved")

    assert "action=project.approved" in page
    assert "page=2" in page


def test_a_date_range_includes_both_days(login, admin):
    project = ProjectFactory()
    _entry_made_on(datetime(2026, 3, 1, 0, 0), "project.approved", project, admin)
    _entry_made_on(datetime(2026, 3, 31, 23, 59), "project.rejected", project, admin)
    _entry_made_on(datetime(2026, 4, 1, 0, 0), "project.review_started", project, admin)
    db.session.flush()
    page = _search(login(admin), since="2026-03-01", until="2026-03-31")

    assert _count(page) == 2
    assert "project.review_started" not in page


@pytest.mark.parametrize("factory", [ReviewerFactory, UserFactory])
def test_only_administrators_see_the_log(login, factory):
    assert login(factory()).get("/admin/audit").status_code == 403
