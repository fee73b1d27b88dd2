"""Expected answers of the review routes; see README.md.

Only reviewers get through. Others who may see the organisation or project in
question (its members, admins) are refused with 403; to everybody else it does
not exist (404), as `permissions.require` hides what may not be seen.
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
    """For objects of OWNER_OWN's organisation that the public may not see."""
    return {
        ANONYMOUS: 404,
        DONOR: 404,
        OWNER_OWN: 403,
        OWNER_OTHER: 404,
        REVIEWER: status,
        ADMIN: 403,
    }


def _pending_org(world):
    return {"organisation_id": world.pending_org.id}


ROUTES = {
    "review.queue": {
        "GET": {
            ANONYMOUS: 302,
            DONOR: 403,
            OWNER_OWN: 403,
            OWNER_OTHER: 403,
            REVIEWER: 200,
            ADMIN: 403,
        },
    },
    "review.organisation": {"args": _pending_org, "GET": reviewers_only(200)},
    "review.verify_organisation": {"args": _pending_org, "POST": reviewers_only(302)},
    # An empty form: the reason is missing, so the page comes back with the error.
    "review.reject_organisation": {"args": _pending_org, "POST": reviewers_only(200)},
    "review.project": {
        "args": lambda w: {"slug": w.submitted_project.slug},
        "GET": reviewers_only(200),
    },
    "review.start_review": {
        "args": lambda w: {"slug": w.submitted_project.slug},
        "POST": reviewers_only(302),
    },
    # An empty form: nothing answered, so the page comes back with the errors.
    "review.decide": {
        "args": lambda w: {"slug": w.in_review_project.slug},
        "POST": reviewers_only(200),
    },
}
