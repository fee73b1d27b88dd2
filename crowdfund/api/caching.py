"""Validators for the API's answers, so that clients and caches can ask "has it changed?".

The ETag is a digest of the body itself: it changes exactly when the answer does,
whatever changed underneath (a pledge, a translation). A request whose
If-None-Match names the current ETag gets 304 Not Modified without the body.
"""

from flask import jsonify, request

#: Public data, but money moves: caches may keep an answer this many seconds.
MAX_AGE_SECONDS = 60


def cacheable_json(body):
    """`body` as a JSON response with an ETag, answered 304 when the client has it already."""
    response = jsonify(body)
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_SECONDS
    # Names (sectors, checklist items) follow the visitor's language.
    response.vary.update(("Accept-Language", "Cookie"))
    return response.make_conditional(request)
