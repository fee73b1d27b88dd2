"""Evidence photos: position and time read from EXIF, every other metadata gone from the bytes."""

import io
from datetime import datetime

import pytest
from PIL import ExifTags, Image

from crowdfund.files.photos import distance_km, strip_photo
from crowdfund.files.services import CheckedUpload, UploadRejected
from tests.factories.milestones import PHOTO_LATITUDE, PHOTO_LONGITUDE, camera_photo

#: What cameras write that must not survive: make, model, owner's name, serial number.
PRIVATE_MARKERS = (b"Phone Maker", b"SecretPhone", b"Fatima Zahra private", b"SN-0042-SECRET")


def _strip(data, kind):
    return strip_photo(CheckedUpload(data=data, kind=kind, filename="site.jpg"))


@pytest.mark.parametrize(
    ("kind", "pillow_format"), [("jpeg", "JPEG"), ("png", "PNG"), ("webp", "WEBP")]
)
def test_position_and_time_are_read_and_every_other_metadata_is_dropped(kind, pillow_format):
    original = camera_photo(pillow_format)
    assert all(marker in original for marker in PRIVATE_MARKERS)

    clean, facts = _strip(original, kind)

    assert facts.latitude == pytest.approx(PHOTO_LATITUDE, abs=1e-5)
    assert facts.longitude == pytest.approx(PHOTO_LONGITUDE, abs=1e-5)
    # 10:20:30 at UTC+1, as the camera recorded its offset.
    assert facts.taken_at == datetime(2026, 3, 14, 9, 20, 30)
    assert not any(marker in clean.data for marker in PRIVATE_MARKERS)
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.format == pillow_format
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert image.size == (64, 48)


def test_southern_and_western_references_give_negative_coordinates():
    _clean, facts = _strip(camera_photo(latitude=-33.9, longitude=18.4), "jpeg")

    assert (facts.latitude, facts.longitude) == (pytest.approx(-33.9), pytest.approx(18.4))


def test_a_time_without_offset_is_taken_as_moroccan_time():
    _clean, facts = _strip(camera_photo(offset=None, taken="2026:07:01 12:00:00"), "jpeg")

    # Morocco keeps UTC+1 outside Ramadan.
    assert facts.taken_at == datetime(2026, 7, 1, 11, 0, 0)


def test_the_gps_clock_is_preferred_to_the_camera_clock():
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSDateStamp] = "2026:03:14"
    gps[ExifTags.GPS.GPSTimeStamp] = (8.0, 5.0, 7.0)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:03:14 23:00:00"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", exif=exif)

    _clean, facts = _strip(buffer.getvalue(), "jpeg")

    assert facts.taken_at == datetime(2026, 3, 14, 8, 5, 7)
    assert facts.latitude is None


def test_a_photo_without_exif_has_no_position_and_no_time():
    _clean, facts = _strip(camera_photo(latitude=None, taken=None), "png")

    assert (facts.latitude, facts.longitude, facts.taken_at) == (None, None, None)


def test_a_position_of_zero_zero_means_no_fix():
    _clean, facts = _strip(camera_photo(latitude=0.0, longitude=0.0), "jpeg")

    assert (facts.latitude, facts.longitude) == (None, None)


def test_the_orientation_is_applied_to_the_pixels_before_it_is_dropped():
    # Orientation 6: the camera was turned; the picture is shown rotated by 90°.
    clean, _facts = _strip(camera_photo(orientation=6, size=(64, 48)), "jpeg")

    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.size == (48, 64)
        assert ExifTags.Base.Orientation not in image.getexif()


def test_a_damaged_image_is_refused():
    with pytest.raises(UploadRejected, match="damaged"):
        _strip(camera_photo()[:200], "jpeg")


def test_distance_between_two_points():
    # Imlil to Marrakech's Jemaa el-Fnaa: about 55 km as the crow flies.
    assert distance_km(31.1375, -7.919444, 31.625833, -7.989167) == pytest.approx(54.6, abs=1)
    assert distance_km(31.0, -7.9, 31.0, -7.9) == 0
