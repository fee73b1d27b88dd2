from crowdfund.accounts.models import Role
from crowdfund.accounts.passwords import verify_password
from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, OwnerFactory, UserFactory

DETAILS = {"name": "Hicham Amrani", "country": "CA", "locale": "fr"}


def test_profile_shows_email_verification_state_and_roles(login):
    user = OwnerFactory(email="hicham@example.org")

    page = login(user).get("/account/profile").get_data(as_text=True)

    assert "hicham@example.org" in page
    assert "not confirmed yet" not in page
    assert str(Role.DONOR.label) in page
    assert str(Role.OWNER.label) in page


def test_profile_edit_saves_name_country_and_language(login):
    user = UserFactory(country="FR", locale="en")
    client = login(user)

    response = client.post("/account/profile", data=DETAILS)

    assert response.headers["Location"] == "/account/profile"
    db.session.refresh(user)
    assert (user.name, user.country, user.locale) == ("Hicham Amrani", "CA", "fr")
    assert 'lang="fr"' in client.get("/account/profile").get_data(as_text=True)


def test_profile_edit_refuses_an_unknown_country(login):
    user = UserFactory(country="FR")

    response = login(user).post("/account/profile", data=DETAILS | {"country": "ZZ"})

    assert response.status_code == 200
    db.session.refresh(user)
    assert user.country == "FR"


def change_password(client, current=DEFAULT_PASSWORD, new="sunset over merzouga"):
    return client.post(
        "/account/password", data={"current_password": current, "password": new, "confirm": new}
    )


def test_password_change_keeps_this_session_and_ends_the_others(login):
    user = UserFactory()
    here, elsewhere = login(user), login(user)
    version = user.session_version

    response = change_password(here)

    assert response.headers["Location"] == "/account/profile"
    db.session.refresh(user)
    assert user.session_version == version + 1
    assert verify_password(user.password_hash, "sunset over merzouga")
    assert here.get("/account/profile").status_code == 200
    assert elsewhere.get("/account/profile").status_code == 302


def test_password_change_needs_the_current_password(login):
    user = UserFactory()

    response = change_password(login(user), current="not my password")

    assert "Your current password is not correct." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)


def test_password_change_follows_the_rules(login):
    response = change_password(login(UserFactory()), new="12345678")
    assert "too common" in response.get_data(as_text=True)
