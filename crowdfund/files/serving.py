"""Sending a stored file to a browser, with the caching its audience allows."""

import io

from flask import send_file

from crowdfund.files.services import stored_path

#: How long browsers and proxies may keep a public file (stored files never change in place).
PUBLIC_MAX_AGE = 24 * 3600


def send_stored_file(stored, everyone_may_see):
    """The response serving `stored`: images shown in the page, other files downloaded.

    Shared caches may keep only what an anonymous visitor could fetch too, so
    `everyone_may_see` says whether the file is public; otherwise nothing keeps it.
    """
    # Uploads are small (MAX_UPLOAD_BYTES): reading one whole closes the file at once.
    response = send_file(
        io.BytesIO(stored_path(stored).read_bytes()),
        mimetype=stored.content_type,
        as_attachment=not stored.content_type.startswith("image/"),
        download_name=stored.original_name,
        etag=stored.sha256,
        last_modified=stored.created_at,
        max_age=PUBLIC_MAX_AGE if everyone_may_see else None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if everyone_may_see:
        response.cache_control.public = True
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response
