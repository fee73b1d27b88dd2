"""The demo's people: one account per role and a few donors abroad, all with the same password."""

from dataclasses import dataclass

from crowdfund.accounts.models import Role
from crowdfund.accounts.services import create_user, grant_role
from crowdfund.admin.services import DISBURSEMENTS, MOROCCANS_ABROAD_MINISTRY, TREASURY

DEMO_PASSWORD = "twiza-demo-2026"

# Fixed second-factor secrets, so that the README can print them for authenticator apps.
REVIEWER_TOTP_SECRET = "6X3O5K72JFNOFKNYH76YM2YTEZI5CVDX"
SECOND_REVIEWER_TOTP_SECRET = "AZVPIPS4KBUFLLMW2M4CDFV3F77SKJNP"
TREASURER_TOTP_SECRET = "OGEBR7EXN2B6T4NZVE4UISQHU7IGOMBM"
ADMIN_TOTP_SECRET = "R7LIB6C7GIQ2EGASLI6GIRXXGZLAVOZV"

ADMIN_EMAIL = "admin@demo.twiza.ma"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    name: str
    country: str
    locale: str
    roles: tuple = ()
    affiliation: str | None = None
    totp_secret: str | None = None


ACCOUNTS = (
    DemoAccount("donor", "donor@demo.twiza.ma", "Youssef El Amrani", "FR", "fr"),
    DemoAccount(
        "owner", "owner@demo.twiza.ma", "Fatima Zahra Aït Lahcen", "MA", "fr", (Role.OWNER,)
    ),
    DemoAccount("owner2", "owner2@demo.twiza.ma", "Hassan Oubella", "MA", "fr", (Role.OWNER,)),
    DemoAccount(
        "reviewer",
        "reviewer@demo.twiza.ma",
        "Nadia Berrada",
        "MA",
        "fr",
        (Role.REVIEWER,),
        TREASURY,
        REVIEWER_TOTP_SECRET,
    ),
    DemoAccount(
        "reviewer2",
        "reviewer2@demo.twiza.ma",
        "Karim Tazi",
        "MA",
        "en",
        (Role.REVIEWER,),
        MOROCCANS_ABROAD_MINISTRY,
        SECOND_REVIEWER_TOTP_SECRET,
    ),
    DemoAccount(
        "treasurer",
        "treasurer@demo.twiza.ma",
        "Omar Alaoui",
        "MA",
        "fr",
        (Role.TREASURER,),
        DISBURSEMENTS,
        TREASURER_TOTP_SECRET,
    ),
    DemoAccount(
        "admin", ADMIN_EMAIL, "Salma Idrissi", "MA", "en", (Role.ADMIN,), None, ADMIN_TOTP_SECRET
    ),
    # Moroccans abroad who give to the demo's campaigns (campaigns.py).
    DemoAccount("leila", "leila.benkirane@demo.twiza.ma", "Leïla Benkirane", "FR", "fr"),
    DemoAccount("mohamed", "mohamed.ouazzani@demo.twiza.ma", "Mohamed Ouazzani", "ES", "ar"),
    DemoAccount("khadija", "khadija.bouzidi@demo.twiza.ma", "Khadija Bouzidi", "BE", "fr"),
    DemoAccount("rachid", "rachid.aitouahmane@demo.twiza.ma", "Rachid Aït Ouahmane", "IT", "ar"),
    DemoAccount("naima", "naima.azzouzi@demo.twiza.ma", "Naïma Azzouzi", "NL", "en"),
    DemoAccount("abdelilah", "abdelilah.chraibi@demo.twiza.ma", "Abdelilah Chraïbi", "DE", "en"),
    DemoAccount("meryem", "meryem.lahlou@demo.twiza.ma", "Meryem Lahlou", "CA", "fr"),
    DemoAccount("said", "said.benjelloun@demo.twiza.ma", "Saïd Benjelloun", "US", "en"),
    DemoAccount("hamza", "hamza.tahiri@demo.twiza.ma", "Hamza Tahiri", "AE", "ar"),
    DemoAccount("imane", "imane.elfassi@demo.twiza.ma", "Imane El Fassi", "GB", "en"),
)


def create_accounts():
    """Create every demo account, verified; returns {key: User}."""
    users = {}
    for account in ACCOUNTS:
        user = create_user(
            account.email,
            DEMO_PASSWORD,
            account.name,
            account.country,
            account.locale,
            verified=True,
        )
        user.affiliation = account.affiliation
        user.totp_secret = account.totp_secret
        for role in account.roles:
            grant_role(user, role)
        users[account.key] = user
    return users
