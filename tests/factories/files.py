"""Sample file contents, uploads made of them, and stored files with their bytes on disk."""

import hashlib
import io
import secrets
import struct
import zlib

import factory
from PIL import Image
from werkzeug.datastructures import FileStorage

from crowdfund.files.models import StoredFile
from crowdfund.files.services import stored_path_for
from tests.factories import BaseFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image_bytes(image_format="PNG", size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, image_format)
    return buffer.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header announces `width` × `height` pixels, like a decompression bomb."""
    data = image_bytes("PNG", (1, 1))
    ihdr_start = 8 + 4 + 4  # signature, chunk length, chunk type
    header = struct.pack(">II", width, height) + data[ihdr_start + 8 : ihdr_start + 13]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return data[:ihdr_start] + header + crc + data[ihdr_start + 17 :]


def upload(data, filename="document.pdf", content_type="application/octet-stream"):
    """What Werkzeug hands a view for one uploaded file."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)


class StoredFileFactory(BaseFactory):
    """A stored file whose bytes are written under UPLOAD_DIR, as store_upload leaves it."""

    class Meta:
        model = StoredFile

    content = PDF_BYTES
    storage_key = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    original_name = "statutes.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda stored: len(stored.content))
    sha256 = factory.LazyAttribute(lambda stored: hashlib.sha256(stored.content).hexdigest())

    @classmethod
    def _create(cls, model_class, *args, content, **kwargs):
        path = stored_path_for(kwargs["storage_key"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return super()._create(model_class, *args, **kwargs)


class ImageFileFactory(StoredFileFactory):
    content = factory.LazyFunction(image_bytes)
    original_name = "cover.png"
    content_type = "image/png"
