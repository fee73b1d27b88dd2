"""Helpers the catalogue and project templates use to show a project."""

from crowdfund.projects.lifecycle import ACTION_LABELS
from crowdfund.projects.reference import sdg_label, sector_label
from crowdfund.timeutil import today

OPENSTREETMAP_ZOOM = 14


def days_left(end_date, on=None):
    """Whole days from today until a campaign's last day; 0 on the last day and after."""
    return max((end_date - (on or today())).days, 0)


def openstreetmap_url(latitude, longitude):
    """A link to the point on OpenStreetMap, with a marker."""
    lat, lon = f"{latitude:.5f}", f"{longitude:.5f}"
    return (
        f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={OPENSTREETMAP_ZOOM}/{lat}/{lon}"
    )


def transition_label(action):
    """What an entry of a project's history says happened."""
    return ACTION_LABELS.get(action, action)


def register(blueprint):
    blueprint.add_app_template_filter(days_left)
    blueprint.add_app_template_global(openstreetmap_url)
    blueprint.add_app_template_global(sector_label)
    blueprint.add_app_template_global(sdg_label)
    blueprint.add_app_template_global(transition_label)
