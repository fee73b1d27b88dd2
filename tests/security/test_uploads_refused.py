"""Every upload form refuses dangerous files with a message, and a refused form writes nothing:
no row, no file on disk.

The forms: an organisation's documents, a project's cover image and commune approval,
an update's images, a milestone's evidence (photos, invoices, acceptance record) and a
co-funding commitment. Each is sent as a browser sends it, complete and valid but for
one file.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

import lxml.html
import pytest
import sqlalchemy as sa
from flask import current_app
from PIL import Image
from werkzeug.test import encode_multipart

from crowdfund.cofunding.services import DOCUMENT_KINDS as COFUNDING_KINDS
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.files.services import IMAGE_KINDS
from crowdfund.milestones.evidence import DOCUMENT_KINDS as EVIDENCE_DOCUMENT_KINDS
from crowdfund.organisations.forms import DOCUMENT_FILE_KINDS
from crowdfund.projects.models import ProjectState
from tests.factories import (
    OrganisationFactory,
    OwnerFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
    any_commune,
)
from tests.factories.files import PDF_BYTES, image_bytes, png_claiming_size, upload
from tests.factories.milestones import FundedProjectFactory, camera_photo
from tests.factories.projects import DraftProjectFactory
from tests.milestones.helpers import form_data
from tests.organisations.uploads import document_uploads

# Dangerous files -----------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

NOT_ACCEPTED = "This file is not a"
POLYGLOT = "also holds an archive or a web page"
PAGE_WITH_SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _jar():
    """A Java archive with a manifest and a class, as in a GIFAR."""
    return _zip(
        {
            "META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\nMain-Class: Evil\n",
            "Evil.class": b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\x00" * 64,
        }
    )


def _jpeg_with_comment(comment):
    """A JPEG whose first segment, a comment (COM), holds `comment`: what browsers sniff."""
    jpeg = image_bytes("JPEG")
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return jpeg[:2] + segment + jpeg[2:]


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with_text_bomb():
    """An 8 × 8 PNG with a compressed text chunk that inflates to 64 MB."""
    png = image_bytes("PNG")
    bomb = _png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"\x00" * (64 << 20), 9))
    header_end = 8 + 25  # signature, IHDR chunk
    return png[:header_end] + bomb + png[header_end:]


def _gif():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "GIF")
    return buffer.getvalue()


def _padded(content, size):
    return content + b"\x00" * (size - len(content))


@dataclass(frozen=True)
class Dangerous:
    name: str
    content: bytes
    filename: str
    #: The kind the content passes for, and the refusal where that kind is accepted;
    #: where it is not, the refusal names the accepted kinds.
    passes_for: str | None = None
    message: str = NOT_ACCEPTED


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)

DANGEROUS = [
    Dangerous("text named like a PDF", b"Statuts de l'association", "statuts.pdf"),
    Dangerous("a GIF", _gif(), "photo.png"),
    Dangerous("a Windows program", b"MZ\x90\x00\x03" + b"\x00" * 200, "facture.pdf"),
    Dangerous("an HTML page", PAGE_WITH_SCRIPT, "page.jpg"),
    Dangerous("an SVG with a script, named .png", SVG_WITH_SCRIPT, "logo.png"),
    Dangerous("an SVG with a script", SVG_WITH_SCRIPT, "logo.svg"),
    Dangerous("a ZIP bomb", _zip({"zeros": b"\x00" * (32 << 20)}), "bomb.pdf"),
    Dangerous("GIFAR (GIF + JAR)", _gif() + _jar(), "photo.gif"),
    Dangerous("PDF + ZIP", PDF_BYTES + _zip({"x.exe": b"MZ"}), "invoice.pdf", "pdf", POLYGLOT),
    Dangerous("PDF + web page", PDF_BYTES + PAGE_WITH_SCRIPT, "pv.pdf", "pdf", POLYGLOT),
    Dangerous("JPEG + JAR", image_bytes("JPEG") + _jar(), "site.jpg", "jpeg", POLYGLOT),
    Dangerous("JPEG + HTML", _jpeg_with_comment(PAGE_WITH_SCRIPT), "site.jpg", "jpeg", POLYGLOT),
    Dangerous("PNG + script", image_bytes("PNG") + PAGE_WITH_SCRIPT, "site.png", "png", POLYGLOT),
    Dangerous(
        "a PNG bomb of 400 megapixels",
        png_claiming_size(20_000, 20_000),
        "bomb.png",
        "png",
        "This image is too large: at most 40 megapixels.",
    ),
    Dangerous(
        "a PNG bomb of 64 megapixels",
        png_claiming_size(8_000, 8_000),
        "bomb.png",
        "png",
        "This image is too large: at most 40 megapixels.",
    ),
    Dangerous(
        "a PNG with a text bomb", _png_with_text_bomb(), "bomb.png", "png", "This image is damaged."
    ),
    Dangerous("an empty file", b"", "empty.pdf", None, "The file is empty."),
    Dangerous(
        "an oversized PDF",
        _padded(PDF_BYTES, MAX_UPLOAD_BYTES + 1),
        "big.pdf",
        None,
        "The file is larger than",
    ),
    Dangerous(
        "an oversized JPEG",
        _padded(image_bytes("JPEG"), MAX_UPLOAD_BYTES + 1),
        "big.jpg",
        None,
        "The file is larger than",
    ),
]


def _expected_message(dangerous, accepted):
    if dangerous.passes_for is None or dangerous.passes_for in accepted:
        return dangerous.message
    return NOT_ACCEPTED


# The upload forms ----------------------------------------------------------------------------

GOOD_IMAGE = ("photo.jpg", image_bytes("JPEG"))
GOOD_PDF = ("document.pdf", PDF_BYTES)


@dataclass
class UploadForm:
    """A form with files: where it is posted, by whom, and its valid content."""

    client: object
    url: str
    fields: dict
    #: file field → (accepted kinds, a valid (filename, content))
    files: dict

    def post(self, replaced=None, content=None, filename=None):
        """Post the form with valid files, `replaced` holding (`content`, `filename`) instead."""
        data = dict(self.fields)
        for field, (_accepted, (good_name, good_content)) in self.files.items():
            sent = (content, filename) if field == replaced else (good_content, good_name)
            data[field] = upload(*sent)
        # Encoded in memory: the test client would spool a large body to a file it never closes.
        boundary, body = encode_multipart(data)
        return self.client.post(
            self.url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )


def _organisation_registration(login):
    commune = any_commune()
    fields = {
        "name": "Association Tifawin",
        "kind": "association",
        "registration_number": "RC-4471",
        "region_id": str(commune.province.region_id),
        "province_id": str(commune.province_id),
        "commune_id": str(commune.id),
        "description": "Lights for the douar's school.",
    }
    documents = {
        field: (DOCUMENT_FILE_KINDS, (name, content))
        for field, (content, name) in _document_contents().items()
    }
    return UploadForm(login(UserFactory()), "/organisations/new", fields, documents)


def _document_contents():
    """The three registration documents (content, filename), as the organisation tests send."""
    return {field: (stream.read(), name) for field, (stream, name) in document_uploads().items()}


def _project_draft(login):
    """The draft's edit page, posted back as the browser fills it in, with new files."""
    owner = OwnerFactory()
    project = DraftProjectFactory(organisation=OrganisationFactory(created_by=owner))
    client = login(owner)
    url = f"/manage/projects/{project.slug}/edit"
    [form] = [
        form
        for form in lxml.html.fromstring(client.get(url).get_data(as_text=True)).forms
        if form.method == "POST" and form.attrib.get("enctype") == "multipart/form-data"
    ]
    fields = {}
    for name, value in form.form_values():
        fields.setdefault(name, []).append(value)
    files = {"cover_image": (IMAGE_KINDS, GOOD_IMAGE), "commune_approval": ({"pdf"}, GOOD_PDF)}
    return UploadForm(client, url, fields, files)


