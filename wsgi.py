"""WSGI entry point: `gunicorn wsgi:app`."""

import os

from crowdfund import create_app

app = create_app(os.environ.get("TWIZA_CONFIG", "production"))
