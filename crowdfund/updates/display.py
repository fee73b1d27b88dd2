"""Showing an update's Markdown body: sanitised, and its links marked as written by users."""

from markupsafe import Markup

from crowdfund.markdown import render_markdown

#: Links in updates are the owners' content: search engines should not count them as ours.
LINK_REL = "nofollow ugc noopener noreferrer"


def render_update_body(text):
    """The body as HTML safe to show: no script, no raw HTML beyond the allowed tags."""
    return Markup(render_markdown(text, link_rel=LINK_REL))


def register(blueprint):
    blueprint.add_app_template_filter(render_update_body, "update_body")
