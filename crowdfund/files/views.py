"""Serving stored files to the people allowed to see them."""

import sqlalchemy as sa
from flask import Blueprint, abort

from crowdfund.extensions import db, login_manager
from crowdfund.files.models import StoredFile
from crowdfund.files.services import find_attachment
from crowdfund.files.serving import send_stored_file
from crowdfund.permissions import Permission, can, require

bp = Blueprint("files", __name__, url_prefix="/files")


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
    everyone_may_see = can(login_manager.anonymous_user(), Permission.VIEW_FILE, attachment)
    return send_stored_file(attachment.file, everyone_may_see)
