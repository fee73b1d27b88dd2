"""Factories for rejected organisations and the documents organisations send."""

import factory

from crowdfund.organisations.models import DocumentKind, OrganisationDocument, OrganisationStatus
from tests.factories import BaseFactory, OrganisationFactory
from tests.factories.files import StoredFileFactory


class OrganisationDocumentFactory(BaseFactory):
    class Meta:
        model = OrganisationDocument

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DocumentKind.STATUTES
    file = factory.SubFactory(StoredFileFactory)


class RejectedOrganisationFactory(OrganisationFactory):
    status = OrganisationStatus.REJECTED
    decision_reason = "The board decision is not signed."
