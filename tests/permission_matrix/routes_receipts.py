"""Expected answers of the receipt and statement downloads; see README.md.

A receipt is its donor's and the administrators' (who see every pledge); a
statement is always the logged-in person's own, and a year without gifts has
none (404): in the world only the donor gave.
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)
from tests.permission_matrix.routes_pledges import the_donor


def _own(status_without_gifts):
    """The logged-in person's own statements: only the donor has gifts."""
    return {
        ANONYMOUS: 302,
        DONOR: 200,
        OWNER_OWN: status_without_gifts,
        OWNER_OTHER: status_without_gifts,
        REVIEWER: status_without_gifts,
        ADMIN: status_without_gifts,
    }


ROUTES = {
    "receipts.pledge_receipt": {
        "args": lambda w: {"pledge_id": w.receipted_pledge.id},
        "GET": the_donor(200, admin=200),
    },
    "receipts.statements": {"GET": _own(200)},
    # PDF and CSV are one endpoint: the matrix asks for the PDF, tests/receipts for both.
    "receipts.statement": {
        "args": lambda w: {"year": w.receipted_pledge.receipt.year, "format": "pdf"},
        "GET": _own(404),
    },
}
