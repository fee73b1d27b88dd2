"""The site's navigation: each role finds its own pages from any page."""

import pytest

from tests.factories import AdminFactory, ReviewerFactory, UserFactory
from tests.factories.milestones import TreasurerFactory


def test_treasurers_find_the_treasury_in_the_navigation(login):
    page = login(TreasurerFactory()).get("/").get_data(as_text=True)

    assert '<a href="/treasury/">Treasury</a>' in page


@pytest.mark.parametrize("make_user", [UserFactory, ReviewerFactory, AdminFactory])
def test_nobody_else_is_shown_the_treasury(login, client, make_user):
    assert "/treasury/" not in login(make_user()).get("/").get_data(as_text=True)
    assert "/treasury/" not in client.get("/").get_data(as_text=True)
