"""Keeping and serving whole pages for visitors who are not logged in.

A page is kept under its full address, the language it was written in, the day (pages
count the days left) and the page generation it was rendered at (generation.py). It is
kept only when rendered for a visitor nobody is logged in as, with no message waiting
to be shown, by a session with nothing of its own unwritten, and only when it answered
200. What differs between two visitors of one page, the Content-Security-Policy nonce
and the CSRF token of its forms, is cut out when the page is kept and filled in afresh
for each visitor it is served to.

When the store cannot be reached (Redis down), pages are rendered as if nothing were kept,
and this worker leaves the store alone for STORE_PAUSE_SECONDS before trying it again.
"""

import functools
import hashlib
import logging
import time

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from redis.exceptions import RedisError

from crowdfund.extensions import db
from crowdfund.ops.metrics import KEPT_PAGES
from crowdfund.page_cache import cache
from crowdfund.page_cache.generation import has_unpublished_changes, read_generation
from crowdfund.page_cache.listening import listener_for
from crowdfund.security.csp import csp_nonce
from crowdfund.timeutil import today

log = logging.getLogger(__name__)

#: Where a kept page had its visitor's nonce and CSRF token; neither can occur in HTML text.
NONCE_MARK = "\x00csp-nonce\x00"
CSRF_MARK = "\x00csrf-token\x00"
_CSRF_ATTRIBUTE = "csrf_token"  # where Flask-WTF keeps the request's token in `g`
STORE_PAUSE_SECONDS = 30
#: Until when (time.monotonic()) this worker leaves a failed store alone.
_store_paused_until = [0.0]


def kept_for_visitors(view):
    """Serve `view`'s page from the store to visitors not logged in; keep what it renders.

    Put it above `require(...)`: a kept page was rendered for an anonymous visitor the
    view let through, from the data of its generation, so another anonymous visitor of
    the same generation is let through to the same page.
    """

    @functools.wraps(view)
    def wrapped(**kwargs):
        if not _may_be_kept():
            return view(**kwargs)
        generation = current_generation()
        if generation is None:
            return view(**kwargs)
        key = _page_key(generation)
        kept = _read(key)
        if kept is not None:
            KEPT_PAGES.labels("served").inc()
            return _serve(kept)
        KEPT_PAGES.labels("rendered").inc()
        response = make_response(view(**kwargs))
        if response.status_code == 200 and _may_be_kept():
            _write(key, _keepable(response))
        return response

    return wrapped


def current_generation():
    """The page generation: as this worker heard it on PostgreSQL, else from the database."""
    if current_app.config.get("PAGE_CACHE_LISTEN") and db.engine.dialect.name == "postgresql":
        known = listener_for(db.engine.url).known
        if known is not None:
            return known
    return read_generation()


def _may_be_kept():
    return (
        current_app.config.get("PAGE_CACHE_ENABLED")
        and request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in session
        and not has_unpublished_changes()
    )


def _page_key(generation):
    address = hashlib.sha256(request.url.encode()).hexdigest()
    return f"{generation}:{get_locale()}:{today().isoformat()}:{address}"


def _keepable(response):
    body = response.get_data(as_text=True)
    if "csp_nonce" in g:
        body = body.replace(g.csp_nonce, NONCE_MARK)
    token = g.get(_CSRF_ATTRIBUTE)
    if token:
        body = body.replace(token, CSRF_MARK)
    return {"body": body, "mimetype": response.mimetype}


def _serve(kept):
    body = kept["body"].replace(NONCE_MARK, csp_nonce())
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, generate_csrf())
    response = make_response(body)
    response.mimetype = kept["mimetype"]
    return response


def _read(key):
    return _use_store(cache.get, key)


def _write(key, kept):
    _use_store(cache.set, key, kept)


def _use_store(operation, *arguments):
    """`operation(*arguments)` on the store, or None while it is failing."""
    if time.monotonic() < _store_paused_until[0]:
        return None
    try:
        return operation(*arguments)
    except RedisError:  # a store that fails costs renders, never a page
        _store_paused_until[0] = time.monotonic() + STORE_PAUSE_SECONDS
        log.warning(
            "the page store failed; pages are rendered without it for %s s",
            STORE_PAUSE_SECONDS,
            exc_info=True,
        )
        return None
