"""A refund leaves an audit entry on its pledge, with the amounts before and after."""

from crowdfund.pledges.refunds import refund_pledge
from tests.audit.helpers import audit_entries
from tests.factories import AdminFactory
from tests.pledges.conftest import begin, donor, pledge, project  # noqa: F401  (fixtures)


def test_a_partial_then_a_full_refund_are_each_recorded(project, pledge, gateway):  # noqa: F811
    admin = AdminFactory()
    done = pledge(project, 1_000_00)

    first = refund_pledge(done, 400_00, "Donor asked", admin, gateway)
    second = refund_pledge(done, 600_00, "Project cancelled", admin, gateway)

    partial, full = audit_entries("pledge.refunded")
    assert (partial.actor_id, partial.target_type, partial.target_id) == (
        admin.id,
        "Pledge",
        done.id,
    )
    assert partial.before == {"state": "captured", "refunded_mad": 0}
    assert partial.after == {
        "state": "captured",
        "refunded_mad": 400_00,
        "refund_id": first.id,
        "amount_mad": 400_00,
        "match_reversed_mad": 0,
        "reason": "Donor asked",
    }
    assert full.before == {"state": "captured", "refunded_mad": 400_00}
    assert (full.after["state"], full.after["refunded_mad"], full.after["refund_id"]) == (
        "refunded",
        1_000_00,
        second.id,
    )
