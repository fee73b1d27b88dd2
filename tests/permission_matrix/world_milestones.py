"""A funded project of `own_org` with evidence awaiting verification for its first milestone
and verified evidence, awaiting release, for its second."""

from crowdfund.projects.models import ProjectState
from tests.factories import ProjectFactory
from tests.factories.milestones import MilestoneEvidenceFactory, VerifiedEvidenceFactory
from tests.permission_matrix.personas import OWNER_OWN, REVIEWER


def extend(objects, users, upload_dir):
    funded = ProjectFactory(organisation=objects.own_org, state=ProjectState.FUNDED)
    first, second = funded.milestones
    objects.funded_project = funded
    objects.submitted_evidence = MilestoneEvidenceFactory(
        project=funded, milestone=first, submitted_by=users[OWNER_OWN]
    )
    objects.verified_evidence = VerifiedEvidenceFactory(
        project=funded, milestone=second, submitted_by=users[OWNER_OWN], decided_by=users[REVIEWER]
    )
