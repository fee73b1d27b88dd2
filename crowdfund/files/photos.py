"""Uploaded photos: where and when they were taken, from EXIF, and their pixels without metadata.

Milestone evidence shows a photo's GPS position and time, which Twiza keeps in
its own columns; everything else a camera writes (its make and serial number,
the owner's name, thumbnails, XMP) is dropped by encoding the pixels anew.
"""

import io
import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from PIL import ExifTags, Image, ImageOps

from crowdfund.files.services import UploadRejected

#: How each kind of image is encoded again: Pillow's format and its options.
_ENCODINGS = {
    "jpeg": ("JPEG", {"quality": 90}),
    "png": ("PNG", {}),
    "webp": ("WEBP", {"quality": 90}),
}
#: Image information that is part of the picture, not metadata about it.
_KEPT_INFO = ("transparency",)
_EXIF_TIME_FORMAT = "%Y:%m:%d %H:%M:%S"


@dataclass(frozen=True)
class PhotoFacts:
    """Where and when a photo was taken, as far as its EXIF data tells."""

    latitude: float | None = None
    longitude: float | None = None
    #: In UTC, naive, as every datetime Twiza stores.
    taken_at: datetime | None = None


def strip_photo(upload):
    """(the CheckedUpload of an image re-encoded without metadata, its PhotoFacts).

    The image was checked by the files service (kind, size, pixel count); the
    EXIF orientation is applied to the pixels so that the photo stays upright.
    """
    try:
        with Image.open(io.BytesIO(upload.data)) as image:
            facts = read_facts(image.getexif())
            upright = ImageOps.exif_transpose(image)
    except Exception as error:
        # Pillow signals a broken file, or broken EXIF data, with many exception types.
        raise UploadRejected(_("This image is damaged.")) from error
    upright.info = {key: value for key, value in upright.info.items() if key in _KEPT_INFO}
    pillow_format, options = _ENCODINGS[upload.kind]
    buffer = io.BytesIO()
    upright.save(buffer, pillow_format, **options)
    return replace(upload, data=buffer.getvalue()), facts


def read_facts(exif):
    """The PhotoFacts of an Image.Exif; what is missing or unreadable stays None."""
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _coordinate(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
    longitude = _coordinate(
        gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef)
    )
    if latitude is None or longitude is None or not _plausible(latitude, longitude):
        latitude = longitude = None
    return PhotoFacts(latitude=latitude, longitude=longitude, taken_at=_taken_at(exif, gps))


def _coordinate(value, reference):
    """Signed decimal degrees from EXIF (degrees, minutes, seconds) and N/S/E/W, or None."""
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(decimal):
        return None
    reference = reference.decode(errors="ignore") if isinstance(reference, bytes) else reference
    if str(reference or "").strip().upper()[:1] in {"S", "W"}:
        decimal = -decimal
    return round(decimal, 6)


def _plausible(latitude, longitude):
    # Cameras without a fix sometimes write 0°, 0°, a point in the Gulf of Guinea.
    return -90 <= latitude <= 90 and -180 <= longitude <= 180 and (latitude, longitude) != (0, 0)


def _taken_at(exif, gps):
    """When the photo was taken, in UTC.

    The GPS time is UTC by definition; the camera's own clock is local time,
    with its offset when the camera recorded one and otherwise taken to be
    Morocco's (the application's time zone), where the projects are.
    """
    from_gps = _gps_time(gps)
    if from_gps is not None:
        return from_gps
    details = exif.get_ifd(ExifTags.IFD.Exif)
    local = _parse(details.get(ExifTags.Base.DateTimeOriginal), _EXIF_TIME_FORMAT)
    if local is None:
        return None
    offset = _parse(details.get(ExifTags.Base.OffsetTimeOriginal), "%z")
    zone = offset.tzinfo if offset else ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return local.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _gps_time(gps):
    day = _parse(gps.get(ExifTags.GPS.GPSDateStamp), "%Y:%m:%d")
    try:
        hours, minutes, seconds = (float(part) for part in gps.get(ExifTags.GPS.GPSTimeStamp))
        moment = day + timedelta(hours=hours, minutes=minutes, seconds=int(seconds))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return moment if moment.date() == day.date() else None


def _parse(text, pattern):
    if isinstance(text, bytes):
        text = text.decode(errors="ignore")
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text.strip().rstrip("\x00"), pattern)
    except ValueError:
        return None


def distance_km(latitude, longitude, other_latitude, other_longitude):
    """The great-circle distance between two points in kilometres (haversine formula)."""
    earth_radius_km = 6371.0
    phi1, phi2 = math.radians(latitude), math.radians(other_latitude)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(other_longitude - longitude) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * earth_radius_km * math.asin(math.sqrt(a))
