"""Accept an upload only when its content is what it claims to be, and store it out of reach.

Files live under UPLOAD_DIR (never under static/) at random names; a file is
served only through `files.download`, which asks what it is attached to. A file
written in a transaction that is rolled back is deleted with it: a refused form
leaves nothing behind, even when it had stored other files first.
"""

import hashlib
import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

import filetype
import sqlalchemy as sa
from babel.lists import format_list
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from PIL import Image
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from crowdfund.cofunding.models import CoFunding
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.files.polyglots import is_polyglot
from crowdfund.milestones.models import EvidenceFile
from crowdfund.organisations.models import OrganisationDocument
from crowdfund.projects.models import Project

#: Kinds of file Twiza accepts: kind → (MIME type, extension, name shown to people).
KINDS = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "jpeg": ("image/jpeg", "jpg", "JPEG"),
    "png": ("image/png", "png", "PNG"),
    "webp": ("image/webp", "webp", "WebP"),
}
IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})
_KIND_BY_MIME = {mime: kind for kind, (mime, _ext, _name) in KINDS.items()}
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}

#: Larger images are refused: no photo of a well needs more, and decoding them costs memory.
MAX_IMAGE_PIXELS = 40_000_000


class UploadRejected(ValueError):
    """An uploaded file was refused; the message can be shown to the person who sent it."""


@dataclass(frozen=True)
class Attachment:
    """A stored file together with what it belongs to, which decides who may see it."""

    file: StoredFile
    owner: object
    public: bool


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content was checked: its bytes, their kind and the name it came with."""

    data: bytes
    kind: str
    filename: str | None


def store_upload(file_storage, allowed, uploaded_by, max_bytes=None):
    """Check an uploaded file against the `allowed` kinds, store it and return its StoredFile."""
    return store_checked(check_upload(file_storage, allowed, max_bytes), uploaded_by)


def check_upload(file_storage, allowed, max_bytes=None):
    """Read an upload and check its content against the `allowed` kinds, storing nothing.

    For callers that check several files before storing any, or that rewrite the
    bytes (`dataclasses.replace`) before `store_checked`.
    """
    limit = max_bytes or current_app.config["MAX_UPLOAD_BYTES"]
    data = _read_capped(file_storage, limit)
    kind = _detect_kind(data, allowed)
    if kind in IMAGE_KINDS:
        _check_image(data, kind)
    elif not data.startswith(b"%PDF-"):
        raise UploadRejected(_("This PDF file is damaged."))
    if is_polyglot(data):
        raise UploadRejected(
            _(
                "This %(kind)s file also holds an archive or a web page: send the %(kind)s alone.",
                kind=KINDS[kind][2],
            )
        )
    return CheckedUpload(data=data, kind=kind, filename=file_storage.filename)


def store_checked(upload, uploaded_by):
    """Store the bytes of a CheckedUpload and return their StoredFile."""
    data, kind = upload.data, upload.kind
    storage_key = secrets.token_urlsafe(32)
    path = stored_path_for(storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The file is written before the row: a file without a row is only garbage.
    path.write_bytes(data)
    db.session.info.setdefault(_WRITTEN_UNCOMMITTED, []).append(path)
    stored = StoredFile(
        storage_key=storage_key,
        original_name=_download_name(upload.filename, kind),
        content_type=KINDS[kind][0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=uploaded_by.id if uploaded_by else None,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


#: Session.info key: the files written since the session's transaction began.
_WRITTEN_UNCOMMITTED = "files_written_uncommitted"


@sa.event.listens_for(Session, "after_commit")
def _keep_committed_files(session):
    session.info.pop(_WRITTEN_UNCOMMITTED, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _delete_files_of_a_rolled_back_transaction(session, transaction):
    """After a commit the list is already empty; after a rollback its files have no row."""
    if transaction.parent is None:
        for path in session.info.pop(_WRITTEN_UNCOMMITTED, ()):
            path.unlink(missing_ok=True)


def stored_path(stored_file):
    """Where the bytes of `stored_file` are on disk."""
    return stored_path_for(stored_file.storage_key)


def stored_path_for(storage_key):
    # Sharded by the key's first characters so that no folder grows too large.
    return Path(current_app.config["UPLOAD_DIR"]) / storage_key[:2] / storage_key


def find_attachment(stored_file):
    """What `stored_file` is attached to, or None when it belongs to nothing."""
    document = db.session.scalar(sa.select(OrganisationDocument).filter_by(file_id=stored_file.id))
    if document is not None:
        return Attachment(stored_file, document.organisation, public=False)
    project = db.session.scalar(
        sa.select(Project).where(Project.cover_image_id == stored_file.id).limit(1)
    )
    if project is not None:
        return Attachment(stored_file, project, public=True)
    project = db.session.scalar(
        sa.select(Project).where(Project.commune_approval_id == stored_file.id).limit(1)
    )
    if project is not None:
        return Attachment(stored_file, project, public=False)
    cofunding = db.session.scalar(sa.select(CoFunding).filter_by(document_id=stored_file.id))
    if cofunding is not None:
        return Attachment(stored_file, cofunding.project, public=False)
    evidence_file = db.session.scalar(sa.select(EvidenceFile).filter_by(file_id=stored_file.id))
    if evidence_file is not None:
        # Public once the evidence is verified, except invoices (permissions.py decides).
        return Attachment(
            stored_file, evidence_file.evidence, public=evidence_file.kind.is_public_once_verified
        )
    return None


def allowed_kinds_text(allowed):
    """The allowed kinds for people to read, e.g. 'PDF, JPEG or PNG'."""
    names = [KINDS[kind][2] for kind in KINDS if kind in allowed]
    return format_list(names, style="or", locale=get_locale())


def _read_capped(file_storage, limit):
    """Read at most `limit` bytes, refusing empty and larger files without reading them whole."""
    data = file_storage.stream.read(limit + 1) if file_storage else b""
    if not data:
        raise UploadRejected(_("The file is empty."))
    if len(data) > limit:
        megabytes = limit // (1024 * 1024)
        raise UploadRejected(_("The file is larger than %(size)d MB.", size=megabytes))
    return data


def _detect_kind(data, allowed):
    """The kind of file the content shows, whatever its name or declared type."""
    guess = filetype.guess(data)
    kind = _KIND_BY_MIME.get(guess.mime) if guess else None
    if kind not in allowed:
        raise UploadRejected(
            _("This file is not a %(kinds)s file.", kinds=allowed_kinds_text(allowed))
        )
    return kind


def _check_image(data, kind):
    """Open the image to prove it is one, refusing images too large to decode safely."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns for moderately oversized images: refuse those as well.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                (width, height), image_format = image.size, image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:
        # Pillow signals a broken file with many exception types (OSError, SyntaxError, ...).
        raise UploadRejected(_("This image is damaged.")) from error
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    if image_format != _PILLOW_FORMATS[kind]:
        raise UploadRejected(_("This image is damaged."))


def _too_many_pixels():
    return UploadRejected(
        _(
            "This image is too large: at most %(megapixels)d megapixels.",
            megapixels=MAX_IMAGE_PIXELS // 1_000_000,
        )
    )


def _download_name(filename, kind):
    """A safe file name for downloads, whose extension matches the real content."""
    # A name in Arabic script has no ASCII left once made safe: fall back to a plain word.
    stem = secure_filename(Path(filename or "").stem) or "document"
    return f"{stem[:200]}.{KINDS[kind][1]}"
