"""Browser tests in the user's language: every label, button and sentence looked for is taken
from the served application's catalog of the run's language, so that a page left untranslated
fails the test instead of passing in English."""

from flask_babel import force_locale, get_translations, gettext, ngettext
from playwright.sync_api import expect

from crowdfund.money import format_mad

#: The browser's own language for each run, as a user's computer would announce it.
BROWSER_LOCALES = {"fr": "fr-FR", "ar": "ar-MA"}
DIRECTIONS = {"fr": "ltr", "ar": "rtl"}


class Catalog:
    """Messages and amounts as the served application writes them in one language."""

    def __init__(self, app, language):
        self.app = app
        self.language = language

    def _(self, message, **variables):
        with self.app.test_request_context(), force_locale(self.language):
            text = gettext(message, **variables)
            # Some words are the same in both languages ("Commune" in French).
            translated = message in get_translations()._catalog
        assert translated, f"{message!r} has no {self.language} translation"
        return text

    def n_(self, singular, plural, count, **variables):
        with self.app.test_request_context(), force_locale(self.language):
            return ngettext(singular, plural, count, **variables)

    def money(self, amount):
        """An amount of MAD as the pages and the mail show it (the `money` filter)."""
        return self._in_language(self.app.jinja_env.filters["money"], amount, "MAD")

    def money_whole(self, amount):
        """An amount of MAD in whole dirhams, as a sentence on a page shows it."""
        return self._in_language(self.app.jinja_env.filters["money_whole"], amount, "MAD")

    def mad(self, amount):
        """An amount of MAD as a message says it (whole dirhams when it can)."""
        return self._in_language(format_mad, amount)

    def _in_language(self, function, *arguments):
        with self.app.test_request_context(), force_locale(self.language):
            return function(*arguments)


def assert_page_language(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", DIRECTIONS[language])


def log_in(page, account, catalog):
    """The login form, and the code of the authenticator when the account has a second factor."""
    _ = catalog._
    page.goto("/account/login")
    assert_page_language(page, catalog.language)
    page.get_by_label(_("Email address")).fill(account.email)
    page.get_by_label(_("Password"), exact=True).fill(account.password)
    page.get_by_role("button", name=_("Log in")).click()
    if account.authenticator is not None:
        expect(page.get_by_role("heading", name=_("Two-step login"))).to_be_visible()
        page.get_by_label(_("6-digit code")).fill(account.authenticator.code())
        page.get_by_role("button", name=_("Confirm")).click()
    expect(page.get_by_role("link", name=account.name)).to_be_visible()
