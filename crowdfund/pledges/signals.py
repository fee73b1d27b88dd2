"""What happens to pledges, for other parts of Twiza to act on in the same transaction.

A receiver runs inside the transaction that changed the pledge: it may add rows
(a receipt, a message in the outbox) and flush, never commit; if it raises, the
change it was told about is undone with it.
"""

from blinker import Namespace

_signals = Namespace()

#: Sent once when a pledge is captured, with `pledge` (its match already allocated).
pledge_captured = _signals.signal("pledge-captured")
