"""Every (state, action) pair: allowed moves lead where they should, the others are refused."""

import pytest

from crowdfund.pledges import transitions
from crowdfund.pledges.models import Pledge
from crowdfund.pledges.models import PledgeState as S
from crowdfund.pledges.transitions import PledgeTransitionError
from crowdfund.timeutil import utcnow

_BEFORE_PAYMENT = {S.PENDING, S.SAVED, S.PROCESSING, S.REQUIRES_ACTION}

#: action: {state it may start from: state it leads to}
EXPECTED = {
    "save_card": {S.PENDING: S.SAVED},
    "process": {S.PENDING: S.PROCESSING, S.SAVED: S.PROCESSING},
    "require_action": dict.fromkeys((S.PENDING, S.SAVED, S.PROCESSING), S.REQUIRES_ACTION),
    "capture": dict.fromkeys(_BEFORE_PAYMENT | {S.FAILED, S.LAPSED}, S.CAPTURED),
    "fail": dict.fromkeys(_BEFORE_PAYMENT, S.FAILED),
    "lapse": dict.fromkeys((S.REQUIRES_ACTION, S.FAILED, S.PENDING), S.LAPSED),
    "retry": {S.FAILED: S.PENDING},
    "release": {S.PENDING: S.RELEASED, S.SAVED: S.RELEASED},
    "refund": {S.CAPTURED: S.REFUNDED},
}

ARGUMENTS = {
    "save_card": ("pm_card_visa",),
    "capture": (utcnow(),),
    "fail": ("card_declined", "Your card was declined."),
    "retry": ("seti_second",),
}


def test_the_table_is_the_expected_one():
    assert {
        action: dict.fromkeys(sources, target)
        for action, (sources, target) in transitions.TRANSITIONS.items()
    } == EXPECTED


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", list(S))
def test_each_action_from_each_state(state, action):
    pledge = Pledge(state=state, amount_mad=500_00, captured_mad=0, attempt=1)
    move = getattr(transitions, action)

    if state in EXPECTED[action]:
        assert transitions.can(pledge, action)
        move(pledge, *ARGUMENTS.get(action, ()))
        assert pledge.state == EXPECTED[action][state]
    else:
        assert not transitions.can(pledge, action)
        with pytest.raises(PledgeTransitionError):
            move(pledge, *ARGUMENTS.get(action, ()))
        assert pledge.state == state
