"""Factories for institutions' commitments to projects."""

import factory

from crowdfund.cofunding.models import CoFunding, CoFundingStatus, InstitutionKind
from crowdfund.timeutil import utcnow
from tests.factories import BaseFactory, ProjectFactory, ReviewerFactory
from tests.factories.files import StoredFileFactory


class CoFundingFactory(BaseFactory):
    """A commune's commitment of 20,000 MAD, not yet received."""

    class Meta:
        model = CoFunding

    project = factory.SubFactory(ProjectFactory)
    institution = factory.Sequence(lambda n: f"Commune de Tabant {n}")
    institution_kind = InstitutionKind.COMMUNE
    amount = 2_000_000
    document = factory.SubFactory(StoredFileFactory, original_name="engagement.pdf")
    status = CoFundingStatus.COMMITTED
    recorded_by = factory.SubFactory(ReviewerFactory)
    note = ""


class ReceivedCoFundingFactory(CoFundingFactory):
    status = CoFundingStatus.RECEIVED
    received_at = factory.LazyFunction(utcnow)
    received_by = factory.SelfAttribute("recorded_by")
