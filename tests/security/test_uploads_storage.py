"""A stored file lives exactly as long as the transaction that recorded it: a refused form
that had already stored other files leaves none of them on disk."""

from crowdfund.extensions import db
from crowdfund.files.polyglots import is_polyglot
from crowdfund.files.services import store_upload, stored_path
from tests.factories import UserFactory
from tests.factories.files import PDF_BYTES, image_bytes, upload


def test_a_file_stored_in_a_transaction_rolled_back_is_deleted():
    stored = store_upload(upload(PDF_BYTES, "statutes.pdf"), {"pdf"}, UserFactory())
    path = stored_path(stored)
    assert path.read_bytes() == PDF_BYTES

    db.session.rollback()

    assert not path.exists()


def test_a_file_stored_in_a_committed_transaction_stays():
    stored = store_upload(upload(PDF_BYTES, "statutes.pdf"), {"pdf"}, UserFactory())
    path = stored_path(stored)

    db.session.commit()
    db.session.rollback()

    assert path.read_bytes() == PDF_BYTES


def test_plain_pdfs_and_images_are_not_taken_for_polyglots():
    for content in (PDF_BYTES, image_bytes("JPEG"), image_bytes("PNG"), image_bytes("WEBP")):
        assert not is_polyglot(content)
