"""Files that are two things at once: a PDF or an image that is also an archive or a web page.

Such a polyglot passes every check of the kind it claims to be, and is something else
for another reader: a Java archive for a JVM (GIFAR), a ZIP for an unpacker, a page with
scripts for a browser that guesses a file's type from its first bytes.
"""

import io
import re
import zipfile

#: How many first bytes a browser reads to guess the type of a file (the MIME Sniffing
#: Standard's resource header).
SNIFFED_BYTES = 1445

#: Markup a browser takes for a web page when it finds it where it sniffs.
_MARKUP_AT_START = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)\b", re.IGNORECASE
)
#: Markup that runs code wherever it is. These tags are long enough that compressed image
#: or PDF data does not spell them by chance (about once in 10^15 bytes).
_ACTIVE_MARKUP = re.compile(rb"<\s*(?:script|iframe)\b", re.IGNORECASE)


def is_polyglot(data):
    """Whether `data` is also a ZIP archive (JAR, DOCX…) or carries a web page."""
    return _is_zip(data) or bool(
        _MARKUP_AT_START.search(data[:SNIFFED_BYTES]) or _ACTIVE_MARKUP.search(data)
    )


def _is_zip(data):
    # ZIP readers find an archive by its end record, wherever the archive begins: that is
    # what lets one be appended to a file of any kind.
    return zipfile.is_zipfile(io.BytesIO(data))
