"""Reading: balances, and a project's money by where it came from."""

from crowdfund.ledger.posting import reverse
from crowdfund.ledger.reading import ProjectMoney, balance_of, money_by_project, project_money
from tests.ledger.builders import (
    capture,
    co_fund,
    disburse,
    escrow,
    fund_pool,
    match,
    refund,
    set_raw_balance,
)


def test_project_money_splits_what_was_raised_by_source(project, other_project):
    capture(project, 50_000, "capture:pi_1", fee=1_500)
    capture(project, 30_000, "capture:pi_2")
    wrong = capture(project, 7_000, "capture:pi_3")
    reverse(wrong)
    refund(project, 10_000, "refund:re_1")
    fund_pool(1, 100_000, "pool:1")
    match(1, project, 50_000, "match:pledge:1")
    reverse(match(1, project, 30_000, "match:pledge:2"))
    co_fund(project, 200_000, "co-funding:1")
    disburse(project, 150_000, "disbursement:1")
    capture(other_project, 99_000, "capture:pi_4")

    money = project_money(project)

    assert money == ProjectMoney(
        currency="MAD",
        held=170_000,
        disbursed=150_000,
        pledges=70_000,
        matching=50_000,
        co_funding=200_000,
    )
    assert money.raised == money.sources_total == 320_000


def test_a_project_without_money_has_zero_everywhere(project):
    assert project_money(project) == ProjectMoney("MAD")
    assert project_money(project).raised == 0


def test_project_money_is_one_query_however_many_transactions(project, count_queries):
    for number in range(10):
        capture(project, 1_000, f"capture:pi_{number}")

    assert count_queries(lambda: project_money(project)) == 1


def test_money_by_project_covers_every_project_in_one_query(project, other_project, count_queries):
    capture(project, 1_000, "capture:pi_1")
    capture(other_project, 2_000, "capture:pi_2")

    assert count_queries(money_by_project) == 1
    assert {key: money.raised for key, money in money_by_project().items()} == {
        project.id: 1_000,
        other_project.id: 2_000,
    }


def test_balance_of_reads_the_stored_balance(project):
    capture(project, 1_000, "capture:pi_1")
    account = escrow(project)
    set_raw_balance(account, "balance + 1")

    assert account.balance == 1_000
    assert balance_of(account) == 1_001
