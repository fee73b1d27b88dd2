"""Flask commands: `flask payments reconcile` and `flask payments dev-webhook`."""

import click
from flask import current_app
from flask.cli import AppGroup

from crowdfund.extensions import db

payments_cli = AppGroup("payments", help="The payment processor.")

#: The name under which `dev-webhook` registers the app with localstripe.
DEV_WEBHOOK_ID = "twiza"


@payments_cli.command("reconcile")
def reconcile_command():
    """Ask the processor about everything left pending and apply what it says."""
    from crowdfund.payments import get_gateway
    from crowdfund.payments.reconcile import registered_reconcilers

    reconcilers = registered_reconcilers()
    if not reconcilers:
        click.echo("Nothing to reconcile.")
        return
    for name, reconcile in reconcilers:
        summary = reconcile(get_gateway())
        db.session.commit()
        click.echo(f"{name}: {summary}")


@payments_cli.command("dev-webhook")
@click.option(
    "--url",
    default="http://127.0.0.1:5000/webhooks/stripe",
    show_default=True,
    help="Where localstripe should post its events.",
)
@click.option(
    "--wait", default=15.0, show_default=True, help="Seconds to wait for localstripe to answer."
)
def dev_webhook_command(url, wait):
    """Have localstripe send its events to this app, signed with STRIPE_WEBHOOK_SECRET."""
    from crowdfund.payments import localstripe_control

    api_base = current_app.config["STRIPE_API_BASE"]
    if not localstripe_control.is_local(api_base):
        click.echo(
            f"{api_base} is Stripe itself: set the webhook in Stripe's dashboard "
            "(or forward events with the Stripe CLI)."
        )
        return
    try:
        localstripe_control.wait_until_answering(api_base, wait)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    localstripe_control.register_webhook(
        api_base, DEV_WEBHOOK_ID, url, current_app.config["STRIPE_WEBHOOK_SECRET"]
    )
    click.echo(f"localstripe at {api_base} sends its events to {url}.")
