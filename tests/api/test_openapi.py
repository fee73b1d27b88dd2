"""The OpenAPI 3.1 document: served, complete, and true of every answer the API gives."""

import json
import re

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from crowdfund.api.openapi import JSON_SCHEMA_DIALECT, openapi_document
from crowdfund.projects.models import ProjectState
from tests.api.openapi_check import OpenAPIChecker
from tests.factories import ProjectFactory, ReviewerFactory
from tests.factories.catalogue import ProjectReviewFactory


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _template(rule):
    """A Flask rule as an OpenAPI path under the server URL: <slug> becomes {slug}."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.removeprefix("/api/v1"))


def test_the_document_is_openapi_3_1_in_the_json_schema_2020_12_dialect(document):
    assert document == openapi_document()
    assert document["openapi"].startswith("3.1.")
    assert document["jsonSchemaDialect"] == JSON_SCHEMA_DIALECT
    assert document["servers"] == [{"url": "/api/v1"}]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_route_of_the_api_is_documented_and_nothing_else(app, document):
    routes = {
        (_template(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert routes == documented


def test_every_documented_answer_is_what_the_api_really_answers(client, document, story):
    project, _fund, _donors = story
    ProjectReviewFactory(project=project, reviewer=ReviewerFactory())
    ProjectFactory(state=ProjectState.APPROVED, plan=False)
    ProjectFactory(state=ProjectState.DRAFT, slug="a-draft", published_at=None)
    checker = OpenAPIChecker(document)
    slug = project.slug

    def check(url, path, headers=None):
        response = client.get(url, headers=headers or {})
        checker.check(response, path)
        return response

    for url in ("/api/v1/projects?status=all", "/api/v1/projects?per_page=1&status=all&page=2"):
        listed = check(url, "/projects")
    check("/api/v1/projects?sdg=18&sort=random", "/projects")
    check(f"/api/v1/projects/{slug}", "/projects/{slug}")
    check("/api/v1/projects/a-draft", "/projects/{slug}")
    check(f"/api/v1/projects/{slug}/transactions", "/projects/{slug}/transactions")
    check("/api/v1/projects/a-draft/transactions", "/projects/{slug}/transactions")
    check("/api/v1/stats", "/stats")
    check("/api/v1/openapi.json", "/openapi.json")
    for url, path in (
        ("/api/v1/projects?status=all&per_page=1&page=2", "/projects"),
        (f"/api/v1/projects/{slug}", "/projects/{slug}"),
        (f"/api/v1/projects/{slug}/transactions", "/projects/{slug}/transactions"),
        ("/api/v1/stats", "/stats"),
        ("/api/v1/openapi.json", "/openapi.json"),
    ):
        etag = client.get(url).headers["ETag"]
        assert check(url, path, {"If-None-Match": etag}).status_code == 304

    assert listed.get_json()["links"]["prev"]
    assert checker.seen == checker.documented_answers()


def test_an_answer_with_an_undocumented_field_fails_the_check(client, document):
    """The check can fail: an answer that says more than the document is refused."""
    project = ProjectFactory()
    response = client.get(f"/api/v1/projects/{project.slug}")
    body = response.get_json()
    body["data"]["donor_emails"] = ["amina@example.org"]
    response.set_data(json.dumps(body))

    with pytest.raises(ValidationError, match="donor_emails"):
        OpenAPIChecker(document).check(response, "/projects/{slug}")
