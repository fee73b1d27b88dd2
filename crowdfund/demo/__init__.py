"""Demonstration data: people, organisations, projects in every state and the money behind them.

Accounts for every role and donors abroad, organisations, projects, the pledges that
raised their money, exchange rates, matching funds and co-funding; then what funded
projects did with it: milestone evidence, verified and released, and their updates.
`load_demo()` only flushes; the `flask demo load` command commits. The pledges are
paid through the application's gateway: in development, localstripe must be running.
"""

from flask import current_app

# Every model is mapped before fx.services, imported below, configures the mappers.
from crowdfund import all_models  # noqa: F401
from crowdfund.accounts.services import find_user_by_email
from crowdfund.demo.accounts import ACCOUNTS, ADMIN_EMAIL, DEMO_PASSWORD, create_accounts
from crowdfund.demo.campaigns import run_campaigns
from crowdfund.demo.cardholder import cardholder_for
from crowdfund.demo.errors import DemoDataRefused
from crowdfund.demo.funding import create_cofundings, create_matching_funds
from crowdfund.demo.milestones import report_milestones
from crowdfund.demo.organisations import ORGANISATIONS, create_organisations
from crowdfund.demo.places import find_communes
from crowdfund.demo.project_data import PROJECTS
from crowdfund.demo.projects import create_projects
from crowdfund.demo.rates import create_rates
from crowdfund.demo.updates import post_updates
from crowdfund.extensions import db
from crowdfund.payments import get_gateway
from crowdfund.payments.gateway import GatewayError, IdempotencyConflict
from crowdfund.receipts.issuing import issue_missing_receipts, receipts_held_back
from crowdfund.timeutil import utcnow

__all__ = ["DemoDataRefused", "credentials", "load_demo"]


def credentials():
    """The demo accounts, their shared password and their second-factor secrets, for people."""
    width = max(len(account.email) for account in ACCOUNTS)
    lines = [f"Password for every account: {DEMO_PASSWORD}", ""]
    for account in ACCOUNTS:
        roles = ", ".join(role.value for role in account.roles) or "donor"
        line = f"  {account.email:<{width}}  {roles:<9}  {account.name}"
        if account.totp_secret:
            line += f"  (TOTP secret {account.totp_secret})"
        lines.append(line)
    lines += [
        "",
        "Accounts with a TOTP secret log in with a one-time code from an authenticator app",
        "to which the secret has been added.",
    ]
    return "\n".join(lines)


def load_demo():
    """Create the demo data unless it is already there; returns a summary to print."""
    if not current_app.config.get("ALLOW_DEMO_DATA"):
        raise DemoDataRefused("Demo data is refused in this configuration (ALLOW_DEMO_DATA).")
    # Rates go first: the days pass, and a demo loaded earlier still needs today's rates.
    rates = create_rates()
    if find_user_by_email(ADMIN_EMAIL) is not None:
        changed = f"{len(rates)} exchange rates added" if rates else "nothing changed"
        return f"Demo data is already loaded; {changed}.\n\n{credentials()}"

    gateway = get_gateway()
    cardholder = cardholder_for(current_app.config, gateway)
    now = utcnow()
    communes = find_communes(
        {spec.commune for spec in ORGANISATIONS} | {spec.commune for spec in PROJECTS}
    )
    people = create_accounts()
    organisations = create_organisations(people, communes, now)
    projects = create_projects(organisations, communes, people, now)
    # Funds first: pledges are matched when they are captured.
    funds = create_matching_funds(people["admin"], now.date())
    commitments = create_cofundings(people["reviewer"])
    try:
        # The campaigns date their captures back: receipts are numbered once the dates are set.
        with receipts_held_back():
            pledges = run_campaigns(projects, people, cardholder, gateway, now)
    except IdempotencyConflict as error:
        raise DemoDataRefused(
            "The payment processor already answered the demo's payment requests for another "
            "database: restart localstripe (make localstripe), then load the demo again."
        ) from error
    except (GatewayError, OSError) as error:
        raise DemoDataRefused(
            f"The payment processor failed while the demo's pledges were paid ({error}); "
            "nothing was loaded."
        ) from error
    issue_missing_receipts()
    disbursements = report_milestones(projects, people, now)
    updates = post_updates(projects, now)
    db.session.flush()
    return (
        f"Demo data loaded: {len(people)} accounts, {len(organisations)} organisations, "
        f"{len(projects)} projects, {len(funds)} matching funds, "
        f"{len(commitments)} co-funding commitments, {len(pledges)} pledges, "
        f"{len(disbursements)} tranches released, {len(updates)} updates, "
        f"{len(rates)} exchange rates."
        f"\n\n{credentials()}"
    )
