"""Expected answers of the reviewer's co-funding routes; see README.md.

The project is live, so everyone may see it: visitors are sent to log in and
everybody but reviewers is refused.
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def reviewers_only(status):
    return {
        ANONYMOUS: 302,
        DONOR: 403,
        OWNER_OWN: 403,
        OWNER_OTHER: 403,
        REVIEWER: status,
        ADMIN: 403,
    }


def _live_project(world):
    return {"slug": world.live_project.slug}


ROUTES = {
    # An empty form is shown again with its errors.
    "cofunding.commitments": {
        "args": _live_project,
        "GET": reviewers_only(200),
        "POST": reviewers_only(200),
    },
    # An empty form names no commitment: a malformed request.
    "cofunding.mark_received": {"args": _live_project, "POST": reviewers_only(400)},
}
