"""The API's money: a project's flows from the ledger, the platform's totals, never a donor."""

from datetime import timedelta

import pytest

from crowdfund.ledger.reading import project_money
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import PUBLIC_STATES, ProjectState
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory, UserFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.pledges import PledgeFactory
from tests.opendata.story import DAY_ONE, DAY_THREE, DAY_TWO


def _get(client, url, status=200, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def _mad(amount):
    return {"amount": amount, "currency": "MAD"}


def test_transactions_give_each_day_s_money_by_source_and_each_release(client, story):
    project, _fund, _donors = story

    body = _get(client, f"/api/v1/projects/{project.slug}/transactions").get_json()

    rows = [
        (row["date"], row["type"], row["source"], row["amount"]["amount"], row["count"])
        for row in body["data"]
    ]
    assert rows == [
        (DAY_ONE.isoformat(), "incoming", "diaspora", 150_000, 3),
        (DAY_ONE.isoformat(), "incoming", "matching", 50_000, 1),
        (DAY_TWO.isoformat(), "incoming", "diaspora", 40_000, 1),
        (DAY_TWO.isoformat(), "refund", "diaspora", -10_000, 1),
        (DAY_TWO.isoformat(), "refund", "matching", -5_000, 1),
        (DAY_THREE.isoformat(), "incoming", "co_funding", 200_000, 1),
        (DAY_THREE.isoformat(), "disbursement", None, 150_000, 1),
    ]
    assert body["data"][1]["matching_fund"] == {
        "name": "Fonds Tiwizi",
        "sponsor": "Fondation Hassan II",
    }
    release = body["data"][-1]
    assert release["milestone"] == {"position": 1, "title": "Borehole drilled"}
    assert release["description"] == "Borehole drilled"
    assert body["links"]["project"] == f"http://localhost/api/v1/projects/{project.slug}"


def test_transaction_totals_are_the_ledger_s(client, story):
    project, _fund, _donors = story
    money = project_money(project)

    totals = _get(client, f"/api/v1/projects/{project.slug}/transactions").get_json()["totals"]

    assert totals == {
        "incoming": _mad(440_000),
        "refunded": _mad(-15_000),
        "raised": _mad(money.raised),
        "disbursed": _mad(money.disbursed),
        "held": _mad(money.held),
    }
    assert money.raised == 425_000


def test_no_answer_ever_carries_a_donor_s_personal_data(client, story):
    project, _fund, donors = story

    for url in (
        "/api/v1/projects?status=all",
        f"/api/v1/projects/{project.slug}",
        f"/api/v1/projects/{project.slug}/transactions",
        "/api/v1/stats",
    ):
        text = _get(client, url).get_data(as_text=True)
        for donor in donors:
            assert donor.name not in text
            assert donor.email not in text
        assert "Donor asked" not in text
        assert "VIR-2026-0001" not in text


@pytest.mark.parametrize("state", sorted(set(ProjectState) - PUBLIC_STATES))
def test_transactions_of_a_project_not_public_are_a_json_not_found(login, state):
    project = ProjectFactory(state=state, published_at=None)
    owner = login(project.organisation.created_by)

    body = _get(owner, f"/api/v1/projects/{project.slug}/transactions", status=404).get_json()

    assert body["status"] == 404
    assert body["error"] == "Not Found"
    assert body["message"]


def test_a_project_with_no_money_yet_has_no_transactions(client):
    project = ProjectFactory(state=ProjectState.APPROVED)

    body = _get(client, f"/api/v1/projects/{project.slug}/transactions").get_json()

    assert body["data"] == []
    assert body["totals"]["raised"] == _mad(0)


def test_stats_add_up_public_projects_money_donors_and_states(client, story):
    project, _fund, donors = story
    ProjectFactory(state=ProjectState.APPROVED)
    ProjectFactory(state=ProjectState.LIVE)
    ProjectFactory(state=ProjectState.DRAFT, published_at=None)
    # Refunded in full: that donor gave nothing in the end.
    PledgeFactory(project=project, state=PledgeState.REFUNDED, captured_mad=50_000)

    body = _get(client, "/api/v1/stats").get_json()["data"]

    money = project_money(project)
    assert body["raised"] == _mad(money.raised)
    assert body["held"] == _mad(money.held)
    assert body["disbursed"] == _mad(money.disbursed)
    assert body["donors"] == len(donors) == 2
    assert body["pledges"] == 4
    assert body["projects"] == {
        "total": 3,
        "by_state": {"approved": 1, "live": 1, "failed": 0, "funded": 1, "completed": 0},
    }


def test_answers_carry_an_etag_and_a_client_that_has_the_answer_gets_304(client, story):
    project, _fund, _donors = story
    url = f"/api/v1/projects/{project.slug}/transactions"

    first = _get(client, url)
    etag = first.headers["ETag"]

    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert {"Accept-Language", "Cookie"} <= set(first.headers["Vary"].replace(" ", "").split(","))
    again = _get(client, url, status=304, headers={"If-None-Match": etag})
    assert again.data == b""


def test_the_etag_changes_when_the_money_does(client, pledge, ledger_day):
    project = ProjectFactory()
    url = f"/api/v1/projects/{project.slug}/transactions"
    before = _get(client, url).headers["ETag"]
    ledger_day(DAY_ONE)

    pledge(project, 10_000)

    changed = _get(client, url, headers={"If-None-Match": before})
    assert changed.headers["ETag"] != before
    assert changed.get_json()["totals"]["raised"] == _mad(10_000)


def test_transactions_take_a_fixed_number_of_queries(client, pledge, ledger_day):
    project = ProjectFactory()
    MatchingFundFactory(cap_per_project=10_000)
    ledger_day(DAY_ONE)
    pledge(project, 10_000)
    url = f"/api/v1/projects/{project.slug}/transactions"

    def statements():
        with counting_queries() as executed:
            _get(client, url)
        return len(executed)

    before = statements()
    MatchingFundFactory(name="Fonds Atlas", sponsor="Banque Atlas", cap_per_project=10_000)
    for offset in range(1, 4):
        ledger_day(DAY_ONE + timedelta(days=offset))
        for _ in range(3):
            pledge(project, 10_000, who=UserFactory())

    assert before == statements()


def test_stats_take_as_many_queries_for_twenty_projects_as_for_two(client):
    for state in (ProjectState.LIVE, ProjectState.FUNDED):
        ProjectFactory(state=state)

    def statements():
        with counting_queries() as executed:
            _get(client, "/api/v1/stats")
        return len(executed)

    two = statements()
    for n in range(18):
        project = ProjectFactory(state=sorted(PUBLIC_STATES)[n % len(PUBLIC_STATES)])
        PledgeFactory(project=project, state=PledgeState.CAPTURED, captured_mad=10_000)

    assert two == statements()


def test_an_unknown_project_is_a_json_not_found_with_a_message(client):
    body = _get(client, "/api/v1/projects/no-such-project", status=404).get_json()

    assert body == {
        "error": "Not Found",
        "status": 404,
        "message": "There is no public project or resource at this address.",
    }


def test_an_invalid_query_is_a_json_bad_request_with_a_message(client):
    body = _get(client, "/api/v1/projects?per_page=1000", status=400).get_json()

    assert body["error"] == "Bad Request"
    assert body["message"] == "Some query parameters are not valid."
    assert list(body["fields"]) == ["per_page"]


def test_an_api_address_that_matches_no_route_answers_json_with_a_message(client):
    missing = client.get("/api/v1/no-such-resource")
    wrong_method = client.delete("/api/v1/stats")

    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    for answer in (missing, wrong_method):
        assert answer.get_json()["message"]
