"""The application as the drills serve it in processes of their own (gunicorn, flask commands).

The test that starts a process says, by environment variables, which database,
address and payment processor the process uses; everything else is the test
configuration, except that errors end in the error page, as in production.
"""

import os
from pathlib import Path

from config import TestConfig
from crowdfund import create_app

#: The publishable key the drills present to localstripe (it accepts any test key).
STRIPE_PUBLISHABLE_KEY = "pk_test_twiza_drills"


def drill_config():
    """The configuration class read from the DRILL_* variables at the time of the call."""

    class DrillConfig(TestConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = os.environ["DRILL_DATABASE_URL"]
        SERVER_NAME = os.environ["DRILL_SERVER_NAME"]
        UPLOAD_DIR = Path(os.environ["DRILL_UPLOAD_DIR"])
        PAYMENT_GATEWAY = os.environ.get("DRILL_PAYMENT_GATEWAY", "fake")
        STRIPE_API_BASE = os.environ.get("DRILL_STRIPE_API_BASE", "http://127.0.0.1:9")
        # Each drill has a key of its own: localstripe keeps idempotency keys per API key, and
        # pledge ids (in the keys) start again at 1 in each drill's database.
        STRIPE_SECRET_KEY = os.environ.get("DRILL_STRIPE_SECRET_KEY", "sk_test_twiza_drills")
        STRIPE_PUBLISHABLE_KEY = STRIPE_PUBLISHABLE_KEY
        # The drill reconciles at once what production would leave ten minutes to the webhooks.
        PLEDGE_PENDING_RECONCILE_MINUTES = 0

    return DrillConfig


def create_drill_app():
    """The factory gunicorn and `flask --app` call."""
    return create_app(drill_config())
