"""Expected answers of the Stripe webhook: its signature is its only authentication."""

from tests.permission_matrix.personas import PERSONAS

ROUTES = {
    # An empty body carries no signature: refused, whoever sends it.
    "payments.stripe_webhook": {"POST": dict.fromkeys(PERSONAS, 400)},
}
