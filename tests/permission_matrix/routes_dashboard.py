"""Expected answers of the donor's dashboard; see README.md.

Everyone logged in has a dashboard of their own giving; visitors log in first.
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

ROUTES = {
    "dashboard.index": {
        "args": lambda w: {},
        "GET": {
            ANONYMOUS: 302,
            DONOR: 200,
            OWNER_OWN: 200,
            OWNER_OTHER: 200,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
}
