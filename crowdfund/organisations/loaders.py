"""Turn URL arguments into the organisation a view is about (404 when there is none)."""

from crowdfund.extensions import db
from crowdfund.organisations.models import Organisation


def load_organisation(organisation_id):
    return db.get_or_404(Organisation, organisation_id)
