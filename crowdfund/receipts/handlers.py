"""Receipts follow captures: connected to `pledge_captured` when the application starts."""

from crowdfund.pledges.signals import pledge_captured
from crowdfund.receipts.issuing import issue_receipt, receipts_are_held_back


@pledge_captured.connect
def issue_receipt_for_capture(_sender, pledge, **_extra):
    """Issue the receipt inside the capture's transaction: both are kept, or neither."""
    if not receipts_are_held_back():
        issue_receipt(pledge)
