"""One id per request, to follow it through every log line and across services.

The id the proxy (or a calling service) sends in `X-Request-ID` is kept when it
looks like an id; anything else is replaced, so that a client cannot write
arbitrary text into the logs. The id is echoed in the response.
"""

import re
import uuid

from flask import g, has_request_context, request

HEADER = "X-Request-ID"
#: Letters, digits and the punctuation of UUIDs, ULIDs and trace ids; 128 characters at most.
_SANE_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")


def is_sane(value):
    """Whether `value`, sent by a client, may be used as the request's id."""
    return bool(value) and _SANE_ID.fullmatch(value) is not None


def current_request_id():
    """The id of the request being served (made on first use); None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        sent = request.headers.get(HEADER, "")
        g.request_id = sent if is_sane(sent) else uuid.uuid4().hex
    return g.request_id


def init_app(app):
    @app.before_request
    def _assign_request_id():
        current_request_id()

    @app.after_request
    def _echo_request_id(response):
        response.headers[HEADER] = current_request_id()
        return response
