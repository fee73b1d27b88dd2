"""IATI 2.03 activity files: valid against the official schema, and true to the ledger."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from lxml import etree

from crowdfund.cofunding.models import InstitutionKind
from crowdfund.extensions import db
from crowdfund.ledger.reading import project_money
from crowdfund.opendata.iati import budget_periods
from crowdfund.opendata.publishing import all_activities_file
from crowdfund.organisations.models import OrganisationKind
from crowdfund.projects.models import (
    PUBLIC_STATES,
    Milestone,
    ProjectState,
    ProjectTransition,
)
from tests.catalogue.query_counter import counting_queries
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory
from tests.factories.cofunding import CoFundingFactory, ReceivedCoFundingFactory
from tests.factories.matching import MatchingFundFactory
from tests.opendata.iati_schema import assert_valid_iati
from tests.opendata.story import DAY_ONE

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _get_xml(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/xml"
    return response.data


def _activity(client, project):
    document = _get_xml(client, f"/projects/{project.slug}/iati.xml")
    assert_valid_iati(document)
    [activity] = etree.fromstring(document).findall("iati-activity")
    return activity


def _sum(activity, transaction_type):
    values = activity.xpath(
        f"transaction[transaction-type/@code='{transaction_type}']/value/text()"
    )
    return sum(Decimal(value) for value in values)


def _narratives(element):
    return {narrative.get(XML_LANG): narrative.text for narrative in element.findall("narrative")}


def test_a_project_file_is_valid_and_its_transactions_add_up_to_the_ledger(client, story):
    project, _fund, _donors = story
    money = project_money(project)

    activity = _activity(client, project)

    assert _sum(activity, "1") * 100 == money.raised == 425_000
    assert _sum(activity, "3") * 100 == money.disbursed == 150_000
    assert {t.find("value").get("currency") for t in activity.iter("transaction")} == {"MAD"}
    first = activity.find("transaction")
    assert first.find("transaction-date").get("iso-date") == DAY_ONE.isoformat()
    assert first.find("value").get("value-date") == DAY_ONE.isoformat()
    assert first.find("value").text == "1500.00"
    refunds = activity.xpath("transaction[starts-with(value, '-')]/value/text()")
    assert sorted(refunds) == ["-100.00", "-50.00"]
    [release] = activity.xpath("transaction[transaction-type/@code='3']")
    assert _narratives(release.find("description")) == {None: "Borehole drilled"}
    assert _narratives(release.find("receiver-org")) == {None: project.organisation.name}


def test_no_donor_is_named_anywhere_in_the_file(client, story):
    project, _fund, donors = story

    document = _get_xml(client, f"/projects/{project.slug}/iati.xml").decode()

    for donor in donors:
        assert donor.name not in document
        assert donor.email not in document
    assert "Donor asked" not in document  # the refund's reason
    assert "VIR-2026-0001" not in document  # the bank transfer's reference


def test_the_activity_describes_the_project_with_the_iati_code_lists(
    client, app, story, monkeypatch
):
    project, _fund, _donors = story
    monkeypatch.setitem(app.config, "IATI_REPORTING_ORG_REF", "XM-TEST-42")

    activity = _activity(client, project)

    assert activity.findtext("iati-identifier") == "XM-TEST-42-tizi-well"
    assert activity.find("reporting-org").get("ref") == "XM-TEST-42"
    assert _narratives(activity.find("title")) == {None: project.title}
    assert activity.find("activity-status").get("code") == "2"
    assert activity.find("recipient-country").get("code") == "MA"
    sector = activity.find("sector")
    assert (sector.get("vocabulary"), sector.get("code")) == ("1", "14030")
    assert _narratives(sector)["en"] == "Basic drinking water supply and basic sanitation"
    tags = [(tag.get("vocabulary"), tag.get("code")) for tag in activity.findall("tag")]
    assert tags == [("2", "5"), ("2", "6")]
    location = activity.find("location")
    assert _narratives(location.find("name"))["fr"] == project.commune.name_fr
    assert "Essaouira" in _narratives(location.find("description"))["fr"]
    assert location.findtext("point/pos") == f"{project.latitude} {project.longitude}"
    link = activity.find("document-link")
    assert link.get("url") == f"http://localhost/projects/{project.slug}"


def test_participating_organisations_name_funders_manager_and_implementer(client, story):
    project, _fund, _donors = story
    CoFundingFactory(
        project=project, institution="Conseil régional", institution_kind=InstitutionKind.REGION
    )
    ReceivedCoFundingFactory(
        project=project, institution="Ministère de l'Intérieur", institution_kind="ministry"
    )

    activity = _activity(client, project)

    participants = [
        (org.get("role"), org.get("type"), org.findtext("narrative"))
        for org in activity.findall("participating-org")
    ]
    assert participants == [
        ("1", None, "Diaspora donors"),
        ("1", None, "Fondation Hassan II"),
        ("1", "11", "Conseil régional"),
        ("1", "10", "Ministère de l'Intérieur"),
        ("3", "90", "Twiza"),
        ("4", "24", project.organisation.name),
    ]


@pytest.mark.parametrize(
    ("state", "code"),
    [
        (ProjectState.APPROVED, "1"),
        (ProjectState.LIVE, "1"),
        (ProjectState.FUNDED, "2"),
        (ProjectState.COMPLETED, "4"),
        (ProjectState.FAILED, "5"),
    ],
)
def test_the_activity_status_follows_the_project_state(client, state, code):
    project = ProjectFactory(state=state)

    assert _activity(client, project).find("activity-status").get("code") == code


def test_actual_dates_come_from_the_project_history(client):
    project = ProjectFactory(
        state=ProjectState.COMPLETED,
        organisation=OrganisationFactory(kind=OrganisationKind.COOPERATIVE),
    )
    for action, moment in (
        ("go_live", datetime(2026, 1, 5, 9)),
        ("complete", datetime(2026, 9, 1)),
    ):
        project.transitions.append(
            ProjectTransition(
                action=action,
                from_state=ProjectState.APPROVED,
                to_state=ProjectState.LIVE,
                created_at=moment,
            )
        )
    db.session.flush()

    activity = _activity(client, project)

    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {
        "1": project.start_date.isoformat(),
        "2": "2026-01-05",
        "3": project.milestones[-1].target_date.isoformat(),
        "4": "2026-09-01",
    }
    assert activity.find("participating-org[@role='4']").get("type") == "70"


def test_budgets_follow_the_milestones_year_by_year():
    project = ProjectFactory(start_date=date(2026, 1, 10), end_date=date(2026, 3, 1), plan=False)
    project.milestones.extend(
        [
            Milestone(position=1, title="A", amount=300_000, target_date=date(2026, 6, 1)),
            Milestone(position=2, title="B", amount=200_000, target_date=date(2026, 12, 1)),
            Milestone(position=3, title="C", amount=500_000, target_date=date(2027, 4, 1)),
        ]
    )

    assert budget_periods(project) == [
        (date(2026, 1, 10), date(2027, 1, 9), 500_000),
        (date(2027, 1, 10), date(2027, 4, 1), 500_000),
    ]


def test_a_project_without_milestones_is_budgeted_at_its_goal_over_its_campaign():
    project = ProjectFactory(plan=False, goal_amount=2_000_000)

    assert budget_periods(project) == [(project.start_date, project.end_date, 2_000_000)]


@pytest.mark.parametrize("state", sorted(set(ProjectState) - PUBLIC_STATES))
def test_a_project_that_is_not_public_has_no_file_even_for_its_owner(login, state):
    project = ProjectFactory(state=state, published_at=None)
    owner = login(project.organisation.created_by)

    assert owner.get(f"/projects/{project.slug}/iati.xml").status_code == 404


def test_the_file_of_all_projects_has_every_public_project_and_only_them(client, story):
    project, _fund, _donors = story
    public = [ProjectFactory(state=state) for state in sorted(PUBLIC_STATES)]
    ProjectFactory(state=ProjectState.DRAFT, published_at=None, slug="secret-draft")

    document = _get_xml(client, "/open-data/iati.xml")

    assert_valid_iati(document)
    activities = etree.fromstring(document).findall("iati-activity")
    identifiers = [activity.findtext("iati-identifier") for activity in activities]
    assert identifiers == [f"XI-IATI-TWIZA-{p.slug}" for p in [project, *public]]
    [told] = [a for a in activities if a.findtext("iati-identifier").endswith(project.slug)]
    assert _sum(told, "1") * 100 == project_money(project).raised


def test_the_file_of_all_projects_is_written_batch_by_batch(app, story):
    for _ in range(4):
        ProjectFactory()

    chunks = list(all_activities_file(batch_size=2))

    assert len(chunks) == 1 + 3 + 1  # the opening, three batches, the closing tag
    document = b"".join(chunks)
    assert_valid_iati(document)
    assert len(etree.fromstring(document).findall("iati-activity")) == 5


def test_a_project_file_takes_a_fixed_number_of_queries(client, pledge, ledger_day):
    project = ProjectFactory()
    MatchingFundFactory(cap_per_project=10_000)
    ledger_day(DAY_ONE)
    pledge(project, 10_000)

    def statements():
        with counting_queries() as executed:
            _get_xml(client, f"/projects/{project.slug}/iati.xml")
        return len(executed)

    before = statements()
    MatchingFundFactory(name="Fonds Atlas", sponsor="Banque Atlas", cap_per_project=10_000)
    for offset in range(1, 4):
        ledger_day(DAY_ONE + timedelta(days=offset))
        for _ in range(3):
            pledge(project, 10_000, who=UserFactory())

    assert before == statements()


def test_the_file_of_all_projects_takes_as_many_queries_for_ten_projects_as_for_two(client, story):
    ProjectFactory(sdgs=[1, 2, 3])

    def statements():
        with counting_queries() as executed:
            _get_xml(client, "/open-data/iati.xml")
        return len(executed)

    two = statements()
    for n in range(8):
        project = ProjectFactory(sdgs=[4, 6])
        CoFundingFactory(project=project)
        if n % 2:
            project.transitions.append(
                ProjectTransition(
                    action="go_live", from_state=ProjectState.APPROVED, to_state=ProjectState.LIVE
                )
            )
    db.session.flush()

    assert two == statements()
