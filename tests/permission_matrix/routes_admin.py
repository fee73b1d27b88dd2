"""Expected answers of the administration routes; see README.md."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def admin_only(status):
    """Administration: visitors are sent to log in, everyone but admins is refused."""
    return {
        ANONYMOUS: 302,
        DONOR: 403,
        OWNER_OWN: 403,
        OWNER_OTHER: 403,
        REVIEWER: 403,
        ADMIN: status,
    }


ROUTES = {
    "admin.users": {"GET": admin_only(200)},
    # An empty form lacks the account status, so it is shown again with the error.
    "admin.user": {
        "args": lambda w: {"user_id": w.donor.id},
        "GET": admin_only(200),
        "POST": admin_only(200),
    },
    "admin.geography": {"GET": admin_only(200)},
    "admin.add_province": {"POST": admin_only(200)},
    "admin.add_commune": {"POST": admin_only(200)},
}
