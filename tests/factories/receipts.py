"""Captured pledges with their receipts, issued as a capture issues them."""

import factory

from crowdfund.pledges.models import PledgeState
from crowdfund.receipts.issuing import issue_receipt
from crowdfund.timeutil import utcnow
from tests.factories.pledges import PledgeFactory


class CapturedPledgeFactory(PledgeFactory):
    """A captured pledge without a receipt, as pledges captured before receipts existed."""

    state = PledgeState.CAPTURED
    captured_mad = factory.SelfAttribute("amount_mad")
    captured_at = factory.LazyFunction(utcnow)
    payment_intent_id = factory.Sequence(lambda n: f"pi_receipted_{n}")


class ReceiptedPledgeFactory(CapturedPledgeFactory):
    """A captured pledge and the receipt its capture issued (`pledge.receipt`)."""

    @factory.post_generation
    def receipt(pledge, create, extracted, **kwargs):
        if create:
            issue_receipt(pledge)
