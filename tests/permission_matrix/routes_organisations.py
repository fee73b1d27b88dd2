"""Expected answers of the organisation routes."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

_EVERY_USER = {DONOR: 200, OWNER_OWN: 200, OWNER_OTHER: 200, REVIEWER: 200, ADMIN: 200}
_MEMBERS_ONLY = {ANONYMOUS: 404, DONOR: 404, OWNER_OTHER: 404, REVIEWER: 403, ADMIN: 403}

ROUTES = {
    "organisations.mine": {
        "GET": {ANONYMOUS: 302, **_EVERY_USER},
    },
    "organisations.new": {
        "GET": {ANONYMOUS: 302, **_EVERY_USER},
        "POST": {ANONYMOUS: 302, **_EVERY_USER},
    },
    "organisations.detail": {
        "args": lambda w: {"organisation_id": w.own_org.id},
        "GET": {
            ANONYMOUS: 404,
            DONOR: 404,
            OWNER_OWN: 200,
            OWNER_OTHER: 404,
            REVIEWER: 200,
            ADMIN: 200,
        },
    },
    "organisations.edit": {
        "args": lambda w: {"organisation_id": w.pending_org.id},
        "GET": {OWNER_OWN: 200, **_MEMBERS_ONLY},
        "POST": {OWNER_OWN: 200, **_MEMBERS_ONLY},
    },
    "organisations.resubmit": {
        # Awaiting verification already: the member is told so and sent back.
        "args": lambda w: {"organisation_id": w.pending_org.id},
        "POST": {OWNER_OWN: 302, **_MEMBERS_ONLY},
    },
}
