"""scripts/localstripe_server.py: localstripe on 127.0.0.1, its data in the file we name."""

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crowdfund.payments.stripe_gateway import StripeGateway
from tests.payments.conftest import SECRET_KEY, SERVER_SCRIPT, running_localstripe

LISTEN = "0A"


def gateway(url):
    return StripeGateway(secret_key=SECRET_KEY, webhook_secret="whsec_unused", api_base=url)


def customer_exists(url, customer_id):
    request = urllib.request.Request(
        f"{url}/v1/customers/{customer_id}", headers={"Authorization": f"Bearer {SECRET_KEY}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def test_the_data_lives_in_the_data_file_and_survives_a_restart(tmp_path):
    data_file = tmp_path / "localstripe.pickle"
    with running_localstripe(data_file) as url:
        customer = gateway(url).create_customer("amina@example.org", "Amina", "restart-1")
    assert customer.id.encode() in data_file.read_bytes()

    with running_localstripe(data_file) as url:
        assert customer_exists(url, customer.id)
    with running_localstripe(data_file, "--from-scratch") as url:
        assert not customer_exists(url, customer.id)


def _listening_addresses(port):
    """Local addresses (hex, as /proc/net/tcp* write them) listening on `port`."""
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if int(local_port, 16) == port and state == LISTEN:
                addresses.append(address)
    return addresses


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket tables")
def test_the_server_listens_on_127_0_0_1_only(localstripe_url):
    port = int(localstripe_url.rsplit(":", 1)[1])
    assert _listening_addresses(port) == ["0100007F"]


def run_script(*arguments):
    return subprocess.run(
        [sys.executable, str(SERVER_SCRIPT), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_taken_port_is_reused_when_asked_and_refused_otherwise(localstripe_url, tmp_path):
    port = localstripe_url.rsplit(":", 1)[1]
    data = ["--port", port, "--data-file", str(tmp_path / "other.pickle")]

    reused = run_script(*data, "--reuse-running")
    assert reused.returncode == 0
    assert "reusing" in reused.stdout

    refused = run_script(*data)
    assert refused.returncode != 0
    assert "in use" in refused.stderr
