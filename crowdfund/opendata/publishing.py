"""IATI files: one project's activity, or every public project's, streamed batch by batch."""

from io import BytesIO

from flask import current_app, request
from lxml import etree

from crowdfund.opendata.flows import flows_by_project
from crowdfund.opendata.iati import ActivityBuilder, activities_root_attributes, platform_publisher
from crowdfund.opendata.queries import (
    funders_by_project,
    public_project_id_batches,
    public_projects_for_activities,
)
from crowdfund.opendata.words import platform_words

#: Projects loaded and written at a time: a few queries per batch, memory bounded by its size.
BATCH_SIZE = 200


def _builder():
    """A builder for this request's files, usable after it (streaming)."""
    urls = current_app.create_url_adapter(request)
    return ActivityBuilder(platform_publisher(), platform_words(), urls)


def _activities(builder, project_ids):
    """The activities of the public projects among `project_ids`, in a fixed number of queries."""
    projects = public_projects_for_activities(project_ids)
    ids = [project.id for project in projects]
    flows = flows_by_project(ids)
    funders = funders_by_project(ids)
    for project in projects:
        yield builder.activity(project, flows.get(project.id, []), funders[project.id])


def project_activity_file(project):
    """The IATI file (bytes) of one public project."""
    root = etree.Element("iati-activities", activities_root_attributes())
    root.extend(_activities(_builder(), [project.id]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def all_activities_file(batch_size=BATCH_SIZE):
    """The IATI file of every public project, as an iterator of byte chunks, one per batch.

    Which projects is decided now; each batch is then read in an application
    context of its own while the answer streams, since the request's is gone by then.
    """
    app = current_app._get_current_object()
    return _stream(app, _builder(), public_project_id_batches(batch_size))


def _stream(app, builder, batches):
    buffer = BytesIO()
    with etree.xmlfile(buffer, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element("iati-activities", activities_root_attributes()):
            yield _drain(buffer, document)
            for project_ids in batches:
                # No context is held across a yield: the server may resume us anywhere.
                with app.app_context():
                    for activity in _activities(builder, project_ids):
                        document.write(activity, pretty_print=True)
                yield _drain(buffer, document)
    yield buffer.getvalue()


def _drain(buffer, document):
    """What the writer has produced since the last drain."""
    document.flush()
    chunk = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return chunk
