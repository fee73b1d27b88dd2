"""Rate limits on guessing passwords and codes, and on sending mail to strangers.

Attempts are counted per address of the visitor and per account aimed at, so
neither many accounts from one place nor one account from many places can be
tried quickly. The limit is the LOGIN_RATE_LIMIT setting.
"""

from flask import current_app, request, session

from crowdfund.accounts import pending_login
from crowdfund.accounts.services import normalise_email
from crowdfund.extensions import limiter


def _attempt_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _submitted_email():
    return "email:" + normalise_email(request.form.get("email"))


def _pending_user():
    return "pending:" + str(session.get(pending_login.SESSION_KEY, {}).get("user"))


per_visitor = limiter.limit(_attempt_limit, methods=["POST"])
per_submitted_email = limiter.limit(_attempt_limit, key_func=_submitted_email, methods=["POST"])
per_pending_login = limiter.limit(_attempt_limit, key_func=_pending_user, methods=["POST"])
