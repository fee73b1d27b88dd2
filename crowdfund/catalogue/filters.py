"""What the public catalogue can be filtered and sorted by."""

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from crowdfund.projects.models import PUBLIC_STATES, FundingModel, ProjectState

DEFAULT_STATUS = "live"

#: Each status filter and the project states it shows; every one is public.
STATUS_STATES = {
    "live": frozenset({ProjectState.LIVE}),
    "approved": frozenset({ProjectState.APPROVED}),
    "funded": frozenset({ProjectState.FUNDED}),
    "completed": frozenset({ProjectState.COMPLETED}),
    "failed": frozenset({ProjectState.FAILED}),
    "all": PUBLIC_STATES,
}

STATUS_LABELS = {
    "live": ProjectState.LIVE.label,
    "approved": ProjectState.APPROVED.label,
    "funded": ProjectState.FUNDED.label,
    "completed": ProjectState.COMPLETED.label,
    "failed": ProjectState.FAILED.label,
    "all": _l("Any status"),
}


class Sort(StrEnum):
    NEWEST = "newest"
    ENDING_SOON = "ending_soon"
    MOST_FUNDED = "most_funded"
    CLOSEST_TO_GOAL = "closest_to_goal"

    @property
    def label(self):
        return SORT_LABELS[self]


SORT_LABELS = {
    Sort.NEWEST: _l("Newest"),
    Sort.ENDING_SOON: _l("Ending soon"),
    Sort.MOST_FUNDED: _l("Most funded"),
    Sort.CLOSEST_TO_GOAL: _l("Closest to goal"),
}


@dataclass(frozen=True)
class ProjectFilters:
    """A catalogue search: `None` (or an empty `q`) means no restriction on that criterion."""

    q: str = ""
    region: str | None = None
    province: str | None = None
    sector: str | None = None
    sdg: int | None = None
    status: str = DEFAULT_STATUS
    funding_model: FundingModel | None = None
    sort: Sort = Sort.NEWEST

    @property
    def states(self):
        return STATUS_STATES[self.status]
