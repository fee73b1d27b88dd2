"""Expected answers of the update and follow routes; see README.md.

DONOR gave to `live_project` (a captured pledge), so reads its updates for donors only.
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def _everyone(status):
    return dict.fromkeys((ANONYMOUS, DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN), status)


def _donors_and_the_projects_people(status):
    """Visitors log in first; those who may not read an update for donors get 404."""
    return {
        ANONYMOUS: 302,
        DONOR: status,
        OWNER_OWN: status,
        OWNER_OTHER: 404,
        REVIEWER: status,
        ADMIN: status,
    }


def _members_only(status, hidden_from_others=403):
    """Only a member of `own_org` (the author); visitors log in first."""
    return {
        ANONYMOUS: 302,
        DONOR: 403,
        OWNER_OWN: status,
        OWNER_OTHER: hidden_from_others,
        REVIEWER: 403,
        ADMIN: 403,
    }


def _donors_update(w):
    return {"slug": w.live_project.slug, "update_id": w.donors_update.id}


ROUTES = {
    "updates.index": {
        "args": lambda w: {"slug": w.live_project.slug},
        "GET": _everyone(200),
    },
    "updates.show": {
        "args": _donors_update,
        "GET": _donors_and_the_projects_people(200),
    },
    "updates.image": {
        "args": lambda w: {"storage_key": w.donors_update.images[0].file.storage_key},
        "GET": _donors_and_the_projects_people(200),
    },
    # An empty form is shown again with its errors.
    "updates.new": {
        "args": lambda w: {"slug": w.live_project.slug},
        "GET": _members_only(200),
        "POST": _members_only(200),
    },
    # An empty form keeps the update as it is.
    "updates.edit": {
        "args": _donors_update,
        "GET": _members_only(200, hidden_from_others=404),
        "POST": _members_only(302, hidden_from_others=404),
    },
    "updates.delete": {
        "args": _donors_update,
        "POST": _members_only(302, hidden_from_others=404),
    },
    # Back to the project's page; visitors are sent to log in.
    "updates.follow": {
        "args": lambda w: {"slug": w.live_project.slug},
        "POST": _everyone(302),
    },
    "updates.unfollow": {
        "args": lambda w: {"slug": w.live_project.slug},
        "POST": _everyone(302),
    },
}
