"""Mail that follows other domains' events: connected to their signals when the app starts."""

from crowdfund.pledges.notices import confirm_capture
from crowdfund.pledges.signals import pledge_captured


@pledge_captured.connect
def queue_pledge_confirmed(_sender, pledge, **_extra):
    """Queue the donor's "pledge confirmed" mail in the capture's transaction: both are kept,
    or neither."""
    confirm_capture(pledge)
