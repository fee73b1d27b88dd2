"""The API's OpenAPI 3.1 description, written as data beside the code it describes.

Enumerations come from the code's own lists, so that the document cannot drift
from what the API accepts and answers; every object forbids properties it does
not name, so that a field added to an answer must be described here first (a
test validates real answers against this document).
"""

from crowdfund.api.caching import MAX_AGE_SECONDS
from crowdfund.api.forms import MAX_PER_PAGE
from crowdfund.catalogue.filters import DEFAULT_STATUS, STATUS_STATES, Sort
from crowdfund.geography.models import NAME_LANGUAGES
from crowdfund.opendata.flows import FlowSource, FlowType
from crowdfund.organisations.models import OrganisationKind
from crowdfund.projects.models import PUBLIC_STATES, FundingModel, ProjectState
from crowdfund.projects.reference import CHECKLIST, SDGS, SECTORS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_PUBLIC_STATE_VALUES = [state.value for state in ProjectState if state in PUBLIC_STATES]


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties, *, optional=(), description=None):
    """An object with exactly these properties, all required unless named `optional`."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _nullable(schema):
    return {"oneOf": [{"type": "null"}, schema]}


_STRING = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_URL = {"type": "string", "format": "uri"}
_COUNT = {"type": "integer", "minimum": 0}

_UNIT = _object(
    {
        "code": _STRING,
        "names": _object(dict.fromkeys(NAME_LANGUAGES, _STRING)),
    },
    description="An administrative unit, named in Arabic, French, English and Spanish.",
)

_PROJECT_SUMMARY_FIELDS = {
    "slug": _STRING,
    "url": {**_URL, "description": "The project's public page."},
    "title": _STRING,
    "summary": _STRING,
    "state": {"enum": _PUBLIC_STATE_VALUES},
    "funding_model": {"enum": [model.value for model in FundingModel]},
    "sector": _object(
        {
            "code": {"enum": list(SECTORS), "description": "OECD DAC 5-digit purpose code."},
            "name": {"type": "string", "description": "In the language of the request."},
        }
    ),
    "sdgs": {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": len(SDGS)},
        "description": "Sustainable Development Goals, by number.",
    },
    "location": _object(
        {
            "commune": _ref("Unit"),
            "province": _ref("Unit"),
            "region": _ref("Unit"),
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        }
    ),
    "organisation": _object(
        {"name": _STRING, "kind": {"enum": [kind.value for kind in OrganisationKind]}},
        description="The organisation that carries the project out.",
    ),
    "goal": _ref("Money"),
    "raised": _ref("Money"),
    "start_date": _DATE,
    "end_date": _DATE,
    "published_at": _nullable({"type": "string", "format": "date-time"}),
}

_PROJECT_DETAIL_FIELDS = {
    "links": _object(
        {
            "transactions": {**_URL, "description": "The project's money flows."},
            "iati_activity": {**_URL, "description": "The project as an IATI 2.03 activity."},
        }
    ),
    "description": {"type": "string", "description": "Markdown."},
    "budget_lines": {
        "type": "array",
        "items": _object({"label": _STRING, "amount": _COUNT, "currency": _ref("Currency")}),
    },
    "milestones": {
        "type": "array",
        "items": _object(
            {
                "title": _STRING,
                "amount": _COUNT,
                "currency": _ref("Currency"),
                "target_date": _DATE,
            }
        ),
    },
    "vetting": _nullable(_ref("Vetting")),
}

_VETTING = _object(
    {
        "reviewer": _STRING,
        "affiliation": _STRING,
        "date": {"type": "string", "format": "date-time"},
        "checklist_version": _STRING,
        "decision": _STRING,
        "items": {
            "type": "array",
            "items": _object(
                {
                    "key": {"type": "string", "examples": list(CHECKLIST)},
                    "label": _STRING,
                    "passed": {"type": "boolean"},
                    "note": _STRING,
                }
            ),
        },
    },
    description="Who vetted the project for the ministry, when, and against what checklist.",
)

_FLOW = _object(
    {
        "date": {**_DATE, "description": "The day (UTC) the ledger recorded the money."},
        "type": {
            "enum": [flow_type.value for flow_type in FlowType],
            "description": (
                "incoming: money received; refund: money given back (to donors, and the "
                "matching share back to its fund); disbursement: a tranche released to the "
                "organisation."
            ),
        },
        "source": {
            "enum": [None, *(source.value for source in FlowSource)],
            "description": "Where incoming money and refunds come from; null for disbursements.",
        },
        "amount": {
            **_ref("Money"),
            "description": (
                "Signed: refunds are negative. Incoming and refund flows add up to the "
                "amount raised, disbursements to the amount disbursed."
            ),
        },
        "count": {
            "type": "integer",
            "minimum": 1,
            "description": "How many ledger transactions (gifts, refunds...) this flow sums up.",
        },
        "matching_fund": _nullable(_object({"name": _STRING, "sponsor": _STRING})),
        "milestone": _nullable(
            _object(
                {"position": {"type": "integer", "minimum": 1}, "title": _STRING},
                description="The milestone a disbursement paid for.",
            )
        ),
        "description": {
            "type": "string",
            "description": "For a disbursement, what it paid for; empty otherwise.",
        },
    },
    description=(
        "Money that moved on one day. Gifts and refunds are summed per day and source, "
        "so that no donor is ever named or singled out; disbursements are listed one by one."
    ),
)

_ERROR = _object(
    {
        "error": {"type": "string", "description": "The HTTP status, in words."},
        "status": {"type": "integer"},
        "message": {"type": "string", "description": "What went wrong, for a person to read."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": _STRING},
            "description": "Each invalid query parameter with what is wrong with it.",
        },
    },
    optional=("fields",),
)

SCHEMAS = {
    "Currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217."},
    "Money": _object(
        {
            "amount": {"type": "integer", "description": "In minor units (centimes)."},
            "currency": _ref("Currency"),
        }
    ),
    "Unit": _UNIT,
    "ProjectSummary": _object(_PROJECT_SUMMARY_FIELDS),
    "ProjectDetail": _object({**_PROJECT_SUMMARY_FIELDS, **_PROJECT_DETAIL_FIELDS}),
    "Vetting": _VETTING,
    "ProjectPage": _object(
        {
            "data": {"type": "array", "items": _ref("ProjectSummary")},
            "meta": _object(
                {
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                    "total": _COUNT,
                    "pages": _COUNT,
                }
            ),
            "links": _object({"self": _URL, "next": _nullable(_URL), "prev": _nullable(_URL)}),
        }
    ),
    "Flow": _FLOW,
    "ProjectTransactions": _object(
        {
            "data": {"type": "array", "items": _ref("Flow")},
            "totals": _object(
                {
                    "incoming": _ref("Money"),
                    "refunded": {**_ref("Money"), "description": "Negative or zero."},
                    "raised": _ref("Money"),
                    "disbursed": _ref("Money"),
                    "held": {**_ref("Money"), "description": "Raised, not yet disbursed."},
                }
            ),
            "links": _object({"project": _URL}),
        }
    ),
    "Stats": _object(
        {
            "data": _object(
                {
                    "raised": _ref("Money"),
                    "held": _ref("Money"),
                    "disbursed": _ref("Money"),
                    "donors": {
                        **_COUNT,
                        "description": "People with a gift charged and not wholly refunded.",
                    },
                    "pledges": {**_COUNT, "description": "Gifts charged and not wholly refunded."},
                    "projects": _object(
                        {
                            "total": _COUNT,
                            "by_state": _object(dict.fromkeys(_PUBLIC_STATE_VALUES, _COUNT)),
                        }
                    ),
                }
            )
        },
        description="Totals over every public project.",
    ),
    "Error": _ERROR,
}


def _json(schema, description):
    return {
        "description": description,
        "headers": {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
        },
        "content": {"application/json": {"schema": schema}},
    }


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


_NOT_MODIFIED = {"description": "The answer has not changed since the ETag in If-None-Match."}

_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "The project's slug, as in its page's address.",
}


def _query(name, schema, description):
    return {"name": name, "in": "query", "schema": schema, "description": description}


_LIST_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": 100}, "Words in the title or summary."),
    _query(
        "status",
        {"enum": list(STATUS_STATES), "default": DEFAULT_STATUS},
        "Projects raising funds (live) by default; all for every public project.",
    ),
    _query("region", {"type": "string"}, "Region code, e.g. R08."),
    _query("province", {"type": "string"}, "Province or prefecture code, e.g. P019."),
    _query("sector", {"enum": list(SECTORS)}, "OECD DAC 5-digit purpose code."),
    _query("sdg", {"type": "integer", "minimum": 1, "maximum": len(SDGS)}, "SDG number."),
    _query("funding_model", {"enum": [model.value for model in FundingModel]}, "Funding model."),
    _query("sort", {"enum": [sort.value for sort in Sort], "default": Sort.NEWEST.value}, "Order."),
    _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number."),
    _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "Projects per page (20 unless given).",
    ),
]

PATHS = {
    "/projects": {
        "get": {
            "operationId": "listProjects",
            "summary": "Public projects, filtered and sorted as in the catalogue, page by page",
            "parameters": _LIST_PARAMETERS,
            "responses": {
                "200": _json(_ref("ProjectPage"), "A page of projects."),
                "304": _NOT_MODIFIED,
                "400": _error("A query parameter is not valid; `fields` says which and why."),
            },
        }
    },
    "/projects/{slug}": {
        "get": {
            "operationId": "getProject",
            "summary": "One public project: its story, budget, milestones and vetting record",
            "parameters": [_SLUG],
            "responses": {
                "200": _json(_object({"data": _ref("ProjectDetail")}), "The project."),
                "304": _NOT_MODIFIED,
                "404": _error("No public project has this slug."),
            },
        }
    },
    "/projects/{slug}/transactions": {
        "get": {
            "operationId": "getProjectTransactions",
            "summary": "Where a public project's money came from and went, from the ledger",
            "parameters": [_SLUG],
            "responses": {
                "200": _json(
                    _ref("ProjectTransactions"), "The project's money flows, oldest first."
                ),
                "304": _NOT_MODIFIED,
                "404": _error("No public project has this slug."),
            },
        }
    },
    "/stats": {
        "get": {
            "operationId": "getStats",
            "summary": "Totals over the public projects: money raised and disbursed, donors",
            "responses": {
                "200": _json(_ref("Stats"), "The totals."),
                "304": _NOT_MODIFIED,
            },
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenAPIDocument",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 description of the API.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "304": _NOT_MODIFIED,
            },
        }
    },
}

_DOCUMENT = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": JSON_SCHEMA_DIALECT,
    "info": {
        "title": "Twiza open data API",
        "version": "1.0.0",
        "summary": "Diaspora-funded local development projects in Morocco, and their money.",
        "description": (
            "Read-only and public: only projects anyone can see on the site, and no personal "
            "data of donors. Amounts are integers in minor units (centimes) with their ISO 4217 "
            "currency. Answers carry an ETag; send it back in If-None-Match to get 304 Not "
            f"Modified while nothing changed (caches may keep an answer {MAX_AGE_SECONDS} s). "
            "Names follow the Accept-Language header (en, fr, ar). Errors are JSON with a "
            "`message`."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "headers": {
            "ETag": {
                "description": "A digest of the body: it changes whenever the answer does.",
                "schema": {"type": "string"},
            },
            "Cache-Control": {"schema": {"type": "string"}},
        },
    },
}


def openapi_document():
    """The OpenAPI document, as a dict ready for JSON."""
    return _DOCUMENT
