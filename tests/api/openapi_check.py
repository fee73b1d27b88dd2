"""Checking real answers of the API against the OpenAPI document it serves (JSON Schema 2020-12)."""

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:twiza:api:openapi"


def _pointer_part(text):
    return text.replace("~", "~0").replace("/", "~1")


class OpenAPIChecker:
    """Validates answers against `document`, remembering which documented answers it saw."""

    def __init__(self, document):
        self.document = document
        resource = Resource(contents=document, specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        self.seen = set()

    def documented_answers(self):
        return {
            (path, method, status)
            for path, operations in self.document["paths"].items()
            for method, operation in operations.items()
            for status in operation["responses"]
        }

    def check(self, response, path, method="get"):
        """Fail unless `response` is an answer `path` documents, with a body its schema accepts."""
        status = str(response.status_code)
        responses = self.document["paths"][path][method]["responses"]
        assert status in responses, f"{method.upper()} {path} answered {status}, not documented"
        self.seen.add((path, method, status))
        answer = responses[status]
        for header in answer.get("headers", {}):
            assert header in response.headers, f"{method.upper()} {path} {status}: no {header}"
        content = answer.get("content")
        if content is None:
            assert response.data == b"", f"{method.upper()} {path} {status} has a body"
            return
        assert response.mimetype in content, f"{response.mimetype} is not documented"
        pointer = "/".join(
            _pointer_part(part)
            for part in ("paths", path, method, "responses", status, "content", response.mimetype)
        )
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#/{pointer}/schema"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        validator.validate(response.get_json())
