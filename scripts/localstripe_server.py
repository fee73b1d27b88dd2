"""Serve localstripe, a fake Stripe for development and tests, on 127.0.0.1 with our data file.

localstripe's own entry point listens on every interface and keeps its data in
/tmp/localstripe.pickle. This wrapper listens on 127.0.0.1 only and keeps the
data in --data-file. It also gives localstripe two behaviours of real Stripe
that it lacks and that Twiza relies on:

* idempotency keys: a POST repeating an `Idempotency-Key` gets the first answer
  again, a decline included (a different request under the same key is refused
  with an `idempotency_error`); the answers are kept for the life of the process;
* refunds never exceed what is left of the charge (`amount_too_large`,
  `charge_already_refunded`), and a refund without an amount refunds what is left.

    .venv/bin/python scripts/localstripe_server.py --data-file instance/localstripe.pickle

With --reuse-running, a port already in use is taken to be a localstripe
started earlier: the script says so and exits successfully.
"""

import argparse
import errno
import logging
import os
import pickle
import socket
import sys

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError, json_response


class DataFileStore(resources.Store):
    """localstripe's store, saved to `path` instead of /tmp/localstripe.pickle."""

    path = None

    def try_load_from_disk(self):
        try:
            with open(self.path, "rb") as file:
                saved = pickle.load(file)
        except FileNotFoundError:
            return
        self.clear()
        self.update(saved)

    def dump_to_disk(self):
        # A plain dict, so that the file does not name this class; written aside
        # and renamed, so that a server stopped mid-write leaves the old file whole.
        partial = f"{self.path}.partial"
        with open(partial, "wb") as file:
            pickle.dump(dict(self), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


def use_data_file(path):
    """Make localstripe's one store (server.py and resources.py share it) save to `path`."""
    DataFileStore.path = path
    resources.store.__class__ = DataFileStore


#: (Authorization header, Idempotency-Key) -> (request, status, body) of the first answer.
_first_answers = {}


@web.middleware
async def replay_idempotent_requests(request, handler):
    """Answer a POST that repeats an Idempotency-Key as the first time, as Stripe does."""
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    scope = (request.headers.get("Authorization", ""), key)
    this_request = (request.path_qs, await request.read())
    if scope in _first_answers:
        first_request, status, body = _first_answers[scope]
        if first_request != this_request:
            return json_response(
                {
                    "error": {
                        "type": "idempotency_error",
                        "message": "Keys for idempotent requests can only be used with the "
                        "same parameters they were first used with.",
                    }
                },
                status=400,
            )
        return web.Response(
            status=status,
            body=body,
            content_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    response = await handler(request)
    # Like Stripe, keep the answers of requests that ran (a charge declined
    # included), not of those refused before running.
    if response.status in (200, 402):
        _first_answers[scope] = (this_request, response.status, response.body)
    return response


_create_refund = resources.Refund._api_create


def _charge_refunded_by(data):
    if "payment_intent" in data:
        return resources.PaymentIntent._api_retrieve(data["payment_intent"]).latest_charge
    if "charge" in data:
        return resources.Charge._api_retrieve(data["charge"])
    return None


def _create_refund_within_the_charge(cls, **data):
    """Refuse a refund beyond what is left of the charge, as Stripe does."""
    charge = _charge_refunded_by(data)
    if charge is None:  # localstripe answers the missing charge or payment itself
        return _create_refund(**data)
    left = charge.amount - charge.amount_refunded
    if left <= 0:
        raise UserError(
            400,
            f"Charge {charge.id} has already been refunded.",
            {"code": "charge_already_refunded"},
        )
    amount = resources.try_convert_to_int(data.get("amount", left))
    if isinstance(amount, int) and amount > left:
        raise UserError(
            400,
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left}).",
            {"code": "amount_too_large", "param": "amount"},
        )
    return _create_refund(**{**data, "amount": amount})


def add_stripe_behaviours():
    server.app.middlewares.insert(0, replay_idempotent_requests)
    resources.Refund._api_create = classmethod(_create_refund_within_the_charge)


def listening_socket(port):
    """A socket bound to 127.0.0.1:`port`, or None when the port is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            return None
        raise
    return sock


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--data-file", required=True, help="where localstripe keeps its objects")
    parser.add_argument("--from-scratch", action="store_true", help="ignore the saved data")
    parser.add_argument(
        "--reuse-running",
        action="store_true",
        help="exit successfully when the port is already taken (by a running localstripe)",
    )
    args = parser.parse_args(argv)

    sock = listening_socket(args.port)
    if sock is None:
        if args.reuse_running:
            print(f"Port {args.port} is in use: reusing the localstripe running there.")
            return 0
        parser.error(f"port {args.port} is already in use")

    use_data_file(args.data_file)
    if not args.from_scratch:
        resources.store.try_load_from_disk()
    add_stripe_behaviours()

    access_log = logging.getLogger("aiohttp.access")
    access_log.setLevel(logging.DEBUG)
    access_log.addHandler(logging.StreamHandler())
    # Clients keep connections alive: do not wait for them when asked to stop.
    web.run_app(server.app, sock=sock, access_log=access_log, shutdown_timeout=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
