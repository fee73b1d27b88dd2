"""A backup made by scripts/backup.sh restores, by scripts/restore.sh, into a sound database.

PostgreSQL only (pg_dump and pg_restore). Pledges are made through the services,
so that the ledger, receipts and outbox hold what production holds.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.seed import seed_geography
from crowdfund.page_cache.generation import read_generation
from crowdfund.payments import EXTENSION_KEY
from crowdfund.payments.fake_gateway import PM_SUCCEEDS, FakeGateway
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import FundingModel
from tests.factories import ProjectFactory, UserFactory
from tests.ops.conftest import app_on, dispose, migrated_database

ROOT = Path(__file__).resolve().parents[2]
PLEDGES = 12
#: Where Debian's PostgreSQL 15 keeps pg_dump, pg_restore and psql (not on PATH).
POSTGRESQL_BIN = "/usr/lib/postgresql/15/bin"


@pytest.fixture
def tools_environment():
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("backups are PostgreSQL's pg_dump: runs on PostgreSQL only")
    path = f"{POSTGRESQL_BIN}{os.pathsep}{os.environ['PATH']}"
    if shutil.which("pg_dump", path=path) is None:
        pytest.skip("pg_dump is not installed")
    return {**os.environ, "PATH": path}


def _give(app, gateway, number):
    """`number` flexible pledges, captured at once, committed: the ledger moves."""
    with app.app_context():
        seed_geography()
        project = ProjectFactory(funding_model=FundingModel.FLEXIBLE, goal_amount=100_000_00)
        for key in range(number):
            pledge = start_pledge(
                project,
                UserFactory(),
                quote_pledge(project, 500_00 + key * 100, "MAD"),
                show_name=True,
                message="",
                gateway=gateway,
                idempotency_key=f"backup-{key}",
            )
            gateway.confirm_setup_intent(pledge.setup_intent_id, PM_SUCCEEDS)
            card_saved(pledge, gateway)
        db.session.commit()


def _row_counts(app):
    with app.app_context():
        tables = [*db.metadata.sorted_tables, sa.table("alembic_version")]
        return {
            table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in tables
        }


def _captured(app):
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).where(Pledge.state == PledgeState.CAPTURED)
        )


def _page_generation(app):
    with app.app_context():
        return read_generation()


def test_a_backup_restores_into_a_new_database_with_a_clean_ledger(tools_environment, tmp_path):
    with (
        migrated_database(tmp_path, "ops_backup_source") as source_url,
        migrated_database(tmp_path, "ops_backup_restored", migrated=False) as restored_url,
    ):
        source = app_on(source_url, SERVER_NAME="localhost", UPLOAD_DIR=tmp_path / "uploads")
        restored = app_on(restored_url)
        try:
            gateway = FakeGateway(webhook_secret=source.config["STRIPE_WEBHOOK_SECRET"])
            source.extensions[EXTENSION_KEY] = gateway
            _give(source, gateway, PLEDGES)
            dump = tmp_path / "twiza.dump"

            backup = subprocess.run(
                ["bash", "scripts/backup.sh", str(dump)],
                cwd=ROOT,
                env={**tools_environment, "DATABASE_URL": source_url},
                capture_output=True,
                text=True,
                check=False,
            )
            assert backup.returncode == 0, backup.stderr
            assert backup.stdout.strip() == str(dump)
            restore = subprocess.run(
                ["bash", "scripts/restore.sh", str(dump), restored_url],
                cwd=ROOT,
                env=tools_environment,
                capture_output=True,
                text=True,
                check=False,
            )
            assert restore.returncode == 0, restore.stderr

            assert _captured(restored) == _captured(source) == PLEDGES
            assert _row_counts(restored) == _row_counts(source)
            check = restored.test_cli_runner().invoke(args=["ledger", "check"])
            assert check.exit_code == 0, check.output
            assert check.output.startswith("Ledger clean: ")
            assert check.output == source.test_cli_runner().invoke(args=["ledger", "check"]).output
            assert restored.test_client().get("/readyz").status_code == 200
            # Past every generation pages were kept under before the restore.
            assert _page_generation(restored) > _page_generation(source) + 10**12
        finally:
            dispose(source, restored)


def test_a_restore_into_a_database_holding_tables_is_refused(tools_environment, tmp_path):
    with migrated_database(tmp_path, "ops_backup_busy") as busy_url:
        dump = tmp_path / "twiza.dump"
        environment = {**tools_environment, "DATABASE_URL": busy_url}
        subprocess.run(
            ["bash", "scripts/backup.sh", str(dump)], cwd=ROOT, env=environment, check=True
        )
        busy = app_on(busy_url)
        before = _row_counts(busy)

        restore = subprocess.run(
            ["bash", "scripts/restore.sh", str(dump)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

        assert restore.returncode == 1
        assert "already holds" in restore.stderr
        assert _row_counts(busy) == before
        dispose(busy)
