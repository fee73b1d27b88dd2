"""Posting, correcting and deleting updates.

The author may correct or delete an update for UPDATE_EDIT_WINDOW_HOURS after
posting it (a typo, a wrong photo); after that it is part of the project's
public record and stays as it is. A correction changes the page, not the mail
already queued, and tells nobody again.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from crowdfund.extensions import db
from crowdfund.files.photos import strip_photo
from crowdfund.files.services import IMAGE_KINDS, check_upload, store_checked
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import (
    IMAGE_MAX_BYTES,
    MAX_IMAGES,
    UPDATE_STATES,
    ProjectUpdate,
    UpdateImage,
)
from crowdfund.updates.notices import tell_readers


class UpdateRefused(Exception):
    """An update that breaks a rule; `message` can be shown to the owner as it is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        #: The form field the message is about, when there is one.
        self.field = field


def post_update(project, author, *, title, body, visibility, is_progress_report, images=()):
    """Post an update with its images (uploads, checked by content) and queue its mail.

    Every image is checked, and stripped of its metadata (a phone's EXIF data tells
    where it was taken and by which device), before any is stored. Raises
    UpdateRefused, or UploadRejected for an image that is not one.
    """
    if project.state not in UPDATE_STATES:
        raise UpdateRefused(_("Updates can be posted once the project is raising funds."))
    if len(images) > MAX_IMAGES:
        raise UpdateRefused(
            ngettext("Choose at most %(num)d image.", "Choose at most %(num)d images.", MAX_IMAGES),
            field="images",
        )
    checked = [_stripped_image(upload) for upload in images]
    update = ProjectUpdate(
        project=project,
        author=author,
        title=title,
        body=body,
        visibility=visibility,
        is_progress_report=is_progress_report,
    )
    for position, image in enumerate(checked, start=1):
        update.images.append(UpdateImage(file=store_checked(image, author), position=position))
    db.session.add(update)
    db.session.flush()
    tell_readers(update)
    return update


def _stripped_image(upload):
    """The upload checked as an image and encoded again without its metadata; stores nothing."""
    clean, _facts = strip_photo(check_upload(upload, IMAGE_KINDS, max_bytes=IMAGE_MAX_BYTES))
    return clean


def editable_until(update):
    """The moment after which `update` can no longer be corrected or deleted."""
    return update.created_at + timedelta(hours=current_app.config["UPDATE_EDIT_WINDOW_HOURS"])


def is_editable(update, now=None):
    return (now or utcnow()) < editable_until(update)


def edit_update(update, *, title, body, visibility, is_progress_report, now=None):
    """Correct an update within the window; its images stay as they are.

    Saving it unchanged is no correction: it is not marked as corrected.
    """
    check_editable(update, now)
    fields = {
        "title": title,
        "body": body,
        "visibility": visibility,
        "is_progress_report": is_progress_report,
    }
    if all(getattr(update, name) == value for name, value in fields.items()):
        return
    for name, value in fields.items():
        setattr(update, name, value)
    update.edited_at = now or utcnow()
    db.session.flush()


def delete_update(update, now=None):
    """Delete an update within the window, with its images (whose files can no longer be served)."""
    check_editable(update, now)
    files = [image.file for image in update.images]
    db.session.delete(update)
    db.session.flush()
    for stored in files:
        db.session.delete(stored)
    db.session.flush()


def check_editable(update, now=None):
    """Raise UpdateRefused once the window to correct or delete `update` has closed."""
    if not is_editable(update, now):
        raise UpdateRefused(
            ngettext(
                "An update can be changed only within %(num)d hour of being posted.",
                "An update can be changed only within %(num)d hours of being posted.",
                current_app.config["UPDATE_EDIT_WINDOW_HOURS"],
            )
        )
