import hashlib

import pytest
from flask import current_app

from crowdfund.files.services import UploadRejected, store_upload, stored_path
from tests.factories import UserFactory
from tests.factories.files import PDF_BYTES, image_bytes, png_claiming_size, upload

DOCUMENTS = {"pdf", "jpeg", "png"}


def _files_on_disk():
    return {path for path in current_app.config["UPLOAD_DIR"].rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "download_name"),
    [
        (PDF_BYTES, "Statuts association.pdf", "application/pdf", "Statuts_association.pdf"),
        (image_bytes("PNG"), "scan.png", "image/png", "scan.png"),
        (image_bytes("JPEG"), "photo.jpeg", "image/jpeg", "photo.jpg"),
    ],
)
def test_pdf_png_and_jpeg_documents_are_stored_with_their_facts(
    data, filename, content_type, download_name
):
    user = UserFactory()
    stored = store_upload(upload(data, filename), DOCUMENTS, user)

    assert stored.id is not None
    assert stored.content_type == content_type
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.original_name == download_name
    assert stored.uploaded_by_id == user.id
    assert stored_path(stored).read_bytes() == data


def test_webp_images_are_accepted_where_allowed():
    stored = store_upload(upload(image_bytes("WEBP"), "cover.webp"), {"webp"}, UserFactory())
    assert stored.content_type == "image/webp"


def test_files_are_stored_outside_static_under_random_sharded_names():
    first = store_upload(upload(PDF_BYTES, "statutes.pdf"), DOCUMENTS, UserFactory())
    second = store_upload(upload(PDF_BYTES, "statutes.pdf"), DOCUMENTS, UserFactory())

    path = stored_path(first)
    upload_dir = current_app.config["UPLOAD_DIR"]
    assert path.is_relative_to(upload_dir)
    assert not path.is_relative_to(current_app.static_folder)
    assert path.parent.name == first.storage_key[:2]
    assert "statutes" not in first.storage_key
    assert len(first.storage_key) >= 43
    assert first.storage_key != second.storage_key


def test_the_download_name_cannot_climb_out_of_a_folder():
    stored = store_upload(upload(PDF_BYTES, "../../etc/passwd.pdf"), DOCUMENTS, UserFactory())
    assert stored.original_name == "passwd.pdf"


def test_a_name_with_nothing_safe_left_becomes_a_plain_one():
    stored = store_upload(upload(PDF_BYTES, "النظام الأساسي.pdf"), DOCUMENTS, UserFactory())
    assert stored.original_name == "document.pdf"


def test_the_extension_of_the_download_name_follows_the_content():
    stored = store_upload(upload(image_bytes("PNG"), "statutes.pdf"), DOCUMENTS, UserFactory())
    assert stored.original_name == "statutes.png"
    assert stored.content_type == "image/png"


def test_text_named_like_a_pdf_is_refused_naming_the_allowed_kinds():
    fake = upload(b"just some text, not a PDF", "statutes.pdf", "application/pdf")
    with pytest.raises(UploadRejected, match="PDF, JPEG, or PNG"):
        store_upload(fake, DOCUMENTS, UserFactory())


def test_a_real_image_is_refused_where_only_pdf_is_allowed():
    with pytest.raises(UploadRejected, match="not a PDF file"):
        store_upload(upload(image_bytes("PNG"), "scan.png"), {"pdf"}, UserFactory())


def test_a_file_that_starts_like_a_pdf_without_its_header_is_refused():
    with pytest.raises(UploadRejected, match="PDF"):
        store_upload(upload(b"%PDF1.4 not quite", "x.pdf"), DOCUMENTS, UserFactory())


def test_empty_files_are_refused():
    with pytest.raises(UploadRejected, match="empty"):
        store_upload(upload(b"", "statutes.pdf"), DOCUMENTS, UserFactory())


def test_files_over_the_configured_size_are_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", len(PDF_BYTES) - 1)
    with pytest.raises(UploadRejected, match="larger than"):
        store_upload(upload(PDF_BYTES, "statutes.pdf"), DOCUMENTS, UserFactory())


def test_a_file_exactly_at_the_size_limit_is_accepted():
    stored = store_upload(upload(PDF_BYTES), DOCUMENTS, UserFactory(), max_bytes=len(PDF_BYTES))
    assert stored.size == len(PDF_BYTES)


def test_the_default_limit_is_ten_megabytes(app):
    oversized = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    with pytest.raises(UploadRejected, match="10 MB"):
        store_upload(upload(oversized), DOCUMENTS, UserFactory())


@pytest.mark.parametrize(
    "pixels",
    [
        pytest.param((20_000, 20_000), id="bomb-pillow-refuses"),
        pytest.param((10_000, 10_000), id="bomb-pillow-warns"),
        pytest.param((7_000, 7_000), id="over-40-megapixels"),
    ],
)
def test_images_with_too_many_pixels_are_refused(pixels):
    bomb = upload(png_claiming_size(*pixels), "innocent.png")
    with pytest.raises(UploadRejected, match="megapixels"):
        store_upload(bomb, DOCUMENTS, UserFactory())


def test_a_damaged_image_is_refused():
    damaged = image_bytes("PNG")[:40]
    with pytest.raises(UploadRejected, match="damaged"):
        store_upload(upload(damaged, "scan.png"), DOCUMENTS, UserFactory())


def test_a_refused_file_leaves_nothing_on_disk():
    before = _files_on_disk()
    with pytest.raises(UploadRejected):
        store_upload(upload(b"MZ\x90\x00 an executable", "statutes.pdf"), DOCUMENTS, UserFactory())
    assert _files_on_disk() == before
