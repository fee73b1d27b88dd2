"""The benchmark's tests reuse the pledge tests' way of pledging through the services."""

import os
import shutil

import pytest

from tests.pledges.conftest import begin, donor, pledge  # noqa: F401  (fixtures)


@pytest.fixture
def postgres_url():
    """The PostgreSQL server of the test run; the generator and the benchmark need one."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("runs on PostgreSQL only")
    return url


@pytest.fixture
def wrk():
    """wrk, from Debian's packages: skipped without it, except in CI where it must be there."""
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is not installed (apt-get install wrk)")
        pytest.skip("wrk is not installed")
