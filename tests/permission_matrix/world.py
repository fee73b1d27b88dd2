"""A small world with one object of each kind, for trying every route as every persona."""

import importlib
import io
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.organisations.models import DocumentKind, OrganisationDocument, OrganisationStatus
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from tests.factories import (
    AdminFactory,
    OrganisationFactory,
    OwnerFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.pledges import PledgeFactory
from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def _stored_file(upload_dir, name, content, content_type):
    """A file on disk with its row, as an upload would leave it."""
    key = f"matrix-{name}"
    path = upload_dir / key[:2] / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    stored = StoredFile(
        storage_key=key,
        original_name=name,
        content_type=content_type,
        size=len(content),
        sha256="0" * 64,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def _png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 110, 79)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class World:
    users: dict
    objects: SimpleNamespace

    def __getattr__(self, name):
        return getattr(self.objects, name)


def build_world(upload_dir):
    owner_own = OwnerFactory(email="own@example.org")
    owner_other = OwnerFactory(email="other@example.org")
    users = {
        ANONYMOUS: None,
        DONOR: UserFactory(email="donor@example.org"),
        OWNER_OWN: owner_own,
        OWNER_OTHER: owner_other,
        REVIEWER: ReviewerFactory(email="reviewer@example.org"),
        ADMIN: AdminFactory(email="admin@example.org", roles=[Role.ADMIN]),
    }
    own_org = OrganisationFactory(created_by=owner_own)
    other_org = OrganisationFactory(created_by=owner_other)
    pending_org = OrganisationFactory(created_by=owner_own, status=OrganisationStatus.PENDING)

    def project(state, **kwargs):
        return ProjectFactory(organisation=own_org, state=state, **kwargs)

    live_project = project(ProjectState.LIVE)
    cover = _stored_file(upload_dir, "cover.png", _png_bytes(), "image/png")
    live_project.cover_image = cover
    document = _stored_file(upload_dir, "statutes.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    own_org.documents.append(OrganisationDocument(kind=DocumentKind.STATUTES, file=document))
    db.session.flush()

    objects = SimpleNamespace(
        own_org=own_org,
        other_org=other_org,
        pending_org=pending_org,
        live_project=live_project,
        draft_project=project(ProjectState.DRAFT, published_at=None),
        submitted_project=project(ProjectState.SUBMITTED, published_at=None),
        in_review_project=project(ProjectState.IN_REVIEW, published_at=None),
        changes_requested_project=project(ProjectState.CHANGES_REQUESTED, published_at=None),
        org_document=document,
        cover_file=cover,
        donor=users[DONOR],
        donor_pledge=PledgeFactory(
            project=live_project,
            donor=users[DONOR],
            state=PledgeState.CAPTURED,
            captured_mad=50_000,
        ),
        commune=live_project.commune,
        province=live_project.commune.province,
        region=live_project.commune.province.region,
    )
    for extend in _extensions():
        extend(objects, users, upload_dir)
    db.session.commit()
    return World(users=users, objects=objects)


def _extensions():
    """The `extend(objects, users, upload_dir)` of every `world_<domain>.py` beside this one.

    A domain adds the objects its routes need in a module of its own, so that the
    world grows without every domain editing this file.
    """
    package = Path(__file__).parent
    for path in sorted(package.glob("world_*.py")):
        module = importlib.import_module(f"tests.permission_matrix.{path.stem}")
        yield module.extend
