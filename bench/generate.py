"""Data at scale for the benchmarks: projects, donors and captured pledges, ledger included.

`generate(url, scale)` fills a database built with the schema and geography
(bench/database.py) with what a platform of that size holds: verified
organisations and their owners, public projects with their plan (budget lines,
milestones, goal, SDG), the review that vetted each and the transitions of its
life, donors, captured pledges, the matching fund's share of every other pledge
and the ledger entries both posted. The ledger is the one the services would
have posted — a capture moves the charge from processor clearing to the
project's escrow and the processing fees, a match moves pool to escrow — so
`flask ledger check` finds nothing to say.

The projects are streamed to PostgreSQL with COPY (each has its own title and
place); the million-row tables are written by PostgreSQL itself from
`generate_series` (INSERT … SELECT), which sends no row over the wire at all;
every column of a pledge, its transactions and their entries is computed from
the pledge's number, so that no statement joins millions of rows. The foreign
keys, unique constraints and indexes of those tables are dropped for the load
and made again afterwards: one check or one index build over the whole table is
several times cheaper than one per row. `python -m bench.generate` times it and
then runs the ledger check.
"""

import argparse
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from bench.database import BenchmarkRefused, bench_app, server_url, throwaway_database
from crowdfund.extensions import db
from crowdfund.fx.services import record_rate
from crowdfund.ledger.models import AccountKind
from crowdfund.ledger.posting import account_for
from crowdfund.matching.pool import ensure_pool_funded, pool_account
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION, SECTORS
from crowdfund.timeutil import today, utcnow

#: The rate of the donors' euros (every generated pledge is in EUR), micro-units as stored.
EUR_RATE_MICRO = 10_850_000
#: Pledges are of 10.00 to 99.99 EUR.
LARGEST_EUR_CENTS = 9_999
#: Every other pledge is matched 1:1 by the one matching fund.
MATCH_EVERY = 2
#: A password hash no password matches: generated people never log in.
NO_PASSWORD = "!generated"
COUNTRIES = ("FR", "ES", "IT", "BE", "NL", "DE", "CA", "US", "GB", "AE")
PLACES = (
    "Tighmert",
    "Aït Bouguemez",
    "Imlil",
    "Tafraout",
    "Amtoudi",
    "Zagora",
    "Tinghir",
    "Oulmès",
    "Chefchaouen",
    "Figuig",
    "Taliouine",
    "Anergui",
)
WORKS = (
    "Drinking water well",
    "Solar pump",
    "Classroom",
    "Rural road",
    "Health post",
    "Women's cooperative workshop",
    "Irrigation channel",
    "Olive press",
)
#: The tables the pledges fill, whose secondary indexes are built after the load.
BULK_TABLES = ("pledges", "ledger_transactions", "ledger_entries", "match_allocations")


@dataclass(frozen=True)
class Scale:
    projects: int = 10_000
    donors: int = 100_000
    pledges: int = 1_000_000
    #: Each organisation runs this many projects.
    projects_per_organisation: int = 5


@dataclass(frozen=True)
class Generated:
    scale: Scale
    seconds: float
    #: Slugs of public projects, in id order, for the pages to request.
    slugs: list
    ledger_entries: int
    step_seconds: dict


def generate(url, scale, *, check=True):
    """Fill the (schema-only) database at `url`; with `check`, refuse a ledger with breaches.

    The time counted is the writing and ANALYZE, not the check that follows.
    """
    app = bench_app(url)
    steps = {}
    with app.app_context():
        now = utcnow()
        with _timed(steps, "people, projects and their details"):
            reviewer_id, fund = _reference_rows(scale)
            _insert_organisations(scale, reviewer_id)
            _copy_projects(scale, now)
            _insert_project_details(reviewer_id)
            _insert_donors(scale)
            pledges = _pledge_series(scale)
            dropped = _drop_constraints_and_indexes()
        with _timed(steps, "pledges"):
            first_pledge = _insert_pledges(pledges, fund.id, now)
        with _timed(steps, "captures posted"):
            _post_captures(pledges, first_pledge, now)
        with _timed(steps, "matches posted"):
            _post_matches(pledges, first_pledge, fund.id, pool_account(fund).id, now)
        with _timed(steps, "indexes and constraints"):
            _restore_constraints_and_indexes(dropped)
        with _timed(steps, "balances and totals"):
            _settle_balances()
            db.session.commit()
        with _timed(steps, "ANALYZE"):
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        slugs = db.session.scalars(sa.text("SELECT slug FROM projects ORDER BY id")).all()
        entries = db.session.scalar(sa.text("SELECT count(*) FROM ledger_entries"))
        if check:
            _refuse_breaches()
        db.session.remove()
        db.engine.dispose()
    return Generated(
        scale=scale,
        seconds=sum(steps.values()),
        slugs=slugs,
        ledger_entries=entries,
        step_seconds={step: round(seconds, 1) for step, seconds in steps.items()},
    )


