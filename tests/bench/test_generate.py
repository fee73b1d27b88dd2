"""The data generator leaves a platform the services could have left: the ledger adds up."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from markupsafe import escape

from bench.database import bench_app, throwaway_database
from bench.generate import BULK_TABLES, MATCH_EVERY, Scale, generate
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger

SMALL = Scale(projects=30, donors=90, pledges=1_200, projects_per_organisation=4)


def _indexes(url):
    """{(table, index name): definition} of the bulk tables."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE tablename = ANY(:tables)"
            ),
            {"tables": list(BULK_TABLES)},
        ).all()
    engine.dispose()
    return {(table, name): definition for table, name, definition in rows}


@pytest.fixture
def generated(postgres_url):
    with throwaway_database(postgres_url, suffix="generated_test") as url:
        before = _indexes(url)
        result = generate(url, SMALL)
        yield url, result, before


@contextmanager
def _context_of(app):
    """`app`'s context, its connections closed at the end (the database is dropped next)."""
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def _scalar(sql):
    return db.session.scalar(sa.text(sql))


def test_the_generated_ledger_passes_every_check_and_the_counts_are_the_scale(generated):
    url, result, _before = generated
    assert result.scale == SMALL
    assert len(result.slugs) == SMALL.projects
    with _context_of(bench_app(url)):
        assert check_ledger() == []
        assert _scalar("SELECT count(*) FROM pledges WHERE state = 'captured'") == SMALL.pledges
        assert _scalar("SELECT count(DISTINCT project_id) FROM pledges") == SMALL.projects
        assert _scalar("SELECT count(DISTINCT donor_id) FROM pledges") == SMALL.donors
        assert _scalar("SELECT count(*) FROM match_allocations") == SMALL.pledges // MATCH_EVERY
        assert _scalar("SELECT count(*) FROM organisations") == -(-SMALL.projects // 4)
        # Two milestones and two budget lines that add up to each goal.
        assert (
            _scalar(
                "SELECT count(*) FROM projects p WHERE goal_amount <> "
                "(SELECT sum(amount) FROM milestones m WHERE m.project_id = p.id) "
                "OR goal_amount <> (SELECT sum(amount) FROM budget_lines b "
                "WHERE b.project_id = p.id)"
            )
            == 0
        )
        # What a project shows raised is what its escrow holds: pledges and their matches.
        assert (
            _scalar(
                "SELECT count(*) FROM projects p JOIN ledger_accounts a ON a.project_id = p.id "
                "WHERE p.raised_amount <> a.balance OR a.balance <= 0"
            )
            == 0
        )


def test_the_indexes_dropped_for_the_load_are_all_built_again(generated):
    url, _result, before = generated
    assert _indexes(url) == before
    # The unique constraints are back: a capture cannot be posted twice.
    with _context_of(bench_app(url)), pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(
                "INSERT INTO ledger_transactions (kind, key, memo, created_at) "
                "SELECT kind, key, memo, created_at FROM ledger_transactions LIMIT 1"
            )
        )


def test_the_generated_projects_are_public_pages_with_their_supporters(generated):
    url, result, _before = generated
    app = bench_app(url)
    client = app.test_client()
    catalogue = client.get("/")
    page = client.get(f"/projects/{result.slugs[-1]}")
    listing = client.get("/api/v1/projects")
    assert catalogue.status_code == page.status_code == listing.status_code == 200
    with _context_of(app):
        title = _scalar(f"SELECT title FROM projects WHERE slug = '{result.slugs[-1]}'")
        live = _scalar("SELECT count(*) FROM projects WHERE state = 'live'")
    # The catalogue and the API list the live projects by default; one in ten is funded.
    assert listing.json["meta"]["total"] == live == SMALL.projects - SMALL.projects // 10
    assert str(escape(title)) in page.text
    assert "Donor " in page.text  # the latest supporters who chose to be named
