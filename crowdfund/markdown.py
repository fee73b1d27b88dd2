"""Markdown written by project owners, rendered and then sanitised."""

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


#: What links say of themselves unless a caller asks for more (e.g. "ugc" for users' posts).
DEFAULT_LINK_REL = "nofollow noopener noreferrer"


def render_markdown(text, link_rel=DEFAULT_LINK_REL):
    """Markdown to HTML that can be shown safely: no raw HTML, scripts or unsafe links.

    Every link gets `link_rel` as its rel attribute, whatever the text wrote.
    """
    html = _renderer.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )
