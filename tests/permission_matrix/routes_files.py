"""Expected answers of the file routes."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

ROUTES = {
    "files.download": {
        # A private document of `own_org`; public cover images are tested in tests/files.
        "args": lambda w: {"storage_key": w.org_document.storage_key},
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
