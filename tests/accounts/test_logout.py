from tests.factories import UserFactory


def test_logout_by_post_ends_the_session(login):
    client = login(UserFactory())

    response = client.post("/account/logout")

    assert response.headers["Location"] == "/"
    assert client.get("/account/profile").status_code == 302


def test_logout_by_get_is_refused(login):
    client = login(UserFactory())

    assert client.get("/account/logout").status_code == 405
    assert client.get("/account/profile").status_code == 200
