"""Pictures and paperwork for the demo: landscapes drawn with Pillow (covers, and site photos
with their GPS position and time), one-page PDF letters."""

import io
import math
import textwrap

from PIL import ExifTags, Image, ImageDraw, ImageOps
from werkzeug.datastructures import FileStorage

COVER_SIZE = (800, 450)
PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
PAGE_MARGIN = 72

#: Sky and land colours for each family of sectors, by the first digits of the DAC code.
PALETTES = {
    "14": ((126, 178, 214), (224, 240, 246), (38, 104, 140)),  # water
    "311": ((132, 190, 200), (236, 244, 236), (62, 120, 84)),  # agricultural water
    "11": ((236, 170, 120), (252, 236, 214), (168, 92, 58)),  # education
    "12": ((150, 204, 180), (238, 246, 238), (58, 128, 98)),  # health
    "23": ((244, 196, 98), (254, 244, 212), (176, 120, 40)),  # energy
    "3": ((214, 176, 96), (248, 238, 210), (122, 110, 52)),  # agriculture and crafts
}
DEFAULT_PALETTE = ((200, 164, 132), (246, 236, 222), (140, 96, 70))


def _shade(colour, factor):
    return tuple(min(255, round(channel * factor)) for channel in colour)


def _drop(draw, x, y, colour):
    draw.ellipse((x - 30, y - 10, x + 30, y + 50), fill=colour)
    draw.polygon([(x - 26, y + 8), (x, y - 48), (x + 26, y + 8)], fill=colour)


def _house(draw, x, y, colour):
    draw.rectangle((x - 50, y - 10, x + 50, y + 50), fill=colour)
    draw.polygon([(x - 64, y - 8), (x, y - 54), (x + 64, y - 8)], fill=colour)
    draw.rectangle((x - 12, y + 14, x + 12, y + 50), fill=_shade(colour, 0.7))


def _sprout(draw, x, y, colour):
    draw.rectangle((x - 3, y - 30, x + 3, y + 50), fill=colour)
    draw.ellipse((x - 46, y - 24, x - 2, y + 2), fill=colour)
    draw.ellipse((x + 2, y - 44, x + 46, y - 18), fill=colour)


#: A shape standing on the hills for each family of sectors, by the first digits of the code.
MOTIFS = {"14": _drop, "311": _drop, "11": _house, "12": _house, "3": _sprout}


def _by_prefix(table, sector_code, default):
    for prefix in sorted(table, key=len, reverse=True):
        if sector_code.startswith(prefix):
            return table[prefix]
    return default


def _hills(draw, width, height, base, amplitude, phase, colour):
    points = [
        (x, base + amplitude * math.sin(x / width * 2 * math.pi * 1.3 + phase))
        for x in range(0, width + 20, 20)
    ]
    draw.polygon([*points, (width, height), (0, height)], fill=colour)


def cover_image(sector_code, seed):
    """A soft landscape in the colours of the sector, different for every `seed`, in JPEG."""
    buffer = io.BytesIO()
    _landscape(sector_code, seed).save(buffer, "JPEG", quality=78, optimize=True)
    return buffer.getvalue()


def site_photo(sector_code, seed, latitude, longitude, taken_at):
    """A photo of the project's site as a phone takes it: a JPEG whose EXIF data tells where
    (GPS) and when (`taken_at`, UTC) it was taken, and the phone that took it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Demo"
    exif[ExifTags.Base.Model] = "Site camera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
    gps[ExifTags.GPS.GPSLatitude] = _degrees_minutes_seconds(latitude)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
    gps[ExifTags.GPS.GPSLongitude] = _degrees_minutes_seconds(longitude)
    gps[ExifTags.GPS.GPSDateStamp] = taken_at.strftime("%Y:%m:%d")
    gps[ExifTags.GPS.GPSTimeStamp] = (
        float(taken_at.hour),
        float(taken_at.minute),
        float(taken_at.second),
    )
    buffer = io.BytesIO()
    _landscape(sector_code, seed).save(buffer, "JPEG", quality=78, exif=exif)
    return buffer.getvalue()


def _degrees_minutes_seconds(value):
    """An angle as EXIF writes it: whole degrees, whole minutes, then seconds; no sign."""
    value = abs(value)
    degrees, minutes = int(value), int(value * 60) % 60
    return (float(degrees), float(minutes), round(value * 3600 - degrees * 3600 - minutes * 60, 2))


def _landscape(sector_code, seed):
    width, height = COVER_SIZE
    sky_top, sky_bottom, land = _by_prefix(PALETTES, sector_code, DEFAULT_PALETTE)
    gradient = Image.linear_gradient("L").resize(COVER_SIZE)
    image = ImageOps.colorize(gradient, sky_top, sky_bottom).convert("RGB")
    draw = ImageDraw.Draw(image)

    sun_x = width * (0.2 + 0.6 * ((seed * 37) % 100) / 100)
    sun_y = height * 0.3
    draw.ellipse((sun_x - 48, sun_y - 48, sun_x + 48, sun_y + 48), fill=(255, 246, 222))
    _hills(draw, width, height, height * 0.62, 22, seed, _shade(land, 1.35))
    _hills(draw, width, height, height * 0.74, 16, seed * 2.1 + 1, land)
    motif = _by_prefix(MOTIFS, sector_code, None)
    if motif:
        motif(draw, width - sun_x, height * 0.66, (255, 250, 240))
    return image


def _pdf_text(text):
    """A PDF string literal in the WinAnsi encoding of the standard fonts."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_content(heading_lines, paragraphs):
    """Drawing instructions: bold heading lines, then wrapped paragraphs, from the top left."""
    commands = [b"BT", b"%d %d Td" % (PAGE_MARGIN, PAGE_HEIGHT - PAGE_MARGIN), b"/F1 14 Tf 20 TL"]
    commands += [_pdf_text(line) + b" Tj T*" for line in heading_lines]
    commands += [b"T* /F2 11 Tf 16 TL"]
    for paragraph in paragraphs:
        commands += [_pdf_text(line) + b" Tj T*" for line in textwrap.wrap(paragraph, width=80)]
        commands.append(b"T*")
    commands.append(b"ET")
    return b"\n".join(commands)


def document_pdf(heading_lines, paragraphs):
    """A one-page A4 PDF letter in Helvetica: a bold heading, then paragraphs."""
    content = _page_content(heading_lines, paragraphs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 6 0 R "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(pdf)


def as_upload(data, filename, content_type):
    """Bytes wrapped as an uploaded file, to go through the same checks as a real upload."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type=content_type)
