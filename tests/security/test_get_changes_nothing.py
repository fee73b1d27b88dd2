"""No state change on GET: every GET route, as every persona, leaves the database as it was.

A link followed by a crawler, a prefetching browser or a forged <img> must not
change anything; state changes go through POST with a CSRF token.
"""

import hashlib

from flask import url_for

from crowdfund.extensions import db
from tests.permission_matrix.personas import PERSONAS
from tests.permission_matrix.test_every_route import ROUTES
from tests.permission_matrix.world import build_world


def database_state():
    """Each table's row count and a digest of its rows, by table name."""
    state = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(table.select()).all()
        digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
        state[table.name] = (len(rows), digest)
    return state


def _changed(before, after):
    return sorted(name for name in before if before[name] != after[name])


def test_the_state_tells_a_change():
    from tests.factories import UserFactory

    before = database_state()
    user = UserFactory()
    added = database_state()
    user.name = "Someone else"
    db.session.flush()

    assert _changed(before, added) == ["users"]
    assert _changed(added, database_state()) == ["users"]


def test_no_get_route_changes_the_database(app):
    world = build_world(app.config["UPLOAD_DIR"])
    changes = []
    requests = 0
    for endpoint, row in sorted(ROUTES.items()):
        if "GET" not in row:
            continue
        with app.test_request_context():
            # Some routes' arguments create their object: before the state is taken.
            path = url_for(endpoint, **row.get("args", lambda w: {})(world))
        db.session.expire_all()
        before = database_state()
        answers = []
        for persona in PERSONAS:
            user = world.users[persona]
            client = app.test_client(user=user) if user else app.test_client()
            with client.get(path) as response:
                answers.append(f"{persona} {response.status_code}")
            requests += 1
        db.session.expire_all()
        after = database_state()
        if after != before:
            changes.append(f"GET {path} ({', '.join(answers)}): {_changed(before, after)}")
    assert requests > 300
    assert changes == []
