"""Gifts for the tests of the donor's pages, mail and receipts in each language."""

from tests.pledges.conftest import (  # noqa: F401  (fixtures of the pledge flow)
    begin,
    donor,
    eur_rate,
    pledge,
    project,
)
