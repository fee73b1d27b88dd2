"""Every page a visitor of each kind can open, on a live server holding one object of each kind.

The accessibility and phone tests walk these pages in Chromium. The server holds the world of
the permission matrix (tests/permission_matrix/world.py) plus a treasurer, and the list of
pages is derived from the matrix's rows: every GET route a persona may open (status 200)
that answers HTML, plus the public page of the live project. A new page is therefore walked
as soon as its row exists.

Visitors are logged in by a session cookie signed by the server, as after a completed login
(second factor included), so that the walk does not spend its time in login forms; the login
itself has its own keyboard test.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flask import url_for
from flask.testing import FlaskClient

from crowdfund.extensions import db
from crowdfund.fx.services import record_rate
from crowdfund.timeutil import today, utcnow
from tests.e2e.conftest import e2e_config, serving
from tests.factories.milestones import TreasurerFactory
from tests.permission_matrix.personas import ADMIN, PERSONAS
from tests.permission_matrix.test_every_route import ROUTES
from tests.permission_matrix.world import build_world

TREASURER = "treasurer"
#: The matrix's kinds of visitor, and the treasurer, whose pages the matrix does not open.
VISITORS = (*PERSONAS, TREASURER)
LANGUAGES = ("en", "fr", "ar")
HOME_ENDPOINT = "catalogue.index"
#: Pages of the treasurer, with the matrix row that gives their arguments.
TREASURER_PAGES = ("milestones.treasury", "milestones.release_page", "dashboard.index")

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@dataclass(frozen=True)
class Page:
    endpoint: str
    url: str


@dataclass
class PagesServer:
    """The live server, each visitor's pages and the login each visitor's browser carries."""

    url: str
    app: object
    pages: dict = field(default_factory=dict)
    session_ids: dict = field(default_factory=dict)
    project_url: str = ""
    pledge_url: str = ""

    def pages_to_walk(self, visitor):
        """The visitor's pages that no visitor before it in VISITORS opens, and the home page.

        The header, which differs with the roles, is then checked once per visitor; the
        body of a page once, by the first visitor who can open it.
        """
        earlier = {
            page.url for other in VISITORS[: VISITORS.index(visitor)] for page in self.pages[other]
        }
        return [
            page
            for page in self.pages[visitor]
            if page.url not in earlier or page.endpoint == HOME_ENDPOINT
        ]

    def _client(self, visitor, language=None):
        """A test client of the server carrying `visitor`'s login (and language, if given)."""
        client = FlaskClient(self.app, self.app.response_class)
        with client.session_transaction() as session:
            if language:
                session["locale"] = language
            if self.session_ids.get(visitor):
                session["_user_id"] = self.session_ids[visitor]
                session["_fresh"] = True
        return client

    def session_cookie(self, visitor, language):
        """The signed session cookie of `visitor` (None for anonymous) reading in `language`."""
        name = self.app.config["SESSION_COOKIE_NAME"]
        value = self._client(visitor, language).get_cookie(name).value
        return {"name": name, "value": value, "url": self.url}

    def open_as(self, new_context, visitor, language, **options):
        """A browser context of `visitor`, reading in `language`."""
        context = new_context(base_url=self.url, **options)
        context.add_cookies([self.session_cookie(visitor, language)])
        return context

    def answers_html(self, visitor, url):
        """Whether `visitor` gets a whole HTML page (not a file, JSON, CSV or a fragment)."""
        response = self._client(visitor).get(url)
        return (
            response.status_code == 200
            and response.mimetype == "text/html"
            and response.data.lstrip().lower().startswith(b"<!doctype html>")
        )


def _url(world, endpoint):
    arguments = ROUTES[endpoint].get("args", lambda w: {})(world)
    return url_for(endpoint, **arguments)


def _matrix_pages(world, visitor):
    return [
        Page(endpoint, _url(world, endpoint))
        for endpoint, row in sorted(ROUTES.items())
        if row.get("GET", {}).get(visitor) == 200
    ]


@contextmanager
def serving_every_page(base):
    """A live server holding the matrix's world; yields its PagesServer."""
    with serving(e2e_config(base)) as live:
        server = PagesServer(url=live.url, app=live.app)
        with live.app.test_request_context():
            world = build_world(live.app.config["UPLOAD_DIR"])
            treasurer = TreasurerFactory(email="treasurer@example.org")
            # A captured gift was paid at some moment: the public page lists it by that date.
            world.donor_pledge.captured_at = utcnow()
            # Donors abroad give in euros: the administrator has recorded today's rate.
            record_rate("EUR", Decimal("10.85"), today(), "Bank Al-Maghrib", world.users[ADMIN])
            db.session.commit()
            for visitor in PERSONAS:
                user = world.users[visitor]
                server.session_ids[visitor] = user.get_id() if user else None
                server.pages[visitor] = _matrix_pages(world, visitor)
            server.session_ids[TREASURER] = treasurer.get_id()
            server.pages[TREASURER] = [Page(name, _url(world, name)) for name in TREASURER_PAGES]
            server.project_url = url_for("catalogue.project", slug=world.live_project.slug)
            server.pledge_url = url_for("pledges.new", slug=world.live_project.slug)
            db.session.remove()
        for visitor in VISITORS:
            project = [Page("catalogue.project", server.project_url)]
            server.pages[visitor] = [
                page
                for page in [*project, *server.pages[visitor]]
                if server.answers_html(visitor, page.url)
            ]
        yield server
