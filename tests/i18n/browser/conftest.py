"""Chromium against a live Twiza of its own, built as the browser tests (tests/e2e) build it."""

import pytest

from tests.e2e.conftest import (  # noqa: F401  (fixtures of the browser tests)
    _rollback_after_test,
    chromium,
    e2e_config,
    serving,
)


@pytest.fixture(scope="module")
def tamazight_server(chromium, tmp_path_factory):  # noqa: F811
    with serving(e2e_config(tmp_path_factory.mktemp("twiza-i18n"))) as server:
        yield server
