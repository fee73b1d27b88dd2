"""The demo's owners post news on their projects' pages, as the update form does."""

from crowdfund.demo.artwork import as_upload, site_photo
from crowdfund.demo.clock import Clock
from crowdfund.demo.progress_data import UPDATES
from crowdfund.extensions import db
from crowdfund.updates.services import post_update

POSTED_AT_HOUR = 18


def post_updates(projects, now):
    """Post every update of UPDATES, dated back to its day; returns them."""
    by_title = {project.title: project for project in projects}
    updates = []
    for number, spec in enumerate(UPDATES, start=1):
        project = by_title[spec.project]
        posted_at = Clock(project, now).days_ago(spec.posted, POSTED_AT_HOUR)
        # Photos straight from the phone: posting strips their position and the rest.
        photos = [
            as_upload(
                site_photo(
                    project.sector_code,
                    100 * number + turn,
                    project.latitude,
                    project.longitude,
                    posted_at,
                ),
                f"photo-{turn}.jpg",
                "image/jpeg",
            )
            for turn in range(1, spec.photos + 1)
        ]
        update = post_update(
            project,
            project.organisation.created_by,
            title=spec.title,
            body=spec.body,
            visibility=spec.visibility,
            is_progress_report=spec.is_progress_report,
            images=photos,
        )
        update.created_at = posted_at
        updates.append(update)
    db.session.flush()
    return updates
