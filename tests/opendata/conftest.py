"""The money story's fixtures, for the open data's tests."""

from tests.opendata.story import ledger_day, release, story  # noqa: F401  (fixtures)
from tests.pledges.conftest import begin, donor, pledge  # noqa: F401  (the pledge flow's)
