"""An HTTP relay in front of the payment processor that can hold a charge in the middle.

The drills point the application at it to make a worker die at the worst time:
while the processor has not yet seen the charge, or once it has charged the card
but before the application hears of it.
"""

import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crowdfund.notifications.sink import free_port

#: Headers that belong to one hop, not to the request or answer relayed.
HOP_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "host"})
CHARGE_PATH = "/v1/payment_intents"
HOLD_SECONDS = 60


class HoldingProxy:
    """Relays every request to `upstream`; the next charge can be held before or after it."""

    def __init__(self, upstream):
        self.upstream = upstream.rstrip("/")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        #: Set once a charge is held; the relay then waits for `released`.
        self.holding = threading.Event()
        self.released = threading.Event()
        self._hold = None
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self.released.set()
        self._server.shutdown()
        self._server.server_close()

    def hold_next_charge(self, after_processor):
        """Hold the next charge: before the processor sees it, or once it has answered."""
        with self._lock:
            self._hold = "after" if after_processor else "before"

    def _take_hold(self, method, path):
        with self._lock:
            if self._hold is None or method != "POST" or path != CHARGE_PATH:
                return None
            hold, self._hold = self._hold, None
            return hold

    def _handler_class(self):
        proxy = self

        class Relay(BaseHTTPRequestHandler):
            def do_GET(self):
                self._relay()

            def do_POST(self):
                self._relay()

            def do_DELETE(self):
                self._relay()

            def log_message(self, *_args):
                pass

            def _relay(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                hold = proxy._take_hold(self.command, self.path)
                if hold == "before":
                    self._hold_and_drop()
                    return
                status, headers, answer = self._forward(body)
                if hold == "after":
                    self._hold_and_drop()
                    return
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def _forward(self, body):
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in HOP_HEADERS
                }
                request = urllib.request.Request(
                    proxy.upstream + self.path,
                    data=body if self.command == "POST" else None,
                    headers=headers,
                    method=self.command,
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        return response.status, self._kept(response.headers), response.read()
                except urllib.error.HTTPError as error:
                    return error.code, self._kept(error.headers), error.read()

            @staticmethod
            def _kept(headers):
                return [
                    (name, value)
                    for name, value in headers.items()
                    if name.lower() not in HOP_HEADERS
                ]

            def _hold_and_drop(self):
                """Keep the caller waiting until released, then close without an answer."""
                proxy.holding.set()
                proxy.released.wait(HOLD_SECONDS)
                self.close_connection = True

        return Relay
