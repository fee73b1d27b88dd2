"""Expected answers of the audit log route; see README.md."""

from tests.permission_matrix.routes_admin import admin_only

ROUTES = {
    "audit.entries": {"GET": admin_only(200)},
}