def _update(login):
    project = ProjectFactory(state=ProjectState.LIVE)
    fields = {
        "title": "Water at 80 metres",
        "body": "The borehole reached water.",
        "visibility": "public",
    }
    return UploadForm(
        login(project.organisation.created_by),
        f"/projects/{project.slug}/updates/new",
        fields,
        {"images": (IMAGE_KINDS, GOOD_IMAGE)},
    )


def _milestone_evidence(login):
    owner = OwnerFactory()
    project = FundedProjectFactory(organisation=OrganisationFactory(created_by=owner))
    fields = form_data(project.milestones[0], {})
    files = {
        "photos": (IMAGE_KINDS, ("site.jpg", camera_photo())),
        "invoices": (EVIDENCE_DOCUMENT_KINDS, ("invoice.pdf", PDF_BYTES)),
        "acceptance_record": (EVIDENCE_DOCUMENT_KINDS, ("acceptance.pdf", PDF_BYTES)),
    }
    return UploadForm(
        login(owner), f"/manage/projects/{project.slug}/milestones/evidence", fields, files
    )


def _cofunding(login):
    project = ProjectFactory()
    fields = {
        "institution": "Commune de Tabant",
        "institution_kind": "commune",
        "amount": "30 000",
        "note": "Délibération du conseil du 12 mars.",
    }
    return UploadForm(
        login(ReviewerFactory()),
        f"/review/projects/{project.slug}/cofunding",
        fields,
        {"document": (COFUNDING_KINDS, ("engagement.pdf", PDF_BYTES))},
    )


