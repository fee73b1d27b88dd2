"""What the updates section of a project's page shows to one viewer."""

from dataclasses import dataclass

from crowdfund.permissions import Permission, can
from crowdfund.projects.models import Project
from crowdfund.updates.follows import is_following
from crowdfund.updates.models import ProjectUpdate
from crowdfund.updates.reading import count_updates_for, updates_for
from crowdfund.updates.reporting import ReportingDuty, reporting_duty

#: Updates shown on the project's page; the others are on its updates page.
PANEL_LIMIT = 5


@dataclass(frozen=True)
class UpdatesPanel:
    project: Project
    #: The updates the viewer may read, newest first (the latest PANEL_LIMIT on the project page).
    updates: list[ProjectUpdate]
    #: How many updates the viewer may read in all.
    total: int
    duty: ReportingDuty
    #: Whether the viewer follows the project, and may follow it (logged in, project public).
    following: bool
    can_follow: bool
    #: Whether the viewer may post an update (a member, the project live, funded or completed).
    can_post: bool


def updates_panel(project, viewer, limit=PANEL_LIMIT):
    """The updates section of `project`'s page as `viewer` (possibly anonymous) sees it."""
    updates = updates_for(project, viewer, limit=limit)
    complete = limit is None or len(updates) < limit
    total = len(updates) if complete else count_updates_for(project, viewer)
    return UpdatesPanel(
        project=project,
        updates=updates,
        total=total,
        duty=reporting_duty(project),
        following=is_following(viewer, project),
        can_follow=can(viewer, Permission.FOLLOW_PROJECT, project),
        can_post=can(viewer, Permission.POST_UPDATE, project),
    )
