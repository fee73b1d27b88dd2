"""Expected answers of the public catalogue and project page."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

EVERYONE = {ANONYMOUS: 200, DONOR: 200, OWNER_OWN: 200, OWNER_OTHER: 200, REVIEWER: 200, ADMIN: 200}

ROUTES = {
    "catalogue.index": {
        "GET": EVERYONE,
    },
    # A draft is seen by its organisation, reviewers and admins; for anyone else it does not exist.
    "catalogue.project": {
        "args": lambda w: {"slug": w.draft_project.slug},
        "GET": {
            ANONYMOUS: 404,
            DONOR: 404,
            OWNER_OWN: 200,
            OWNER_OTHER: 404,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
}
