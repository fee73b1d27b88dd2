"""Expected answers of the ministry dashboard and its exports; see README.md.

Reviewers, treasurers and administrators read them (treasurers are tested in tests/reporting).
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def ministry_only(status):
    return {
        ANONYMOUS: 302,
        DONOR: 403,
        OWNER_OWN: 403,
        OWNER_OTHER: 403,
        REVIEWER: status,
        ADMIN: status,
    }


ROUTES = {
    "reporting.dashboard": {"GET": ministry_only(200)},
    "reporting.export": {"args": lambda w: {"name": "pledges"}, "GET": ministry_only(200)},
}