UPLOAD_FORMS = {
    "organisation registration": _organisation_registration,
    "project draft": _project_draft,
    "update": _update,
    "milestone evidence": _milestone_evidence,
    "co-funding commitment": _cofunding,
}

FILE_FIELDS = {
    "organisation registration": ["statutes", "registration_certificate", "board_decision"],
    "project draft": ["cover_image", "commune_approval"],
    "update": ["images"],
    "milestone evidence": ["photos", "invoices", "acceptance_record"],
    "co-funding commitment": ["document"],
}


def _what_is_stored():
    """(stored file rows, files on disk)."""
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile))
    on_disk = sum(1 for path in current_app.config["UPLOAD_DIR"].rglob("*") if path.is_file())
    return rows, on_disk


# The tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("form_name", UPLOAD_FORMS)
def test_each_upload_form_accepts_valid_files(login, form_name):
    form = UPLOAD_FORMS[form_name](login)
    rows, on_disk = _what_is_stored()

    response = form.post()

    assert response.status_code == 302, response.get_data(as_text=True)
    assert _what_is_stored() == (rows + len(form.files), on_disk + len(form.files))


def _cases():
    for form_name, fields in FILE_FIELDS.items():
        for field in fields:
            for dangerous in DANGEROUS:
                yield pytest.param(
                    form_name, field, dangerous, id=f"{form_name}-{field}-{dangerous.name}"
                )


@pytest.mark.parametrize(("form_name", "field", "dangerous"), list(_cases()))
def test_a_dangerous_file_is_refused_with_a_message_and_nothing_is_written(
    login, form_name, field, dangerous
):
    form = UPLOAD_FORMS[form_name](login)
    accepted = form.files[field][0]
    before = _what_is_stored()

    response = form.post(field, dangerous.content, dangerous.filename)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert _expected_message(dangerous, accepted) in lxml.html.fromstring(page).text_content()
    db.session.expire_all()
    assert _what_is_stored() == before


def test_a_request_larger_than_the_server_takes_is_refused_with_a_message(login):
    form = _update(login)
    before = _what_is_stored()
    limit = current_app.config["MAX_CONTENT_LENGTH"]

    response = form.post("images", _padded(image_bytes("JPEG"), limit + 1), "huge.jpg")

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True).lower()
    assert _what_is_stored() == before
