"""Expected answers of the donor's pledge pages; see README.md.

The world's pledge is the donor's, captured: its page is the donor's and the
administrators'; paying steps are the donor's alone and change nothing on a
captured pledge (they redirect back to it).
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def anyone_logged_in(status):
    """Giving to a live project: visitors log in first."""
    return {
        ANONYMOUS: 302,
        DONOR: status,
        OWNER_OWN: status,
        OWNER_OTHER: status,
        REVIEWER: status,
        ADMIN: status,
    }


def the_donor(status, admin=404):
    """A donor's own pledge: others do not learn it exists."""
    return {
        ANONYMOUS: 302,
        DONOR: status,
        OWNER_OWN: 404,
        OWNER_OTHER: 404,
        REVIEWER: 404,
        ADMIN: admin,
    }


_live = {"args": lambda w: {"slug": w.live_project.slug}}
_pledge = {"args": lambda w: {"pledge_id": w.donor_pledge.id}}

ROUTES = {
    # An empty form is shown again with its errors.
    "pledges.new": {**_live, "GET": anyone_logged_in(200), "POST": anyone_logged_in(200)},
    "pledges.quote": {**_live, "GET": anyone_logged_in(200)},
    "pledges.show": {**_pledge, "GET": the_donor(200, admin=200)},
    "pledges.card_saved": {**_pledge, "POST": the_donor(302)},
    "pledges.payment_completed": {**_pledge, "POST": the_donor(302)},
    "pledges.replace_card": {**_pledge, "POST": the_donor(302)},
}
