"""`flask ledger check` compares the ledger with the pledges."""

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger


def test_a_sound_pledge_flow_passes_the_cross_check(project, pledge):
    pledge(project, 1_000_00)
    assert check_ledger() == []


def test_a_raised_total_out_of_step_with_the_ledger_is_found(project, pledge):
    pledge(project, 1_000_00)
    project.raised_amount += 1
    db.session.flush()

    assert check_ledger() == [
        f"Project {project.id} shows 100001 MAD raised, but the ledger has "
        "100000 MAD from pledges and matches."
    ]


def test_a_captured_pledge_missing_from_the_ledger_is_found(project, pledge):
    done = pledge(project, 1_000_00)
    done.captured_mad = done.amount_mad = 2_000_00
    db.session.flush()

    assert check_ledger() == [
        f"Project {project.id}: its pledges come to 200000 MAD captured less refunded, "
        "but the ledger has 100000 MAD from pledges."
    ]
