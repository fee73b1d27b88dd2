"""Expected answers of the exchange-rate routes; see README.md."""

from tests.permission_matrix.routes_admin import admin_only

ROUTES = {
    "fx.rates": {"GET": admin_only(200)},
    # An empty form lacks the rate and the date, so it is shown again with the errors.
    "fx.add_rate": {"POST": admin_only(200)},
}
