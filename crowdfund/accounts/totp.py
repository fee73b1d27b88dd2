"""Time-based one-time codes (RFC 6238) for the second login factor."""

import pyotp
import segno
from flask import current_app
from pyotp.exceptions import OTPVerificationError

#: Also accept the code of the previous and of the next 30-second step, for clock drift.
VALID_WINDOW = 1


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(secret, email):
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=email, issuer_name=current_app.config["TOTP_ISSUER"]
    )


def qr_code_svg(uri):
    """The URI as an inline SVG QR code."""
    return segno.make(uri).svg_inline(scale=4)


def matching_step(secret, code, for_time=None):
    """The time step `code` belongs to, within the valid window, or None."""
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=for_time, valid_window=VALID_WINDOW
        )
    except OTPVerificationError:
        return None
