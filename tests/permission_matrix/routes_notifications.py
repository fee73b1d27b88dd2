"""Expected answers of the mail preferences page and the unsubscribe link; see README.md.

Preferences are each logged-in user's own (a POST without a body saves the
choices as they are, then redirects). The unsubscribe link is its own authority: anyone
holding it may open it and press its button.
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def logged_in(status):
    return {
        ANONYMOUS: 302,
        DONOR: status,
        OWNER_OWN: status,
        OWNER_OTHER: status,
        REVIEWER: status,
        ADMIN: status,
    }


def anyone(status):
    return dict.fromkeys((ANONYMOUS, DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN), status)


_token = {"args": lambda w: {"token": w.unsubscribe_token}}

ROUTES = {
    "notifications.preferences_page": {"GET": logged_in(200), "POST": logged_in(302)},
    "notifications.confirm_unsubscribe": {**_token, "GET": anyone(200)},
    "notifications.unsubscribe": {**_token, "POST": anyone(200)},
}
