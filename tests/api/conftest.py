"""The money story's fixtures, for the API's tests of money flows and totals."""

from tests.opendata.story import ledger_day, release, story  # noqa: F401  (fixtures)
from tests.pledges.conftest import begin, donor, pledge  # noqa: F401  (the pledge flow's)
