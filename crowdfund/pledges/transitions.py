"""The life of a pledge: every move is one guarded function over one table.

    pending ──save_card──▶ saved ──release──▶ released      (all-or-nothing, goal missed)
       │                    │
       └──────process───────┴──▶ processing ──require_action──▶ requires_action ──lapse──▶ lapsed
                                     │                               │
                                     └──────────capture / fail───────┘
    captured ──refund──▶ refunded (in full)
    failed ──retry──▶ pending      (all-or-nothing declined at settlement: another card, in time)
    failed, pending ──lapse──▶ lapsed   (that window passed)

What the processor reports is the truth about money, so `capture` is allowed from
every state in which a payment may exist, failed and lapsed included: a success
arriving late is recorded, and a late failure never undoes a capture.
These functions flush nothing; the services that call them do.
"""

from crowdfund.pledges.models import PledgeState as S

_CHARGEABLE = {S.PENDING, S.SAVED, S.PROCESSING, S.REQUIRES_ACTION}

#: action: (states it may start from, state it leads to)
TRANSITIONS = {
    "save_card": ({S.PENDING}, S.SAVED),
    "process": ({S.PENDING, S.SAVED}, S.PROCESSING),
    "require_action": ({S.PENDING, S.SAVED, S.PROCESSING}, S.REQUIRES_ACTION),
    "capture": (_CHARGEABLE | {S.FAILED, S.LAPSED}, S.CAPTURED),
    "fail": (_CHARGEABLE, S.FAILED),
    "lapse": ({S.REQUIRES_ACTION, S.FAILED, S.PENDING}, S.LAPSED),
    "retry": ({S.FAILED}, S.PENDING),
    "release": ({S.PENDING, S.SAVED}, S.RELEASED),
    "refund": ({S.CAPTURED}, S.REFUNDED),
}


class PledgeTransitionError(Exception):
    """A move asked for from a state it may not start from."""


def can(pledge, action):
    return pledge.state in TRANSITIONS[action][0]


def _move(action, pledge):
    sources, target = TRANSITIONS[action]
    if pledge.state not in sources:
        raise PledgeTransitionError(f"cannot {action} a pledge that is {pledge.state.value}")
    pledge.state = target


def save_card(pledge, payment_method_id):
    _move("save_card", pledge)
    pledge.payment_method_id = payment_method_id


def process(pledge):
    _move("process", pledge)


def require_action(pledge, deadline=None):
    _move("require_action", pledge)
    pledge.action_deadline = deadline


def capture(pledge, now):
    _move("capture", pledge)
    pledge.captured_mad = pledge.amount_mad
    pledge.captured_at = now
    pledge.failure_code = pledge.failure_message = None


def fail(pledge, code, message):
    _move("fail", pledge)
    pledge.failure_code = (code or "")[:100] or None
    pledge.failure_message = (message or "")[:500] or None


def lapse(pledge):
    _move("lapse", pledge)


def retry(pledge, setup_intent_id):
    """Another card for a pledge declined at settlement: the earlier payment is left behind."""
    _move("retry", pledge)
    pledge.attempt += 1
    pledge.setup_intent_id = setup_intent_id
    pledge.payment_method_id = None
    pledge.payment_intent_id = None


def release(pledge):
    _move("release", pledge)


def refund(pledge):
    _move("refund", pledge)
