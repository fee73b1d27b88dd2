"""Expected answers of the public, read-only JSON API."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

ROUTES = {
    "api.list_projects": {
        "GET": {
            ANONYMOUS: 200,
            DONOR: 200,
            OWNER_OWN: 200,
            OWNER_OTHER: 200,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
    # The API is public data: a draft does not exist there, not even for its own organisation.
    "api.project_detail": {
        "args": lambda w: {"slug": w.draft_project.slug},
        "GET": {
            ANONYMOUS: 404,
            DONOR: 404,
            OWNER_OWN: 404,
            OWNER_OTHER: 404,
            REVIEWER: 404,
            ADMIN: 404,
        },
    },
    "api.project_transactions": {
        "args": lambda w: {"slug": w.live_project.slug},
        "GET": {
            ANONYMOUS: 200,
            DONOR: 200,
            OWNER_OWN: 200,
            OWNER_OTHER: 200,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
    "api.stats": {
        "GET": {
            ANONYMOUS: 200,
            DONOR: 200,
            OWNER_OWN: 200,
            OWNER_OTHER: 200,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
    "api.openapi": {
        "GET": {
            ANONYMOUS: 200,
            DONOR: 200,
            OWNER_OWN: 200,
            OWNER_OTHER: 200,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
}
