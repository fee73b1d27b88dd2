"""The organisation documents as a browser sends them."""

import io

from tests.factories.files import PDF_BYTES, image_bytes


def document_uploads(**overrides):
    """The three documents, each (stream, filename); override one with (bytes, filename)."""
    contents = {
        "statutes": (PDF_BYTES, "statuts.pdf"),
        "registration_certificate": (image_bytes("JPEG"), "certificat.jpg"),
        "board_decision": (image_bytes("PNG"), "decision.png"),
        **overrides,
    }
    return {field: (io.BytesIO(data), name) for field, (data, name) in contents.items()}