@contextmanager
def _timed(steps, name):
    began = time.perf_counter()
    yield
    steps[name] = time.perf_counter() - began


def _refuse_breaches():
    from crowdfund.ledger.checks import check_ledger

    breaches = check_ledger()
    if breaches:
        raise BenchmarkRefused("the generated ledger is not sound:\n" + "\n".join(breaches[:20]))


def _execute(sql, **parameters):
    return db.session.execute(sa.text(sql), parameters)


def _reference_rows(scale):
    """A reviewer, the euro's rate, and a matching fund whose pool covers every match."""
    from tests.factories import ReviewerFactory
    from tests.factories.matching import MatchingFundFactory

    reviewer = ReviewerFactory(affiliation="Ministère de l'Économie et des Finances")
    record_rate("EUR", Decimal(EUR_RATE_MICRO) / 1_000_000, today(), "Bank Al-Maghrib")
    largest_mad = LARGEST_EUR_CENTS * EUR_RATE_MICRO // 1_000_000
    pool = largest_mad * (scale.pledges // MATCH_EVERY + 1)
    fund = MatchingFundFactory(
        pool_amount=pool,
        starts_on=today() - timedelta(days=400),
        ends_on=today() + timedelta(days=400),
    )
    ensure_pool_funded(fund)
    account_for(AccountKind.PROCESSOR_CLEARING)
    account_for(AccountKind.PROCESSING_FEES)
    db.session.flush()
    return reviewer.id, fund


def _insert_organisations(scale, reviewer_id):
    """One verified organisation per few projects, each with its owner (a member)."""
    count = -(-scale.projects // scale.projects_per_organisation)
    _execute(
        "INSERT INTO users (email, password_hash, name, country, locale, email_verified_at, "
        "session_version, is_active_account, created_at) "
        "SELECT 'owner-' || n || '@bench.example', :hash, 'Owner ' || n, 'MA', 'fr', "
        "now() at time zone 'utc', 1, true, now() at time zone 'utc' "
        "FROM generate_series(1, :count) AS n",
        hash=NO_PASSWORD,
        count=count,
    )
    _execute(
        "INSERT INTO organisations (name, kind, registration_number, commune_id, description, "
        "status, submitted_at, decided_at, decided_by_id, created_by_id, created_at) "
        "SELECT 'Association ' || u.name, 'association', 'REG-' || u.id, "
        "(SELECT min(id) FROM communes) + u.id % (SELECT count(*) FROM communes), '', "
        "'verified', u.created_at, u.created_at, :reviewer, u.id, u.created_at "
        "FROM users u WHERE u.email LIKE 'owner-%@bench.example' ORDER BY u.id",
        reviewer=reviewer_id,
    )
    _execute(
        "INSERT INTO organisation_members (organisation_id, user_id, created_at) "
        "SELECT id, created_by_id, created_at FROM organisations"
    )
    _execute(
        "INSERT INTO user_roles (user_id, role, created_at) "
        "SELECT created_by_id, 'owner', created_at FROM organisations"
    )


def _copy_projects(scale, now):
    """The projects, each in a commune of its own choosing, live or (one in ten) funded."""
    random_numbers = random.Random(56)
    communes = _execute("SELECT c.id, c.name_fr FROM communes c ORDER BY c.id").all() or _refuse(
        "no communes: seed the geography first"
    )
    organisations = _execute("SELECT id, created_by_id FROM organisations ORDER BY id").all()
    sectors = sorted(SECTORS)
    columns = (
        "slug, organisation_id, created_by_id, title, summary, description, sector_code, "
        "commune_id, latitude, longitude, goal_amount, currency, raised_amount, funding_model, "
        "start_date, end_date, state, submitted_at, published_at, created_at"
    )
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY projects ({columns}) FROM STDIN") as copy:
        for number in range(scale.projects):
            organisation_id, owner_id = organisations[number // scale.projects_per_organisation]
            commune_id, commune_name = communes[random_numbers.randrange(len(communes))]
            work = WORKS[number % len(WORKS)]
            place = f"{PLACES[number % len(PLACES)]} {number}"
            opened = now - timedelta(seconds=_opened_seconds_ago(number))
            households = random_numbers.randrange(20, 400)
            copy.write_row(
                (
                    f"project-{number}",
                    organisation_id,
                    owner_id,
                    f"{work} for {place}",
                    f"{work} bringing a better life to {households} households of {commune_name}.",
                    f"## The need\n\n{households} households of **{place}** wait for it.\n\n"
                    "## The plan\n\nWorks in two stages, each paid against its evidence.",
                    sectors[number % len(sectors)],
                    commune_id,
                    round(random_numbers.uniform(28.0, 35.5), 5),
                    round(random_numbers.uniform(-12.0, -2.0), 5),
                    random_numbers.randrange(100_000, 450_000) * 100,
                    "MAD",
                    0,
                    "flexible",
                    opened.date(),
                    opened.date() + timedelta(days=400),
                    "funded" if number % 10 == 9 else "live",
                    opened - timedelta(days=20),
                    opened,
                    opened - timedelta(days=30),
                )
            )
    cursor.close()


def _refuse(message):
    raise BenchmarkRefused(message)


def _insert_project_details(reviewer_id):
    """Each project's plan, SDG, escrow account, approving review and its history."""
    for position, (label, share) in enumerate((("Works", 60), ("Equipment", 40)), start=1):
        rest = "goal_amount - goal_amount * 60 / 100" if share == 40 else "goal_amount * 60 / 100"
        _execute(
            "INSERT INTO budget_lines (project_id, position, label, amount) "
            f"SELECT id, {position}, :label, {rest} FROM projects",
            label=label,
        )
        _execute(
            "INSERT INTO milestones (project_id, position, title, amount, target_date) "
            f"SELECT id, {position}, :title, {rest}, end_date + {position * 60} FROM projects",
            title=("Works done", "Equipment installed")[position - 1],
        )
    _execute("INSERT INTO project_sdgs (project_id, sdg) SELECT id, 1 + id % 17 FROM projects")
    _execute(
        "INSERT INTO ledger_accounts (kind, currency, project_id, balance, created_at) "
        "SELECT 'project_escrow', 'MAD', id, 0, published_at FROM projects ORDER BY id"
    )
    answers = {key: {"passed": True, "note": ""} for key in CHECKLIST}
    _execute(
        "INSERT INTO project_reviews (project_id, reviewer_id, reviewer_affiliation, "
        "checklist_version, answers, decision, comments, created_at) "
        "SELECT p.id, u.id, u.affiliation, :version, CAST(:answers AS json), 'approve', '', "
        "p.published_at - interval '2 days' FROM projects p, users u WHERE u.id = :reviewer",
        version=CHECKLIST_VERSION,
        answers=json.dumps(answers),
        reviewer=reviewer_id,
    )
    for action, from_state, to_state, actor, before in (
        ("submit", "draft", "submitted", "p.created_by_id", "3 days"),
        ("start_review", "submitted", "in_review", ":reviewer", "2 days 1 hour"),
        ("approve", "in_review", "approved", ":reviewer", "2 days"),
        ("go_live", "approved", "live", "NULL", "0 days"),
    ):
        _execute(
            "INSERT INTO project_transitions (project_id, action, from_state, to_state, "
            "actor_id, comment, created_at) "
            f"SELECT p.id, '{action}', '{from_state}', '{to_state}', {actor}, '', "
            f"p.published_at - interval '{before}' FROM projects p ORDER BY p.id",
            reviewer=reviewer_id,
        )
    _execute(
        "INSERT INTO project_transitions (project_id, action, from_state, to_state, actor_id, "
        "comment, created_at) "
        "SELECT id, 'fund', 'live', 'funded', NULL, '', published_at + interval '30 days' "
        "FROM projects WHERE state = 'funded'"
    )


def _insert_donors(scale):
    _execute(
        "INSERT INTO users (email, password_hash, name, country, locale, email_verified_at, "
        "session_version, is_active_account, created_at) "
        "SELECT 'donor-' || n || '@bench.example', :hash, 'Donor ' || n, "
        "(CAST(:countries AS text[]))[1 + n % :country_count], "
        "(ARRAY['fr', 'ar', 'en', 'es'])[1 + n % 4], :now, 1, true, :now "
        "FROM generate_series(1, :count) AS n",
        hash=NO_PASSWORD,
        countries="{" + ",".join(COUNTRIES) + "}",
        country_count=len(COUNTRIES),
        count=scale.donors,
        now=utcnow(),
    )


class _PledgeSeries:
    """SQL expressions of pledge number `n` (0, 1, …): every row it leaves is computed from n.

    Pledge n goes to project n mod P from donor n mod D; it is 10 to 100 EUR; it is
    captured at a moment between its project's opening and `now`; every other one is
    matched. The ids of the rows each statement inserts are consecutive (checked), so
    that a pledge, its transactions and their entries find each other by arithmetic
    rather than by joins over millions of rows.
    """

    def __init__(self, scale, first_project, first_donor, first_escrow):
        self.scale = scale
        self.project = f"(n % {scale.projects})"
        self.project_id = f"({first_project} + n % {scale.projects})"
        self.donor_id = f"({first_donor} + n % {scale.donors})"
        self.escrow_id = f"({first_escrow} + n % {scale.projects})"
        self.amount = "(1000 + (n * 7919) % 9000)"
        self.amount_mad = f"({self.amount} * {EUR_RATE_MICRO} / 1000000)"
        self.fee_mad = f"({self.amount_mad} * 290 / 10000 + 300)"
        self.charge = f"({self.amount} + {self.fee_mad} * 1000000 / {EUR_RATE_MICRO} + 1)"
        self.moment = (
            f"(CAST(:now AS timestamp) - interval '1 second' * CAST("
            f"{_opened_seconds_ago_sql(self.project)} * ((n * 2654435761) % 1000000) "
            "/ 1000000.0 AS double precision))"
        )

    def series(self, step=1):
        return f"generate_series(CAST(0 AS bigint), {self.scale.pledges - 1}, {step}) AS s(n)"


def _pledge_series(scale):
    """The pledges' series, once the projects, their escrow accounts and the donors exist."""
    first_project = _first_of_consecutive("projects", "TRUE")
    first_escrow = _first_of_consecutive("ledger_accounts", "kind = 'project_escrow'")
    _refuse_unless_numbered(
        "ledger_accounts",
        f"kind <> 'project_escrow' OR project_id - {first_project} = id - :first",
        first_escrow,
    )
    return _PledgeSeries(
        scale,
        first_project=first_project,
        first_donor=_first_of_consecutive("users", "email LIKE 'donor-%@bench.example'"),
        first_escrow=first_escrow,
    )


def _opened_seconds_ago(number):
    """How long before `now` project `number` opened (Python; the SQL below says the same)."""
    return (1 + (number * 37) % 299) * 86_400 + number


def _opened_seconds_ago_sql(number):
    return f"((1 + ({number} * 37) % 299) * 86400 + {number})"


def _insert_pledges(pledges, fund_id, now):
    """Captured euro pledges spread over every project and every donor; every other matched."""
    p = pledges
    _execute(
        "INSERT INTO pledges (project_id, donor_id, state, funding_model, amount, currency, "
        "amount_mad, fee_mad, charge_amount, fx_rate_micro, fx_rate_date, fx_source, "
        "match_fund_id, expected_match_mad, request_key, show_name, message, customer_id, "
        "setup_intent_id, payment_method_id, payment_intent_id, captured_mad, refunded_mad, "
        "attempt, updated_at, captured_at, created_at) "
        f"SELECT {p.project_id}, {p.donor_id}, 'captured', 'flexible', {p.amount}, 'EUR', "
        f"{p.amount_mad}, {p.fee_mad}, {p.charge}, {EUR_RATE_MICRO}, CAST(:now AS date), "
        f"'Bank Al-Maghrib', CASE WHEN n % {MATCH_EVERY} = 0 THEN :fund END, "
        f"CASE WHEN n % {MATCH_EVERY} = 0 THEN {p.amount_mad} ELSE 0 END, "
        "'generated-' || n, n % 3 <> 0, "
        "CASE WHEN n % 40 = 0 THEN 'Pour le douar de mes parents' ELSE '' END, "
        f"'cus_gen_' || {p.donor_id}, 'seti_gen_' || n, 'pm_card_visa', 'pi_gen_' || n, "
        f"{p.amount_mad}, 0, 1, {p.moment}, {p.moment}, {p.moment} - interval '1 minute' "
        f"FROM {p.series()}",
        fund=fund_id,
        now=now,
    )
    first = _first_of_consecutive("pledges", "TRUE")
    _refuse_unless_numbered("pledges", "request_key = 'generated-' || (id - :first)", first)
    return first


def _post_captures(pledges, first_pledge, now):
    """One capture transaction per pledge: clearing → escrow, and the fees."""
    p = pledges
    _execute(
        "INSERT INTO ledger_transactions (kind, key, memo, project_id, created_at) "
        f"SELECT 'capture', 'capture:pi_gen_' || n, 'Pledge ' || ({first_pledge} + n), "
        f"{p.project_id}, {p.moment} FROM {p.series()}",
        now=now,
    )
    first = _first_of_consecutive("ledger_transactions", "kind = 'capture'")
    _refuse_unless_numbered(
        "ledger_transactions",
        "kind <> 'capture' OR key = 'capture:pi_gen_' || (id - :first)",
        first,
    )
    _execute(
        "INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, created_at) "
        f"SELECT {first} + n, line.account_id, line.amount, 'MAD', {p.moment} "
        f"FROM {p.series()}, LATERAL (VALUES "
        f"(:clearing, -({p.amount_mad} + {p.fee_mad})), "
        f"({p.escrow_id}, {p.amount_mad}), "
        f"(:fees, {p.fee_mad})) AS line(account_id, amount)",
        now=now,
        clearing=account_for(AccountKind.PROCESSOR_CLEARING).id,
        fees=account_for(AccountKind.PROCESSING_FEES).id,
    )


def _post_matches(pledges, first_pledge, fund_id, pool_id, now):
    """The fund's 1:1 match of every other pledge: its allocation, and pool → escrow."""
    p = pledges
    _execute(
        "INSERT INTO match_allocations (matching_fund_id, project_id, pledge_id, amount, "
        f"reversed_amount, created_at) SELECT :fund, {p.project_id}, {first_pledge} + n, "
        f"{p.amount_mad}, 0, {p.moment} FROM {p.series(MATCH_EVERY)}",
        fund=fund_id,
        now=now,
    )
    _execute(
        "INSERT INTO ledger_transactions (kind, key, memo, project_id, created_at) "
        f"SELECT 'match', 'match:pledge:' || ({first_pledge} + n), "
        f"'Match of pledge ' || ({first_pledge} + n), {p.project_id}, {p.moment} "
        f"FROM {p.series(MATCH_EVERY)}",
        now=now,
    )
    first = _first_of_consecutive("ledger_transactions", "kind = 'match'")
    _refuse_unless_numbered(
        "ledger_transactions",
        f"kind <> 'match' OR key = 'match:pledge:' || ({first_pledge} + "
        f"(id - :first) * {MATCH_EVERY})",
        first,
    )
    _execute(
        "INSERT INTO ledger_entries (transaction_id, account_id, amount, currency, created_at) "
        f"SELECT {first} + n / {MATCH_EVERY}, line.account_id, line.amount, 'MAD', {p.moment} "
        f"FROM {p.series(MATCH_EVERY)}, LATERAL (VALUES "
        f"(:pool, -{p.amount_mad}), ({p.escrow_id}, {p.amount_mad})) AS line(account_id, amount)",
        now=now,
        pool=pool_id,
    )


def _first_of_consecutive(table, where):
    """The first id of the rows of `table` matching `where`, which must be consecutive."""
    low, high, count = _execute(
        f"SELECT min(id), max(id), count(*) FROM {table} WHERE {where}"
    ).one()
    if count == 0 or high - low + 1 != count:
        raise BenchmarkRefused(f"the {table} just written do not have consecutive ids")
    return low


def _refuse_unless_numbered(table, condition, first):
    """Refuse unless every row of `table` meets `condition` (rows written in series order)."""
    astray = _execute(f"SELECT count(*) FROM {table} WHERE NOT ({condition})", first=first).scalar()
    if astray:
        raise BenchmarkRefused(f"{astray} {table} were not written in the order of their series")


def _settle_balances():
    """Accounts' balances and projects' raised totals, from what was just posted."""
    _execute(
        "UPDATE ledger_accounts a SET balance = s.total FROM "
        "(SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) s "
        "WHERE a.id = s.account_id"
    )
    _execute(
        "UPDATE projects p SET raised_amount = s.raised FROM "
        "(SELECT project_id, sum(captured_mad) + sum(expected_match_mad) AS raised "
        "FROM pledges GROUP BY project_id) s WHERE p.id = s.project_id"
    )
    # A funded project reached its goal.
    _execute(
        "UPDATE projects SET goal_amount = raised_amount * 4 / 5 "
        "WHERE state = 'funded' AND raised_amount * 4 / 5 > 0"
    )
    _execute(
        "UPDATE milestones m SET amount = CASE WHEN m.position = 1 "
        "THEN p.goal_amount * 60 / 100 ELSE p.goal_amount - p.goal_amount * 60 / 100 END "
        "FROM projects p WHERE p.id = m.project_id AND p.state = 'funded'"
    )
    _execute(
        "UPDATE budget_lines b SET amount = CASE WHEN b.position = 1 "
        "THEN p.goal_amount * 60 / 100 ELSE p.goal_amount - p.goal_amount * 60 / 100 END "
        "FROM projects p WHERE p.id = b.project_id AND p.state = 'funded'"
    )


def _drop_constraints_and_indexes():
    """Drop the bulk tables' foreign keys, unique constraints and indexes but primary keys.

    Returns what rebuilds them. A foreign key checked once over the whole table, and an
    index built once, cost a fraction of what checking and indexing each row does.
    """
    constraints = _execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(:tables) "
        "AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
        tables=list(BULK_TABLES),
    ).all()
    for table, name, _definition in constraints:
        _execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    indexes = _execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(:tables) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        tables=list(BULK_TABLES),
    ).all()
    for name, _definition in indexes:
        _execute(f'DROP INDEX "{name}"')
    return constraints, indexes


def _restore_constraints_and_indexes(dropped):
    constraints, indexes = dropped
    for _name, definition in indexes:
        _execute(definition)
    # Unique constraints first ('u' sorts after 'f': reversed), then the foreign keys.
    for table, name, definition in reversed(constraints):
        _execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def main(argv=None):
    """`python -m bench.generate`: generate into a throw-away database and time it."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--projects", type=int, default=Scale.projects)
    parser.add_argument("--donors", type=int, default=Scale.donors)
    parser.add_argument("--pledges", type=int, default=Scale.pledges)
    arguments = parser.parse_args(argv)
    scale = Scale(arguments.projects, arguments.donors, arguments.pledges)
    try:
        with throwaway_database(server_url(), suffix="generated") as url:
            generated = generate(url, scale)
    except BenchmarkRefused as refused:
        print(f"generation failed: {refused}", file=sys.stderr)
        return 1
    print(
        f"{scale.projects:,} projects, {scale.donors:,} donors, {scale.pledges:,} pledges and "
        f"{generated.ledger_entries:,} ledger entries in {generated.seconds:.1f} s "
        f"({generated.step_seconds}, load average {os.getloadavg()[0]:.1f}); "
        "the ledger check found nothing."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
