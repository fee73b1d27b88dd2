"""How Twiza's own categories map onto the IATI 2.03 code lists, one documented table each.

The schema checks structure only; these tables are where the codes' meaning is
decided, and the open data page shows them.
"""

from flask_babel import lazy_pgettext

from crowdfund.cofunding.models import InstitutionKind
from crowdfund.organisations.models import OrganisationKind
from crowdfund.projects.models import ProjectState
from crowdfund.projects.reference import SECTORS

IATI_VERSION = "2.03"
RECIPIENT_COUNTRY = "MA"

#: ActivityStatus: 1 Pipeline/identification, 2 Implementation, 4 Closed, 5 Cancelled.
#: A vetted project waits for or raises its funds (pipeline); once funded, the milestones
#: are carried out (implementation); completed when the last tranche is released (closed);
#: a campaign that missed its goal never starts (cancelled).
ACTIVITY_STATUS = {
    ProjectState.APPROVED: "1",
    ProjectState.LIVE: "1",
    ProjectState.FUNDED: "2",
    ProjectState.COMPLETED: "4",
    ProjectState.FAILED: "5",
}

#: The names of the ActivityStatus codes used above.
ACTIVITY_STATUS_NAMES = {
    "1": lazy_pgettext("IATI activity status", "Pipeline/identification"),
    "2": lazy_pgettext("IATI activity status", "Implementation"),
    "4": lazy_pgettext("IATI activity status", "Closed"),
    "5": lazy_pgettext("IATI activity status", "Cancelled"),
}

#: ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

#: Transitions whose date is the actual start and the actual end of the activity.
STARTING_ACTION = "go_live"
ENDING_ACTIONS = frozenset({"complete", "fail"})

#: ActivityScope 8: Single location (one commune, one site).
ACTIVITY_SCOPE = "8"

#: SectorVocabulary 1: OECD DAC CRS purpose codes (5 digit). The sectors a project is
#: filed under are DAC purpose codes already, so each maps to itself; the table is kept so
#: that a sector added to the platform must be given its DAC code here.
SECTOR_VOCABULARY = "1"
DAC_PURPOSE_CODE = {code: code for code in SECTORS}

#: TagVocabulary 2: UN Sustainable Development Goals, the goal's number as code.
SDG_TAG_VOCABULARY = "2"

#: OrganisationRole.
FUNDING, EXTENDING, IMPLEMENTING = "1", "3", "4"

#: OrganisationType of the organisation carrying out a project.
IMPLEMENTER_TYPE = {
    OrganisationKind.COMMUNE: "11",  # Local Government
    OrganisationKind.ASSOCIATION: "24",  # Partner Country based NGO
    OrganisationKind.COOPERATIVE: "70",  # Private Sector
}

#: OrganisationType of a co-funding institution.
INSTITUTION_TYPE = {
    InstitutionKind.COMMUNE: "11",  # Local Government
    InstitutionKind.PROVINCE: "11",
    InstitutionKind.REGION: "11",
    InstitutionKind.MINISTRY: "10",  # Government
    InstitutionKind.OTHER: "90",  # Other
}

#: TransactionType.
INCOMING_FUNDS, DISBURSEMENT = "1", "3"

#: FinanceType 110 Standard grant; AidType C01 Project-type interventions (vocabulary 1).
DEFAULT_FINANCE_TYPE = "110"
DEFAULT_AID_TYPE = "C01"

#: DocumentCategory A12: Activity web page.
ACTIVITY_WEB_PAGE = "A12"

#: WGS 84 latitude and longitude, as IATI's point element expects.
POINT_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"
#: LocationReach 1: Activity (the place where the activity happens).
LOCATION_REACH = "1"
