"""Expected answers of the pledge administration routes; see README.md.

The world's pledge is captured but has no payment at the processor: an empty
refund form is shown again with its errors, and nothing is refunded.
"""

from tests.permission_matrix.routes_admin import admin_only

_pledge = {"args": lambda w: {"pledge_id": w.donor_pledge.id}}

ROUTES = {
    "pledge_admin.pledge_list": {"GET": admin_only(200)},
    "pledge_admin.show": {**_pledge, "GET": admin_only(200)},
    "pledge_admin.refund": {**_pledge, "POST": admin_only(200)},
}
