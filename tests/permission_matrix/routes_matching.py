"""Expected answers of the matching fund administration routes; see README.md."""

from tests.factories.matching import MatchingFundFactory
from tests.permission_matrix.routes_admin import admin_only


def _fund(world):
    return {"fund_id": MatchingFundFactory().id}


ROUTES = {
    "matching.fund_list": {"GET": admin_only(200)},
    # An empty form is shown again with its errors.
    "matching.new_fund": {"GET": admin_only(200), "POST": admin_only(200)},
    "matching.edit_fund": {"args": _fund, "GET": admin_only(200), "POST": admin_only(200)},
}
