"""Every route, fed arbitrary input by every kind of visitor, never answers 500; a refusal,
and any GET, leaves the number of rows of every table as it was.

The routes are taken from `app.url_map` and reached through the permission matrix's world
(tests/permission_matrix), so a new route is fuzzed as soon as it has its row there. Form
fields and query parameters are drawn from the names the application knows (its forms, the
page the route serves, the keys its views read) and from arbitrary ones; values are text in
any script, numbers that do not fit, impossible dates, huge values, lists and files.

`FUZZ_EXAMPLES` sets the number of examples per route (random ones, instead of the
reproducible default run).
"""

import ast
import functools
import io
import os
import re
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa
from flask import url_for
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.routing import AnyConverter, IntegerConverter
from wtforms import Form
from wtforms.fields.core import UnboundField

import crowdfund
from crowdfund.extensions import db
from tests.permission_matrix.personas import PERSONAS
from tests.permission_matrix.test_every_route import ROUTES
from tests.permission_matrix.world import build_world

_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
FUZZ_SETTINGS = settings(
    max_examples=_EXAMPLES,
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    # The failing request is named in the message; shrinking it costs minutes per route.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)

# Values --------------------------------------------------------------------------------------

#: Any character UTF-8 can carry (lone surrogates cannot be sent by a browser).
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_NUMBERS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=2**63 - 2, max_value=10**40).map(str),
    st.floats().map(str),
    st.sampled_from(["-1", "0", "1e309", "-0", "0x10", "١٢٣", "12 000,50", "9" * 60, "NaN"]),
)
_DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2026-02-30", "0000-00-00", "9999-12-31T23:59", "-1-01-01", "31/12/2026"]),
)
_HUGE = st.sampled_from(["x" * 100_000, "ⵜⵉⵡⵉⵣⵉ " * 5_000, "\x00" * 2_000, "٣" * 30_000])
_SCALAR = st.one_of(_TEXT, _NUMBERS, _DATES, _HUGE, st.sampled_from(["", "y", "on", "true"]))
_FILE = st.tuples(
    st.binary(max_size=300), st.sampled_from(["a.pdf", "b.jpg", "", "../../x.png", "ⵜ.webp"])
).map(lambda sent: (io.BytesIO(sent[0]), sent[1]))
_FORM_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3), _FILE)
_QUERY_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3))
_CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "application/xml", "multipart/form-data", "", "x/\x7f"]
)


def _path_value(converter):
    """Arbitrary values a URL's variable part can take, as its converter lets them through."""
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.integers(min_value=0, max_value=10**30), st.just(2**63))
    if isinstance(converter, AnyConverter):
        return st.sampled_from(sorted(converter.items)) | _TEXT.filter(bool)
    return st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/"), min_size=1)


# What the application reads ------------------------------------------------------------------


def _form_classes(cls=FlaskForm):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _form_classes(subclass)


def _field_names(form_class, prefix=""):
    """The names a browser sends for a form's fields (a FieldList's first entry included)."""
    for attribute in dir(form_class):
        field = getattr(form_class, attribute, None)
        if not isinstance(field, UnboundField):
            continue
        name = prefix + (field.kwargs.get("name") or attribute)
        yield name
        inner = field.args[0] if field.args else None
        if isinstance(inner, UnboundField):  # FieldList(FormField(...)) or FieldList(Field)
            yield f"{name}-0"
            if inner.args and _is_form_class(inner.args[0]):
                yield from _field_names(inner.args[0], f"{name}-0-")
        elif _is_form_class(inner):  # FormField
            yield from _field_names(inner, f"{name}-")


def _is_form_class(value):
    return isinstance(value, type) and issubclass(value, Form)


@functools.cache
def _application_keys():
    """Every field name of the application's forms and every key its views read."""
    names = {name for form in _form_classes() for name in _field_names(form)}
    return sorted(names | _keys_read_by_views())


