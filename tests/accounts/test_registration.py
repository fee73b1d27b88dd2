import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.accounts.passwords import verify_password
from crowdfund.extensions import db
from tests.factories import UserFactory

VALID = {
    "name": "Yasmine El Idrissi",
    "email": "  Yasmine@Example.ORG ",
    "password": "olive trees in tafraout",
    "confirm": "olive trees in tafraout",
    "country": "FR",
    "locale": "fr",
}


def register(client, **changes):
    return client.post("/account/register", data=VALID | changes)


def user_with_email(email):
    return db.session.scalar(sa.select(User).filter_by(email=email))


def test_registration_form_lists_diaspora_countries_first(client):
    page = client.get("/account/register").get_data(as_text=True)
    france, spain, morocco, austria = (
        page.index(f'value="{code}"') for code in ("FR", "ES", "MA", "AT")
    )
    assert france < spain < morocco < austria


def test_country_names_follow_the_language(client):
    client.post("/language", data={"language": "fr"})
    page = client.get("/account/register").get_data(as_text=True)
    assert "Allemagne" in page


def test_registration_creates_an_unverified_account_and_mails_a_link(client, outbox):
    response = register(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/check-inbox"
    user = user_with_email("yasmine@example.org")
    assert user.name == "Yasmine El Idrissi"
    assert (user.country, user.locale) == ("FR", "fr")
    assert not user.email_verified
    assert verify_password(user.password_hash, VALID["password"])
    assert [message.to for message in outbox] == [["yasmine@example.org"]]
    assert "/account/verify/" in outbox[0].body


def test_registration_does_not_log_the_visitor_in(client):
    register(client)
    assert client.get("/account/profile").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short1", "confirm": "short1"}, "Use at least 8 characters."),
        ({"password": "x" * 129, "confirm": "x" * 129}, "Use at most 128 characters."),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"confirm": "olive trees in taroudant"}, "The two passwords do not match."),
        ({"email": "yasmine.example.org"}, "Enter a valid email address"),
        (
            {"password": "yasmine@example.org", "confirm": "yasmine@example.org"},
            "must not be your email address",
        ),
        ({"name": "   "}, "Enter your name."),
        ({"country": ""}, "Choose the country you live in."),
        ({"country": "XX"}, "Not a valid choice"),
        ({"locale": "de"}, "Not a valid choice"),
    ],
)
def test_registration_refuses_invalid_details(client, outbox, changes, message):
    response = register(client, **changes)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_with_email("yasmine@example.org") is None
    assert outbox == []


def test_registration_accepts_a_long_uncommon_password_without_composition_rules(client):
    register(client, password="aaaaaaaaaaaaaaaaaaaaaaaq", confirm="aaaaaaaaaaaaaaaaaaaaaaaq")
    assert user_with_email("yasmine@example.org") is not None


def test_registering_a_taken_address_looks_the_same_and_warns_its_owner(client, outbox):
    owner = UserFactory(email="yasmine@example.org", name="Yasmine", locale="en")
    fresh = register(client, email="someone.new@example.org")

    taken = register(client)

    assert (taken.status_code, taken.headers["Location"]) == (
        fresh.status_code,
        fresh.headers["Location"],
    )
    assert db.session.scalar(sa.select(sa.func.count()).where(User.email == owner.email)) == 1
    warning = outbox[-1]
    assert warning.to == ["yasmine@example.org"]
    assert "tried to create a new Twiza account" in warning.body
    assert "/account/password/reset/" in warning.body


def test_check_inbox_page_answers(client):
    assert "Check your inbox" in client.get("/account/check-inbox").get_data(as_text=True)


def test_logged_in_users_are_sent_away_from_registration(login):
    assert login(UserFactory()).get("/account/register").status_code == 302
