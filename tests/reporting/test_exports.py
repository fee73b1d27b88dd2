"""The CSV exports: streamed, one row per record, amounts as decimals, formulas neutralised."""

import csv
import io

import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.ledger.posting import reverse
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.reporting import csv_stream
from crowdfund.reporting.exports import pledges_export
from tests.factories import OrganisationFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.pledges import PledgeFactory
from tests.ledger.builders import capture, disburse


@pytest.fixture
def reviewer_client(login):
    return login(ReviewerFactory())


def _download(client, name):
    response = client.get(f"/ministry/exports/{name}.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="twiza-{name}-'
    )
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_pledges_export_has_a_row_per_pledge_without_names_or_emails(reviewer_client):
    donor = UserFactory(country="NL", name="Amina El Idrissi", email="amina@example.org")
    project = ProjectFactory(slug="well-in-tighmert")
    pledge = PledgeFactory(
        project=project,
        donor=donor,
        state=PledgeState.CAPTURED,
        currency="EUR",
        amount=10_000,
        amount_mad=108_500,
        fee_mad=3_300,
        fx_rate_micro=10_850_000,
        fx_source='=HYPERLINK("http://evil.example")',
        captured_mad=108_500,
        refunded_mad=8_500,
    )
    PledgeFactory(project=project)

    rows = _download(reviewer_client, "pledges")

    assert len(rows) == 2
    row = rows[0]
    assert row["pledge_id"] == str(pledge.id)
    assert (row["project_slug"], row["donor_id"], row["donor_country"]) == (
        "well-in-tighmert",
        str(donor.id),
        "NL",
    )
    assert (row["state"], row["currency"], row["amount"], row["amount_mad"]) == (
        "captured",
        "EUR",
        "100.00",
        "1085.00",
    )
    assert (row["fee_mad"], row["captured_mad"], row["refunded_mad"]) == (
        "33.00",
        "1085.00",
        "85.00",
    )
    assert row["fx_rate"] == "10.850000"
    assert row["fx_source"] == '\'=HYPERLINK("http://evil.example")'
    body = reviewer_client.get("/ministry/exports/pledges.csv").get_data(as_text=True)
    assert "Amina" not in body
    assert "amina@example.org" not in body


def test_the_projects_export_has_money_from_the_ledger(reviewer_client):
    project = ProjectFactory(
        title="-1+1 school roof",
        organisation=OrganisationFactory(name="@Association Agdz"),
        goal_amount=5_000_000,
    )
    capture(project, 700_000, "capture:export")
    disburse(project, 200_000, "disbursement:export")

    [row] = _download(reviewer_client, "projects")

    assert row["project_id"] == str(project.id)
    assert (row["title"], row["organisation"]) == ("'-1+1 school roof", "'@Association Agdz")
    assert (row["goal"], row["held"], row["disbursed"]) == ("50000.00", "5000.00", "2000.00")
    assert row["state"] == "live"
    assert row["region_code"].startswith("R")


def test_the_disbursements_export_lists_releases_and_reversals_from_the_ledger(reviewer_client):
    project = ProjectFactory()
    capture(project, 900_000, "capture:tranches")
    first = disburse(project, 300_000, "disbursement:tranche-1")
    disburse(project, 100_000, "disbursement:tranche-2")
    reversal = reverse(first)

    rows = _download(reviewer_client, "disbursements")

    assert [(row["transaction_id"], row["amount"]) for row in rows] == [
        (str(first.id), "3000.00"),
        (rows[1]["transaction_id"], "1000.00"),
        (str(reversal.id), "-3000.00"),
    ]
    assert rows[2]["reverses_transaction_id"] == str(first.id)
    assert {row["project_slug"] for row in rows} == {project.slug}


def test_an_export_with_no_rows_has_its_header_only(reviewer_client):
    assert _download(reviewer_client, "disbursements") == []


def test_a_treasurer_may_download(login):
    client = login(UserFactory(roles=[Role.TREASURER]))

    assert client.get("/ministry/exports/projects.csv").status_code == 200


def test_an_unknown_export_is_not_found(reviewer_client):
    assert reviewer_client.get("/ministry/exports/users.csv").status_code == 404


def test_a_donor_may_not_download(login):
    assert login(UserFactory()).get("/ministry/exports/pledges.csv").status_code == 403


def test_a_download_stopped_halfway_leaves_the_database_usable(monkeypatch):
    monkeypatch.setattr(csv_stream, "CHUNK_BYTES", 512)
    monkeypatch.setattr(csv_stream, "BATCH_ROWS", 5)
    PledgeFactory.create_batch(20)
    chunks = pledges_export().stream(db.engine)

    assert next(chunks) == csv_stream.BOM
    assert next(chunks).startswith(b"pledge_id,")
    chunks.close()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Pledge)) == 20


def test_a_large_export_comes_in_several_chunks(monkeypatch):
    monkeypatch.setattr(csv_stream, "CHUNK_BYTES", 512)
    monkeypatch.setattr(csv_stream, "BATCH_ROWS", 5)
    PledgeFactory.create_batch(20)

    chunks = list(pledges_export().stream(db.engine))

    assert len(chunks) > 3
    assert b"".join(chunks).count(b"\n") == 21
