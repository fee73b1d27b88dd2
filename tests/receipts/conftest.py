"""The pledge flow's fixtures (FakeGateway); `admin`, who refunds, comes from tests/conftest.py."""

from tests.pledges.conftest import (  # noqa: F401  (fixtures of the pledge flow)
    begin,
    deliver,
    donor,
    eur_rate,
    pledge,
    project,
)
