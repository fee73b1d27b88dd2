"""Kept pages are dropped here only as in production: by a committed change."""

import pytest

from tests.pledges.conftest import begin, donor, pledge  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _as_in_production(pages_invalidated_as_in_production):
    return
