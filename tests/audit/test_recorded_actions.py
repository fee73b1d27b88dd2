"""Every reviewer and administrator action leaves one audit entry with before and after."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crowdfund.accounts.models import Role
from crowdfund.admin.services import AccessChangeRefused, update_user_access
from crowdfund.cofunding.models import InstitutionKind
from crowdfund.cofunding.services import CoFundingRefused, mark_received, record_cofunding
from crowdfund.extensions import db
from crowdfund.fx.importer import import_rates
from crowdfund.fx.services import record_rate
from crowdfund.geography.models import CommuneKind, Province, ProvinceKind, Region
from crowdfund.geography.services import add_commune, add_province
from crowdfund.matching.funds import FundTerms, create_fund, update_fund
from crowdfund.projects.models import ReviewDecision
from crowdfund.review.services import (
    ReviewError,
    record_review,
    reject_organisation,
    start_project_review,
    verify_organisation,
)
from crowdfund.timeutil import today
from tests.audit.helpers import audit_entries
from tests.factories import AdminFactory, ReviewerFactory, UserFactory
from tests.factories.cofunding import CoFundingFactory
from tests.factories.files import PDF_BYTES, upload
from tests.factories.matching import MatchingFundFactory
from tests.factories.review import (
    InReviewProjectFactory,
    PendingOrganisationFactory,
    SubmittedProjectFactory,
    checklist_answers,
)

NAMES = {"ar": "تيزنيت", "fr": "Tiznit Sud", "en": "South Tiznit", "es": "Tiznit Sur"}


def _only(action):
    [entry] = audit_entries(action)
    return entry


def test_verifying_an_organisation_is_recorded():
    reviewer = ReviewerFactory()
    organisation = PendingOrganisationFactory()

    verify_organisation(organisation, reviewer)

    entry = _only("organisation.verified")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        reviewer.id,
        "Organisation",
        organisation.id,
    )
    assert entry.before == {"status": "pending", "reason": None}
    assert entry.after == {"status": "verified", "reason": None}


def test_rejecting_an_organisation_is_recorded_with_the_reason():
    reviewer = ReviewerFactory()
    organisation = PendingOrganisationFactory()

    reject_organisation(organisation, reviewer, "The statutes are unsigned.")

    entry = _only("organisation.rejected")
    assert entry.actor_id == reviewer.id
    assert entry.after == {"status": "rejected", "reason": "The statutes are unsigned."}


def test_a_refused_decision_records_nothing():
    organisation = PendingOrganisationFactory()
    verify_organisation(organisation, ReviewerFactory())

    with pytest.raises(ReviewError):
        verify_organisation(organisation, ReviewerFactory())

    assert len(audit_entries()) == 1


def test_starting_a_review_is_recorded():
    reviewer = ReviewerFactory()
    project = SubmittedProjectFactory()

    start_project_review(project, reviewer)

    entry = _only("project.review_started")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        reviewer.id,
        "Project",
        project.id,
    )
    assert (entry.before, entry.after) == ({"state": "submitted"}, {"state": "in_review"})


@pytest.mark.parametrize(
    ("decision", "action", "state"),
    [
        (ReviewDecision.APPROVE, "project.approved", "approved"),
        (ReviewDecision.REQUEST_CHANGES, "project.changes_requested", "changes_requested"),
        (ReviewDecision.REJECT, "project.rejected", "rejected"),
    ],
)
def test_a_review_decision_is_recorded_with_its_answers(decision, action, state):
    reviewer = ReviewerFactory()
    project = InReviewProjectFactory()

    review = record_review(project, reviewer, checklist_answers(), decision, "Budget unclear.")

    entry = _only(action)
    assert entry.actor_id == reviewer.id
    assert entry.before == {"state": "in_review"}
    assert entry.after["state"] == state
    assert entry.after["review_id"] == review.id
    assert entry.after["decision"] == decision.value
    assert entry.after["comments"] == "Budget unclear."
    assert entry.after["answers"] == review.answers


def test_an_approval_that_opens_the_campaign_records_the_live_state():
    project = InReviewProjectFactory(start_date=today())

    record_review(project, ReviewerFactory(), checklist_answers(), ReviewDecision.APPROVE, "")

    assert _only("project.approved").after["state"] == "live"


def test_recording_cofunding_and_its_arrival_is_recorded(app):
    reviewer = ReviewerFactory()
    project = InReviewProjectFactory(state="live")

    cofunding = record_cofunding(
        project,
        reviewer,
        "Commune de Tabant",
        InstitutionKind.COMMUNE,
        3_000_000,
        upload(PDF_BYTES, "engagement.pdf"),
        note="Délibération du 12 mars",
    )
    mark_received(cofunding, reviewer)

    recorded, received = audit_entries()
    assert (recorded.action, recorded.target_type, recorded.target_id) == (
        "cofunding.recorded",
        "CoFunding",
        cofunding.id,
    )
    assert recorded.before is None
    assert recorded.after == {
        "project_id": project.id,
        "institution": "Commune de Tabant",
        "institution_kind": "commune",
        "amount": 3_000_000,
        "document_id": cofunding.document_id,
        "status": "committed",
        "note": "Délibération du 12 mars",
    }
    assert received.action == "cofunding.received"
    assert received.actor_id == reviewer.id
    assert received.before == {"status": "committed"}
    assert received.after["status"] == "received"


def test_marking_received_twice_records_once():
    cofunding = CoFundingFactory(project=InReviewProjectFactory(state="live"))
    mark_received(cofunding, ReviewerFactory())

    with pytest.raises(CoFundingRefused):
        mark_received(cofunding, ReviewerFactory())

    assert len(audit_entries("cofunding.received")) == 1


def test_changing_a_users_access_is_recorded():
    admin = AdminFactory()
    user = UserFactory(roles=[Role.OWNER])

    update_user_access(user, [Role.REVIEWER], "Treasury", active=False, admin=admin)

    entry = _only("user.access_changed")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "User", user.id)
    assert entry.before == {"roles": ["donor", "owner"], "affiliation": None, "active": True}
    assert entry.after == {
        "roles": ["donor", "reviewer"],
        "affiliation": "Treasury",
        "active": False,
    }


def test_saving_a_users_access_unchanged_records_nothing():
    admin = AdminFactory()
    user = UserFactory(roles=[Role.OWNER], affiliation="Treasury")

    update_user_access(user, [Role.OWNER], "Treasury", active=True, admin=admin)

    assert audit_entries() == []


def test_a_refused_access_change_records_nothing():
    admin = AdminFactory()

    with pytest.raises(AccessChangeRefused):
        update_user_access(admin, [], None, active=True, admin=admin)

    assert audit_entries() == []


def test_adding_a_province_and_a_commune_is_recorded():
    region = db.session.query(Region).filter_by(code="R09").one()

    province = add_province(region, ProvinceKind.PROVINCE, NAMES)
    commune = add_commune(province, CommuneKind.RURAL, NAMES)

    added_province, added_commune = audit_entries()
    assert (added_province.action, added_province.target_type, added_province.target_id) == (
        "province.added",
        "Province",
        province.id,
    )
    assert added_province.after == {
        "code": province.code,
        "kind": "province",
        "parent": "R09",
        "name_ar": NAMES["ar"],
        "name_fr": NAMES["fr"],
        "name_en": NAMES["en"],
        "name_es": NAMES["es"],
    }
    assert (added_commune.action, added_commune.target_id) == ("commune.added", commune.id)
    assert added_commune.after["parent"] == province.code
    assert added_commune.after["kind"] == "rural"
    assert isinstance(province, Province)


def test_recording_a_rate_is_recorded():
    admin = AdminFactory()

    fx_rate = record_rate("EUR", Decimal("10.85"), today(), "Bank Al-Maghrib", recorded_by=admin)

    entry = _only("fx_rate.recorded")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "FxRate", fx_rate.id)
    assert entry.after == {
        "currency": "EUR",
        "rate_micro": 10_850_000,
        "effective_date": today().isoformat(),
        "source": "Bank Al-Maghrib",
    }


def test_importing_rates_records_each_rate_imported():
    day = today() - timedelta(days=1)
    lines = [
        "currency,rate,date,source",
        f"EUR,10.85,{day.isoformat()},BAM",
        f"USD,9.95,{day.isoformat()},BAM",
    ]

    import_rates(lines)
    import_rates(lines)

    imported = audit_entries("fx_rate.imported")
    assert [entry.after["currency"] for entry in imported] == ["EUR", "USD"]
    assert all(entry.actor_id is None for entry in imported)


def _terms(**changes):
    values = {
        "name": "Fonds MRE",
        "sponsor": "Ministère délégué",
        "match_numerator": 1,
        "match_denominator": 1,
        "pool_amount": 50_000_000,
        "cap_per_project": None,
        "cap_per_pledge": 500_000,
        "region_ids": [],
        "sector_codes": ["14030"],
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "is_active": True,
    }
    values.update(changes)
    return FundTerms(**values)


def test_creating_a_matching_fund_is_recorded():
    admin = AdminFactory()

    fund = create_fund(_terms(), admin)

    entry = _only("matching_fund.created")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        admin.id,
        "MatchingFund",
        fund.id,
    )
    assert entry.before is None
    assert entry.after["pool_amount"] == 50_000_000
    assert entry.after["sectors"] == ["14030"]
    assert entry.after["starts_on"] == "2026-01-01"


def test_changing_a_matching_fund_is_recorded_with_its_old_terms():
    fund = MatchingFundFactory(name="Fonds MRE", pool_amount=40_000_000)
    region = db.session.query(Region).filter_by(code="R04").one()

    update_fund(fund, _terms(pool_amount=60_000_000, region_ids=[region.id]))

    entry = _only("matching_fund.updated")
    assert entry.target_id == fund.id
    assert (entry.before["pool_amount"], entry.after["pool_amount"]) == (40_000_000, 60_000_000)
    assert (entry.before["regions"], entry.after["regions"]) == ([], ["R04"])
