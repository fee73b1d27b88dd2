"""A project's public money flows: gifts summed per day and source, refunds, releases."""

from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post, reverse
from crowdfund.ledger.reading import project_money
from crowdfund.opendata.flows import (
    FlowSource,
    FlowType,
    FundName,
    MilestoneName,
    flows_by_project,
    project_flows,
    totals_of,
)
from tests.factories import ProjectFactory
from tests.opendata.story import DAY_ONE, DAY_THREE, DAY_TWO, receive_cofunding


def _rows(flows):
    return [
        (flow.day, flow.type, flow.source, flow.amount, flow.count, flow.fund, flow.milestone)
        for flow in flows
    ]


def test_gifts_are_summed_per_day_and_source_and_each_release_is_listed(story):
    project, _fund, _donors = story
    tiwizi = FundName("Fonds Tiwizi", "Fondation Hassan II")

    flows = project_flows(project)

    assert _rows(flows) == [
        (DAY_ONE, FlowType.INCOMING, FlowSource.DIASPORA, 150_000, 3, None, None),
        (DAY_ONE, FlowType.INCOMING, FlowSource.MATCHING, 50_000, 1, tiwizi, None),
        (DAY_TWO, FlowType.INCOMING, FlowSource.DIASPORA, 40_000, 1, None, None),
        (DAY_TWO, FlowType.REFUND, FlowSource.DIASPORA, -10_000, 1, None, None),
        (DAY_TWO, FlowType.REFUND, FlowSource.MATCHING, -5_000, 1, tiwizi, None),
        (DAY_THREE, FlowType.INCOMING, FlowSource.CO_FUNDING, 200_000, 1, None, None),
        (
            DAY_THREE,
            FlowType.DISBURSEMENT,
            None,
            150_000,
            1,
            None,
            MilestoneName(1, "Borehole drilled"),
        ),
    ]
    assert flows[-1].description == "Borehole drilled"
    assert {flow.currency for flow in flows} == {"MAD"}


def test_the_flows_add_up_to_the_ledger(story):
    project, _fund, _donors = story

    totals = totals_of(project_flows(project), project.currency)
    money = project_money(project)

    assert totals.raised == money.raised == 425_000
    assert totals.disbursed == money.disbursed == 150_000
    assert totals.held == money.held == 275_000
    assert totals.refunded == -15_000


def test_a_project_without_money_has_no_flows():
    project = ProjectFactory()

    assert project_flows(project) == []
    assert flows_by_project([]) == {}


def test_flows_of_several_projects_stay_apart(story):
    project, _fund, _donors = story
    other = ProjectFactory()

    flows = flows_by_project([project.id, other.id])

    assert set(flows) == {project.id}
    assert {flow.project_id for flow in flows[project.id]} == {project.id}


def test_a_reversed_transaction_shows_as_money_given_back_by_its_source(ledger_day):
    project = ProjectFactory()
    ledger_day(DAY_ONE)
    received = receive_cofunding(project, 300_000, "cofunding:test:2")
    ledger_day(DAY_TWO)

    reverse(received)

    assert _rows(project_flows(project)) == [
        (DAY_ONE, FlowType.INCOMING, FlowSource.CO_FUNDING, 300_000, 1, None, None),
        (DAY_TWO, FlowType.REFUND, FlowSource.CO_FUNDING, -300_000, 1, None, None),
    ]


def test_a_disbursement_without_a_recorded_release_is_described_by_its_ledger_memo(ledger_day):
    project = ProjectFactory()
    ledger_day(DAY_ONE)
    receive_cofunding(project, 300_000, "cofunding:test:3")
    post(
        TransactionKind.DISBURSEMENT,
        "disbursement:test:1",
        [
            (account_for(AccountKind.PROJECT_ESCROW, project=project), -100_000),
            (account_for(AccountKind.PROJECT_DISBURSED, project=project), 100_000),
        ],
        memo="First tranche",
        project=project,
    )

    [_cofunding, disbursement] = project_flows(project)

    assert (disbursement.type, disbursement.amount) == (FlowType.DISBURSEMENT, 100_000)
    assert disbursement.milestone is None
    assert disbursement.description == "First tranche"
