"""The demo's matching funds and co-funding: as described, and harmless when loaded again."""

import pytest
import sqlalchemy as sa

from crowdfund.accounts.services import find_user_by_email
from crowdfund.cofunding.models import CoFunding, CoFundingStatus, InstitutionKind
from crowdfund.cofunding.services import COFUNDING_STATES
from crowdfund.demo import load_demo
from crowdfund.demo.accounts import ADMIN_EMAIL
from crowdfund.demo.funding import create_cofundings, create_matching_funds
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.matching.models import MatchingFund
from crowdfund.matching.services import eligible_funds
from crowdfund.timeutil import today


@pytest.fixture
def demo(app):
    load_demo()
    db.session.expire_all()


def _all(model):
    return db.session.scalars(sa.select(model)).all()


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_has_a_national_and_a_regional_fund_open_today(demo):
    funds = {fund.name: fund for fund in _all(MatchingFund)}

    national = funds["Fonds de contrepartie MRE"]
    assert national.ratio_label == "1:1"
    assert (national.pool_amount, national.cap_per_project, national.cap_per_pledge) == (
        50_000_000,
        10_000_000,
        500_000,
    )
    assert national.regions == []
    assert {code[:2] for code in national.sector_codes} == {"14", "11"}

    [regional] = [fund for name, fund in funds.items() if name != "Fonds de contrepartie MRE"]
    assert regional.ratio_label == "3:1"
    assert {region.code for region in regional.regions} == {"R04", "R11"}
    assert regional.sector_codes == []
    for fund in funds.values():
        assert fund.is_active
        assert fund.starts_on <= today() <= fund.ends_on


def test_demo_projects_are_co_funded_by_communes_and_regions(demo):
    cofundings = _all(CoFunding)

    assert len({cofunding.project_id for cofunding in cofundings}) >= 2
    assert {cofunding.institution_kind for cofunding in cofundings} >= {
        InstitutionKind.COMMUNE,
        InstitutionKind.REGION,
    }
    assert CoFundingStatus.RECEIVED in {cofunding.status for cofunding in cofundings}
    for cofunding in cofundings:
        assert cofunding.project.state in COFUNDING_STATES
        assert cofunding.document.content_type == "application/pdf"
        assert cofunding.recorded_by.email == "reviewer@demo.twiza.ma"


def test_the_co_funded_demo_projects_draw_on_a_matching_fund(demo):
    for project in {cofunding.project for cofunding in _all(CoFunding)}:
        assert eligible_funds(project, today()), project.title


def test_demo_funding_is_created_once(demo):
    funds, cofundings, files = _count(MatchingFund), _count(CoFunding), _count(StoredFile)

    assert create_matching_funds(find_user_by_email(ADMIN_EMAIL), today()) == []
    assert create_cofundings(find_user_by_email("reviewer@demo.twiza.ma")) == []
    load_demo()

    assert (_count(MatchingFund), _count(CoFunding), _count(StoredFile)) == (
        funds,
        cofundings,
        files,
    )
