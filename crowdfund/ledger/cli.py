"""`flask ledger check`: the ledger's invariants on the live database."""

import click
from flask.cli import AppGroup

from crowdfund.ledger.checks import check_ledger, ledger_size

ledger_cli = AppGroup("ledger", help="The double-entry ledger.")


@ledger_cli.command("check")
@click.pass_context
def check_command(ctx):
    """Verify every invariant of the ledger; exit with status 1 on any breach."""
    breaches = check_ledger()
    if breaches:
        for message in breaches:
            click.echo(message)
        click.echo(f"The ledger breaks its invariants in {len(breaches)} place(s).")
        ctx.exit(1)
    transactions, entries, accounts = ledger_size()
    click.echo(
        f"Ledger clean: {transactions} transactions, {entries} entries, {accounts} accounts."
    )
