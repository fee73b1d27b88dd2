"""Expected answers of the owner's project routes; see README.md."""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def members_only(status):
    """Only members of the organisation; those who cannot see an unpublished project get 404."""
    return {
        ANONYMOUS: 404,
        DONOR: 404,
        OWNER_OWN: status,
        OWNER_OTHER: 404,
        REVIEWER: 403,
        ADMIN: 403,
    }


ROUTES = {
    # An empty form is shown again with its errors.
    "projects.new": {
        "args": lambda w: {"organisation_id": w.own_org.id},
        "GET": members_only(200),
        "POST": members_only(200),
    },
    "projects.show": {
        "args": lambda w: {"slug": w.draft_project.slug},
        "GET": members_only(200),
    },
    "projects.edit": {
        "args": lambda w: {"slug": w.draft_project.slug},
        "GET": members_only(200),
        "POST": members_only(200),
    },
    # The draft lacks its files: the owner is told what is missing and sent back.
    "projects.submit": {
        "args": lambda w: {"slug": w.draft_project.slug},
        "POST": members_only(302),
    },
    "projects.revise": {
        "args": lambda w: {"slug": w.changes_requested_project.slug},
        "POST": members_only(302),
    },
}