def _keys_read_by_views():
    """Literal keys the code reads from request.args, .form, .values or .files."""
    keys = set()
    for path in Path(crowdfund.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"get", "getlist"}
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in {"args", "form", "values", "files"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys


_NAME_IN_PAGE = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')


def _names_in_page(client, url):
    """The field names of the forms of the page at `url`, when it shows one."""
    response = client.get(url)
    if response.status_code != 200 or response.mimetype != "text/html":
        return set()
    return set(_NAME_IN_PAGE.findall(response.get_data(as_text=True)))


# The world's state ---------------------------------------------------------------------------


def _row_counts(connection):
    """How many rows each table holds, in one query."""
    counts = sa.union_all(
        *(
            sa.select(sa.literal(table.name), sa.func.count()).select_from(table)
            for table in db.metadata.sorted_tables
        )
    )
    return dict(connection.execute(counts).all())


def _was_refused(response):
    """An error status, or a form shown again with its errors."""
    if response.status_code >= 400:
        return True
    page = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    return response.status_code == 200 and ('class="error"' in page or "form-errors" in page)


# The routes ----------------------------------------------------------------------------------


class _Visitor(SimpleNamespace):
    """What FlaskLoginClient needs of a user: the id it puts in the session."""

    def get_id(self):
        return self.user_id


def _clients_for(app, world):
    visitors = {
        persona: _Visitor(user_id=user.get_id()) if user else None
        for persona, user in world.users.items()
    }

    def client_of(persona):
        visitor = visitors[persona]
        return app.test_client(user=visitor) if visitor else app.test_client()

    return client_of


def _admitted(expected):
    """The personas the matrix lets through (the others are turned away at the door)."""
    return [persona for persona in PERSONAS if expected[persona] not in {403, 404, 405}]


def _fuzz_every_route(app, method, send):
    """Fuzz every endpoint answering `method` in one world; the failures of all of them."""
    world = build_world(app.config["UPLOAD_DIR"])
    client_of = _clients_for(app, world)
    connection = db.engines[None]
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules() if method in rule.methods}
    failures = []
    for endpoint, row in sorted(ROUTES.items()):
        if method not in row:
            continue
        route = SimpleNamespace(
            endpoint=endpoint,
            rule=rules[endpoint],
            args=row.get("args", lambda w: {})(world),
            personas=_admitted(row[method]) or list(PERSONAS),
        )
        route.page = _page_names(app, route, client_of, row)
        try:
            _fuzz(app, route, method, send, client_of, connection)
        except* AssertionError as group:
            # Hypothesis raises a group when it finds several distinct failures.
            failures += [str(failure).splitlines()[0] for failure in _leaves(group)]
    return failures


def _leaves(group):
    for failure in group.exceptions:
        yield from _leaves(failure) if isinstance(failure, BaseExceptionGroup) else [failure]


def _page_names(app, route, client_of, row):
    """The field names of the page the route serves to the first persona it admits."""
    admitted = _admitted(row["GET"]) if "GET" in row else []
    if not admitted:
        return []
    with app.test_request_context():
        url = url_for(route.endpoint, **route.args)
    return sorted(_names_in_page(client_of(admitted[0]), url))


def _fuzz(app, route, method, send, client_of, connection):
    """Examples of `send(draw, client, url, vocabulary)` on the route, with its real and
    arbitrary URL arguments, each checked for its answer and what it changed."""

    @FUZZ_SETTINGS
    @given(st.data())
    def example(data):
        persona = data.draw(st.sampled_from(route.personas), label="persona")
        args = dict(route.args)
        for name, converter in route.rule._converters.items():
            if name not in args or data.draw(st.booleans(), label=f"arbitrary <{name}>"):
                args[name] = data.draw(_path_value(converter), label=name)
        with app.test_request_context():
            url = url_for(route.endpoint, **args)
        vocabulary = SimpleNamespace(page=route.page, app=_application_keys())
        savepoint = connection.begin_nested()
        try:
            before = _row_counts(connection)
            try:
                response = send(data.draw, client_of(persona), url, vocabulary)
            except Exception as error:
                # The test client raises what a server would answer with a 500.
                raise AssertionError(f"{method} {url[:200]!r} as {persona}: {error!r}") from error
            summary = f"{method} {url[:200]!r} as {persona}: {response.status_code}"
            assert response.status_code < 500, summary
            if method == "GET" or _was_refused(response):
                assert _row_counts(connection) == before, f"{summary} changed the data"
        finally:
            savepoint.rollback()

    example()


def _fields(draw, vocabulary, values):
    """Some of the page's fields (others missing), some the application knows, some made up."""
    chosen = {}
    if vocabulary.page:
        optional = dict.fromkeys(vocabulary.page, values)
        chosen.update(draw(st.fixed_dictionaries({}, optional=optional), label="page fields"))
    keys = st.sampled_from(vocabulary.app) | _TEXT
    chosen.update(draw(st.dictionaries(keys, values, max_size=4), label="other fields"))
    return chosen


def _send_get(draw, client, url, vocabulary):
    return client.get(url, query_string=_fields(draw, vocabulary, _QUERY_VALUE))


def _send_post(draw, client, url, vocabulary):
    query = draw(st.dictionaries(st.sampled_from(vocabulary.app), _QUERY_VALUE, max_size=2))
    if draw(st.integers(0, 4), label="raw body") == 0:
        body = draw(st.binary(max_size=2_000) | _TEXT.map(str.encode), label="body")
        return client.post(url, query_string=query, data=body, content_type=draw(_CONTENT_TYPES))
    return client.post(url, query_string=query, data=_fields(draw, vocabulary, _FORM_VALUE))


def test_no_query_makes_a_page_fail_or_change_anything(app):
    assert _fuzz_every_route(app, "GET", _send_get) == []


def test_no_form_makes_a_route_fail_and_a_refused_one_writes_nothing(app):
    assert _fuzz_every_route(app, "POST", _send_post) == []
