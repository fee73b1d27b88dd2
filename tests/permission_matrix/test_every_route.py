"""Every route declares a permission, and answers every kind of visitor as expected."""

import importlib
import pkgutil

import pytest

import tests.permission_matrix as matrix_package
from tests.permission_matrix.personas import PERSONAS
from tests.permission_matrix.world import build_world

IGNORED_METHODS = {"HEAD", "OPTIONS"}
#: Endpoints served by Flask itself rather than by a view of ours.
FRAMEWORK_ENDPOINTS = {"static"}


def _declared_routes():
    routes = {}
    for module_info in pkgutil.iter_modules(matrix_package.__path__):
        if module_info.name.startswith("routes_"):
            module = importlib.import_module(f"tests.permission_matrix.{module_info.name}")
            overlap = routes.keys() & module.ROUTES.keys()
            assert not overlap, f"endpoints declared twice: {overlap}"
            routes.update(module.ROUTES)
    return routes


ROUTES = _declared_routes()


def _app_endpoints(app):
    return {
        rule.endpoint: rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in FRAMEWORK_ENDPOINTS
    }


def test_every_view_declares_a_permission(app):
    undeclared = [
        endpoint
        for endpoint in _app_endpoints(app)
        if not hasattr(app.view_functions[endpoint], "required_permission")
    ]
    assert undeclared == []


def test_every_route_has_expectations_for_every_method_and_persona(app):
    problems = []
    for endpoint, rule in _app_endpoints(app).items():
        row = ROUTES.get(endpoint)
        if row is None:
            problems.append(f"{endpoint}: no row in tests/permission_matrix/routes_*.py")
            continue
        for method in rule.methods - IGNORED_METHODS:
            expected = row.get(method)
            if expected is None:
                problems.append(f"{endpoint} {method}: no expectations")
            elif set(expected) != set(PERSONAS):
                problems.append(
                    f"{endpoint} {method}: personas {sorted(set(PERSONAS) ^ set(expected))}"
                )
    stale = ROUTES.keys() - _app_endpoints(app).keys()
    problems += [f"{endpoint}: declared but no such route" for endpoint in stale]
    assert problems == []


def _cases():
    for endpoint, row in sorted(ROUTES.items()):
        for method in ("GET", "POST"):
            for persona in PERSONAS:
                if method in row and persona in row[method]:
                    yield pytest.param(
                        endpoint, method, persona, id=f"{endpoint}-{method}-{persona}"
                    )


@pytest.mark.parametrize(("endpoint", "method", "persona"), list(_cases()))
def test_route_answers_persona_as_expected(app, endpoint, method, persona):
    world = build_world(app.config["UPLOAD_DIR"])
    row = ROUTES[endpoint]
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **row.get("args", lambda w: {})(world))
    user = world.users[persona]
    client = app.test_client(user=user) if user else app.test_client()
    response = client.open(url, method=method, data={})
    assert response.status_code == row[method][persona], (
        f"{method} {url} as {persona}: {response.status_code}"
    )
