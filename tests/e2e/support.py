"""Helpers for the browser tests: files to upload, screenshots, mail, codes, languages."""

import io
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyotp
from PIL import Image

from crowdfund.accounts.services import create_user, grant_role
from crowdfund.extensions import db
from crowdfund.fx.services import record_rate, recorded_rate
from crowdfund.timeutil import today

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

#: Chromium as Debian installs it (`apt-get install -y chromium`).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

TOTP_STEP_SECONDS = 30
#: The narrowest phone the pages are made for, in CSS pixels.
PHONE_WIDTH = 360


def minimal_pdf(text):
    """A small but well-formed one-page PDF showing `text` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def small_png(colour=(196, 98, 45), size=(320, 180)):
    """A PNG image of one colour, as Pillow writes it."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


class Screenshots:
    """Full-page screenshots of a test's steps: test-artifacts/e2e/<test>/NN-step.png."""

    def __init__(self, test_name):
        self.directory = ARTIFACTS_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        self.count = 0

    def __call__(self, page, step):
        self.count += 1
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.directory / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


class TotpDevice:
    """The authenticator app of one account: a code per 30-second step, never one used twice.

    The application refuses a code of a step already used, so a second login within
    the same step waits for the next one, as a person would.
    """

    def __init__(self, secret):
        self.totp = pyotp.TOTP(secret)
        self.last_step = None

    def code(self):
        step = int(time.time()) // TOTP_STEP_SECONDS
        if self.last_step is not None and step <= self.last_step:
            time.sleep((self.last_step + 1) * TOTP_STEP_SECONDS - time.time() + 0.2)
            step = int(time.time()) // TOTP_STEP_SECONDS
        self.last_step = step
        return self.totp.at(step * TOTP_STEP_SECONDS)


def wait_for_mail(outbox, to, subject_contains="", timeout=5.0):
    """The latest message sent to `to` (and whose subject contains the words), waiting a little."""
    deadline = time.monotonic() + timeout
    while True:
        for message in reversed(list(outbox)):
            if to in message.to and subject_contains in message.subject:
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to} about {subject_contains!r}")
        time.sleep(0.05)


def link_in(message, path_prefix):
    """The first absolute link of the message's text whose path starts with `path_prefix`."""
    match = re.search(r"https?://[^\s/]+" + re.escape(path_prefix) + r"\S+", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(0)


def switch_language(page, code):
    """Use the language switcher of the page header, as a visitor would."""
    select = page.locator("select[name='language']")
    select.select_option(code)
    with page.expect_navigation():
        page.locator("form", has=select).get_by_role("button").click()


def scroll_width(page):
    """The width of the page's content: wider than the window means a sideways scroll."""
    return page.evaluate("() => document.documentElement.scrollWidth")


def assert_fits_a_phone(page, step, shot):
    """At 360 pixels wide the page scrolls only downwards; the step's screenshot is taken so."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    try:
        assert scroll_width(page) <= PHONE_WIDTH
        shot(page, step)
    finally:
        page.set_viewport_size(viewport)


@dataclass
class Account:
    email: str
    password: str
    name: str
    affiliation: str | None = None
    authenticator: TotpDevice | None = None


def create_account(live_server, email, password, name, role=None, affiliation=None, locale="en"):
    """An account with a confirmed address, made directly in the database; privileged roles
    get a second factor whose codes the returned Account's authenticator gives."""
    with live_server.app.app_context():
        user = create_user(email, password, name, "MA", locale, verified=True)
        user.affiliation = affiliation
        secret = None
        if role is not None:
            grant_role(user, role)
            if user.needs_second_factor:
                secret = pyotp.random_base32()
                user.totp_secret = secret
        db.session.commit()
        db.session.remove()
    return Account(
        email=email,
        password=password,
        name=name,
        affiliation=affiliation,
        authenticator=TotpDevice(secret) if secret else None,
    )


def record_euro_rate_of_today():
    """Today's euro rate, 10.85 MAD, once per server: tests sharing a server each ask for it,
    and a currency has one rate per day. Call it in the server's application context."""
    if recorded_rate("EUR", today()) is None:
        record_rate("EUR", "10.85", today(), "Bank Al-Maghrib reference rate")
