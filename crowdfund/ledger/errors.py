"""What the ledger refuses."""


class LedgerError(Exception):
    """A posting the ledger refuses."""


class UnbalancedTransaction(LedgerError):
    """A transaction without lines, with a zero or non-integer amount, or not summing to zero."""


class LedgerConflict(LedgerError):
    """A key posted again with other lines, or a transaction reversed again under another key."""


class AppendOnlyViolation(LedgerError):
    """An attempt to change or delete a posted transaction or entry."""


class InsufficientFunds(LedgerError):
    """A posting would take an account that must hold money below zero."""

    def __init__(self, account, available, requested):
        self.account = account
        self.available = available
        self.requested = requested
        super().__init__(
            f"{account} holds {available} {account.currency}, "
            f"less than the {requested} {account.currency} asked of it"
        )
