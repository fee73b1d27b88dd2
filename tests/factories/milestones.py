"""Funded projects with money in escrow, camera photos with EXIF data, and milestone evidence."""

import io
import itertools

import factory
from PIL import ExifTags, Image

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.milestones.models import (
    EvidenceFile,
    EvidenceFileKind,
    EvidenceState,
    MilestoneEvidence,
)
from crowdfund.pledges.capture import capture
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow
from tests.factories import (
    BaseFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
    _grant_roles,
)
from tests.factories.files import ImageFileFactory, StoredFileFactory
from tests.factories.pledges import PledgeFactory

#: Where the test photos say they were taken: near Imlil, in the High Atlas.
PHOTO_LATITUDE = 31.1375
PHOTO_LONGITUDE = -7.919444
_payments = itertools.count(1)


class TreasurerFactory(UserFactory):
    name = "Omar Alaoui"
    affiliation = "Trésorerie Générale du Royaume"

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _grant_roles(user, create, extracted if extracted is not None else [Role.TREASURER])


class FundedProjectFactory(ProjectFactory):
    """A funded project of 120,000 MAD whose two milestones are 60,000 MAD each."""

    state = ProjectState.FUNDED


def give(project, donor, amount_mad):
    """A pledge of `amount_mad` (minor units) captured as the payment flow captures it: the
    ledger moves the money into the project's escrow."""
    pledge = PledgeFactory(
        project=project,
        donor=donor,
        state=PledgeState.PROCESSING,
        amount=amount_mad,
        amount_mad=amount_mad,
        fee_mad=0,
        charge_amount=amount_mad,
        payment_intent_id=f"pi_milestones_{next(_payments)}",
    )
    return capture(pledge)


def camera_photo(
    image_format="JPEG",
    latitude=PHOTO_LATITUDE,
    longitude=PHOTO_LONGITUDE,
    taken="2026:03:14 10:20:30",
    offset="+01:00",
    size=(64, 48),
    orientation=None,
):
    """An image as a phone writes it: GPS position, time taken, and what else cameras record
    (make, model, serial number, the owner's name) that Twiza must not keep."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone Maker"
    exif[ExifTags.Base.Model] = "SecretPhone 9"
    exif[ExifTags.Base.Artist] = "Fatima Zahra private"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.BodySerialNumber] = "SN-0042-SECRET"
    if taken is not None:
        details[ExifTags.Base.DateTimeOriginal] = taken
        if offset is not None:
            details[ExifTags.Base.OffsetTimeOriginal] = offset
    if latitude is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
        gps[ExifTags.GPS.GPSLatitude] = _degrees_minutes_seconds(abs(latitude))
        gps[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
        gps[ExifTags.GPS.GPSLongitude] = _degrees_minutes_seconds(abs(longitude))
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (180, 120, 60))
    image.save(buffer, image_format, exif=exif)
    return buffer.getvalue()


def _degrees_minutes_seconds(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


class MilestoneEvidenceFactory(BaseFactory):
    """Evidence awaiting verification for the first milestone of a funded project, sent by
    the organisation's creator, with a located photo, an invoice and an acceptance record."""

    class Meta:
        model = MilestoneEvidence

    project = factory.SubFactory(FundedProjectFactory)
    milestone = factory.LazyAttribute(lambda evidence: evidence.project.milestones[0])
    narrative = "The borehole is drilled to 120 m; water was struck at 85 m."
    submitted_by = factory.LazyAttribute(lambda evidence: evidence.project.organisation.created_by)
    submitted_at = factory.LazyFunction(utcnow)
    state = EvidenceState.SUBMITTED

    @factory.post_generation
    def files(evidence, create, extracted, **kwargs):
        if extracted is False:
            return
        evidence.files.extend(
            [
                EvidenceFile(
                    kind=EvidenceFileKind.PHOTO,
                    file=ImageFileFactory(original_name="borehole.png"),
                    latitude=PHOTO_LATITUDE,
                    longitude=PHOTO_LONGITUDE,
                    taken_at=utcnow(),
                ),
                EvidenceFile(
                    kind=EvidenceFileKind.INVOICE,
                    file=StoredFileFactory(original_name="invoice.pdf"),
                ),
                EvidenceFile(
                    kind=EvidenceFileKind.ACCEPTANCE_RECORD,
                    file=StoredFileFactory(original_name="acceptance.pdf"),
                ),
            ]
        )
        if create:
            db.session.flush()


class VerifiedEvidenceFactory(MilestoneEvidenceFactory):
    state = EvidenceState.VERIFIED
    decided_by = factory.SubFactory(ReviewerFactory)
    decided_at = factory.LazyFunction(utcnow)
