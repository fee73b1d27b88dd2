"""A login that passed the password and still waits for the second factor, kept in the session.

The session only names the user (with their session version, so a password
change in between cancels it) and when the password was given; nobody is
logged in until the code is accepted. A secret offered for enrolment waits
here too: the session cookie is signed, not encrypted, but the secret is shown
on the page to the same person anyway.
"""

import time

from flask import session

from crowdfund.accounts.sessions import load_user

SESSION_KEY = "pending_login"
#: How long, in seconds, the password stays good for while the code is awaited.
LIFETIME = 5 * 60


def begin(user, next_url):
    session[SESSION_KEY] = {"user": user.get_id(), "since": int(time.time()), "next": next_url}


def pending_user():
    """The user waiting to give their code, or None when nothing is pending or it expired."""
    pending = session.get(SESSION_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("since", 0) > LIFETIME:
        return None
    return load_user(str(pending.get("user", "")))


def next_url():
    return session.get(SESSION_KEY, {}).get("next")


def candidate_secret(make_secret):
    """The secret offered for enrolment: the same one on every visit of this pending login."""
    pending = session[SESSION_KEY]
    if "candidate_secret" not in pending:
        pending["candidate_secret"] = make_secret()
        session.modified = True
    return pending["candidate_secret"]


def clear():
    session.pop(SESSION_KEY, None)
