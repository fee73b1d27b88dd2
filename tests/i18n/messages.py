"""The messages the code and templates use, and which of them each language must translate.

French and Arabic translate everything. Spanish translates what a donor reads: the
pages of the donor's journey (catalogue, project page, pledge pages, account pages,
dashboard, receipts and statements, the mail a donor receives) and the Python
modules whose messages appear there. Tamazight translates the journey's navigation
and buttons (`TAMAZIGHT_MESSAGES`). The rest shows in English, the base.
"""

from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
IGNORED_FOLDERS = {"__pycache__", "node_modules"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}

#: The files whose messages a donor reads (paths from the project's root, fnmatch patterns).
DONOR_FILES = (
    "templates/base.html",
    "templates/_macros/*.html",
    "templates/accounts/check_inbox.html",
    "templates/accounts/forgot_password.html",
    "templates/accounts/invalid_link.html",
    "templates/accounts/login.html",
    "templates/accounts/profile.html",
    "templates/accounts/register.html",
    "templates/accounts/reset_password.html",
    "templates/accounts/verify_email.html",
    "templates/catalogue/*.html",
    "templates/dashboard/*.html",
    "templates/errors/*.html",
    "templates/emails/_macros.html",
    "templates/emails/layout.*",
    "templates/emails/accounts/*",
    "templates/emails/pledges/*",
    "templates/emails/milestones/released.*",
    "templates/emails/updates/posted.*",
    "templates/milestones/_macros.html",
    "templates/milestones/_project_milestones.html",
    "templates/notifications/*.html",
    "templates/organisations/_macros.html",
    "templates/organisations/detail.html",
    "templates/pledges/*.html",
    "templates/projects/detail.html",
    "templates/projects/_funding_sources.html",
    "templates/projects/_money_flow.html",
    "templates/projects/_timeline.html",
    "templates/projects/_transparency.html",
    "templates/receipts/*.html",
    "templates/updates/_macros.html",
    "templates/updates/_project_updates.html",
    "templates/updates/index.html",
    "templates/updates/show.html",
    "crowdfund/accounts/forms.py",
    "crowdfund/accounts/mail.py",
    "crowdfund/accounts/passwords.py",
    "crowdfund/accounts/views.py",
    "crowdfund/catalogue/*.py",
    "crowdfund/dashboard/*.py",
    "crowdfund/formatting.py",
    "crowdfund/forms_fields.py",
    "crowdfund/money.py",
    "crowdfund/milestones/models.py",
    "crowdfund/milestones/notices.py",
    "crowdfund/notifications/*.py",
    "crowdfund/pledges/display.py",
    "crowdfund/pledges/forms.py",
    "crowdfund/pledges/notices.py",
    "crowdfund/pledges/quotes.py",
    "crowdfund/pledges/services.py",
    "crowdfund/pledges/views.py",
    "crowdfund/projects/reference.py",
    "crowdfund/receipts/*.py",
    "crowdfund/updates/models.py",
    "crowdfund/updates/notices.py",
)

#: The donor journey's navigation and buttons, which Tamazight translates.
TAMAZIGHT_MESSAGES = (
    "Skip to content",
    "Main",
    "Projects",
    "My giving",
    "Log in",
    "Log out",
    "Create an account",
    "Create my account",
    "Language",
    "Change",
    "Open data",
    "Search",
    "Show projects",
    "Clear filters",
    "Browse projects",
    "Previous",
    "Next",
    "Give to this project",
    "Follow this project",
    "Stop following",
    "Back to the project",
    "Continue to payment",
    "Pay %(amount)s",
    "Save my card",
    "Save",
)


@cache
def used_messages():
    """{(context, singular): {files using it}} for every message of the code and templates."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = {}
    for path, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_searched
    ):
        singular = message[0] if isinstance(message, tuple) else message
        messages.setdefault((context, singular), set()).add(path)
    return messages


def _searched(directory):
    """Babel's own filter skips folders whose names begin with "_", as templates/_macros/ does;
    `make extract-messages` passes the same rule (--ignore-dirs)."""
    name = Path(directory).name
    return not name.startswith(".") and name not in IGNORED_FOLDERS


def donor_messages():
    """The messages used in at least one of `DONOR_FILES`."""
    return {
        key
        for key, paths in used_messages().items()
        if any(fnmatch(path, pattern) for path in paths for pattern in DONOR_FILES)
    }


def catalog(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


def untranslated(language, messages):
    """The singulars of `messages` that the catalog of `language` lacks or leaves fuzzy."""
    entries = catalog(language)
    missing = []
    for context, singular in sorted(messages, key=lambda m: (m[0] or "", m[1])):
        entry = entries.get(singular, context=context)
        strings = entry.string if entry else None
        forms = strings if isinstance(strings, tuple | list) else [strings]
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(singular)
    return missing
