"""Serving stored files to the people allowed to see them."""

import io

import sqlalchemy as sa
from flask import Blueprint, abort, send_file

from crowdfund.extensions import db, login_manager
from crowdfund.files.models import StoredFile
from crowdfund.files.services import find_attachment, stored_path
from crowdfund.permissions import Permission, can, require

bp = Blueprint("files", __name__, url_prefix="/files")

#: How long browsers and proxies may keep a public file (cover images never change in place).
PUBLIC_MAX_AGE = 24 * 3600


def load_attachment(storage_key):
    """The attachment of the file stored under `storage_key`; 404 when unknown or unattached."""
    stored = db.session.scalar(sa.select(StoredFile).filter_by(storage_key=storage_key))
    attachment = find_attachment(stored) if stored else None
    if attachment is None:
        abort(404)
    return attachment


@bp.get("/<storage_key>")
@require(Permission.VIEW_FILE, load=load_attachment)
def download(attachment):
    stored = attachment.file
    # Shared caches may keep only what an anonymous visitor could fetch too.
    everyone_may_see = can(login_manager.anonymous_user(), Permission.VIEW_FILE, attachment)
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
