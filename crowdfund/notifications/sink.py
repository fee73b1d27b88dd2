"""A local SMTP server for development that keeps every message it receives as an .eml file.

`make run` points the outbox at it, so mail goes through real SMTP and can be
opened in any mail program. aiosmtpd is a development dependency: it is imported
only here.

    flask mail sink --port 8025
    python -m crowdfund.notifications.sink --port 8025
"""

import argparse
import functools
import socket
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8025


class EmlWriter:
    """aiosmtpd handler: writes each message, as received, to `directory`/<time>-<id>.eml."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def start_sink(directory, host=DEFAULT_HOST, port=DEFAULT_PORT):
    """Start the sink in a thread of its own; returns the aiosmtpd controller (`.stop()` it)."""
    from aiosmtpd.controller import Controller

    controller = Controller(EmlWriter(directory), hostname=host, port=port)
    controller.start()
    return controller


def free_port(host=DEFAULT_HOST):
    """A TCP port nobody listens on at the moment, for a sink in tests."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def run_sink(directory, host=DEFAULT_HOST, port=DEFAULT_PORT, announce=None):
    """Serve until the process is interrupted; `announce` says where (default: print)."""
    announce = announce or functools.partial(print, flush=True)
    controller = start_sink(directory, host, port)
    announce(f"SMTP sink on {host}:{port}, writing .eml files to {directory}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


def main(argv=None):
    from config import INSTANCE_DIR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--directory", type=Path, default=INSTANCE_DIR / "mail")
    arguments = parser.parse_args(argv)
    run_sink(arguments.directory, arguments.host, arguments.port)


if __name__ == "__main__":
    main()
