"""Behind nginx, the audit log records the client's address, not nginx's, nor a forged one."""

import pytest

from crowdfund.ops.proxy import trust_proxies
from tests.audit.helpers import audit_entries
from tests.factories import AdminFactory, UserFactory

NGINX = "127.0.0.1"


@pytest.fixture
def behind_proxies(app, monkeypatch):
    """Serve the suite's application as production does, behind `count` trusted proxies."""

    def _behind(count):
        monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)
        monkeypatch.setitem(app.config, "TRUSTED_PROXY_COUNT", count)
        trust_proxies(app)

    return _behind


def _change_access_through(login, forwarded_for):
    """An administrator changes a user's roles, through nginx; the address the log recorded."""
    client = login(AdminFactory())
    user = UserFactory()
    client.post(
        f"/admin/users/{user.id}",
        data={"roles": ["reviewer"], "affiliation": "Treasury", "status": "active"},
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": NGINX},
    )
    [entry] = audit_entries("user.access_changed")
    return entry.ip_address


def test_behind_one_proxy_the_address_it_saw_is_the_clients(login, behind_proxies):
    behind_proxies(1)

    assert _change_access_through(login, "198.51.100.23") == "198.51.100.23"


def test_an_address_the_client_wrote_itself_is_ignored(login, behind_proxies):
    """The client sends X-Forwarded-For: 10.0.0.1; nginx appends the address it saw."""
    behind_proxies(1)

    assert _change_access_through(login, "10.0.0.1, 198.51.100.23") == "198.51.100.23"


def test_behind_two_proxies_the_address_the_outer_one_saw_is_the_clients(login, behind_proxies):
    behind_proxies(2)

    assert _change_access_through(login, "10.0.0.1, 198.51.100.23, 192.0.2.8") == "198.51.100.23"


def test_without_trusted_proxies_forwarded_headers_are_ignored(login):
    assert _change_access_through(login, "198.51.100.23") == NGINX


def test_a_negative_proxy_count_is_refused(app, behind_proxies):
    with pytest.raises(RuntimeError, match="TRUSTED_PROXY_COUNT"):
        behind_proxies(-1)
