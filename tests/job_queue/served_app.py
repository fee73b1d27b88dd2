"""The application the queue tests run in processes of their own (`flask --app` this module).

TestConfig, with the database, Redis, SMTP port and login limit given by the
environment (TWIZA_SERVED_*), and the rate limits on, in Redis unless told otherwise.
"""

import os
from pathlib import Path

from config import TestConfig
from crowdfund import create_app


def _setting(name, default=None):
    return os.environ.get(f"TWIZA_SERVED_{name}", default)


class ServedConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = _setting("DATABASE_URL")
    UPLOAD_DIR = Path(_setting("UPLOAD_DIR"))
    REDIS_URL = _setting("REDIS_URL")
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = _setting("RATELIMIT_STORAGE_URI", REDIS_URL)
    LOGIN_RATE_LIMIT = _setting("LOGIN_RATE_LIMIT", "10 per minute")
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = int(_setting("MAIL_PORT", "25"))
    MAIL_TIMEOUT = 10
    #: Links in mail the jobs queue outside any request.
    SERVER_NAME = _setting("SERVER_NAME")


app = create_app(ServedConfig)
