"""What a visitor cannot learn or see, in a real browser: who has an account, unpublished drafts."""

import pytest
from playwright.sync_api import expect

from crowdfund.extensions import db
from tests.e2e.support import create_account
from tests.factories.projects import DraftProjectFactory

pytestmark = pytest.mark.e2e

LOGIN_FAILURE = "Email or password is incorrect."


@pytest.fixture(scope="module")
def donor(live_server):
    return create_account(
        live_server,
        email="youssef.donor@example.org",
        password="olive harvest in november",
        name="Youssef El Amrani",
    )


def attempt_login(page, email, password):
    page.goto("/account/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    return page.get_by_role("alert")


def test_a_failed_login_does_not_tell_whether_the_account_exists(page, donor, shot):
    wrong_password = attempt_login(page, donor.email, "not the right passphrase")
    expect(wrong_password).to_have_text(LOGIN_FAILURE)
    shot(page, "wrong password")
    wrong_password_message = wrong_password.inner_text()

    unknown_email = attempt_login(page, "nobody.here@example.org", donor.password)
    expect(unknown_email).to_have_text(LOGIN_FAILURE)
    shot(page, "unknown email")
    assert unknown_email.inner_text() == wrong_password_message

    # The right password still opens the account: the failures locked nothing.
    page.get_by_label("Email address").fill(donor.email)
    page.get_by_label("Password").fill(donor.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=donor.name)).to_be_visible()


def test_a_draft_project_is_not_found_by_an_anonymous_visitor(page, live_server, shot):
    with live_server.app.app_context():
        draft = DraftProjectFactory(title="A draft nobody outside may read")
        db.session.commit()
        slug, title = draft.slug, draft.title
        db.session.remove()

    response = page.goto(f"/projects/{slug}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text(title)).to_have_count(0)
    shot(page, "draft project is not found")

    page.goto("/?status=all")
    expect(page.get_by_role("link", name=title)).to_have_count(0)
