"""The ledger: double-entry and append-only; every movement of money is a balanced transaction."""
