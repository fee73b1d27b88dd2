"""Expected answers of the open data page and the IATI files: public, public projects only."""

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
    "opendata.page": {"GET": EVERYONE},
    "opendata.all_activities": {"GET": EVERYONE},
    # Open data is public data: a draft has no IATI file, not even for its own organisation.
    "opendata.project_activity": {
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
}
