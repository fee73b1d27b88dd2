"""No page template has inline script or style that the Content-Security-Policy would block.

Mail templates are left out: mail programs ignore the site's policy, and inline
styles are the only kind most of them honour.
"""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGE_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*.html") if "emails" not in path.relative_to(TEMPLATES).parts
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_there_are_page_templates_to_check():
    assert len(PAGE_TEMPLATES) > 50


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline <script> without a nonce", INLINE_SCRIPT),
        ("<style> without a nonce", STYLE_ELEMENT),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("on…= event handler attribute", EVENT_HANDLER),
        ("javascript: URL", SCRIPT_URL),
    ],
)
def test_no_page_template_has(name, pattern):
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}"
        for path in PAGE_TEMPLATES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], name


@pytest.mark.parametrize(
    ("snippet", "pattern"),
    [
        ("<script>alert(1)</script>", INLINE_SCRIPT),
        ('<script type="module">', INLINE_SCRIPT),
        ("<style>p{}</style>", STYLE_ELEMENT),
        ('<span class="x" style="width: 1%">', STYLE_ATTRIBUTE),
        ('<button type="button" onclick="go()">', EVENT_HANDLER),
        ('<a href="javascript:go()">', SCRIPT_URL),
    ],
)
def test_the_checks_find_what_they_look_for(snippet, pattern):
    assert pattern.search(snippet)


@pytest.mark.parametrize(
    ("snippet", "pattern"),
    [
        ('<script src="/static/js/pledge.js" defer></script>', INLINE_SCRIPT),
        ('<script nonce="{{ csp_nonce() }}">', INLINE_SCRIPT),
        ('<style nonce="{{ csp_nonce() }}">', STYLE_ELEMENT),
        ('<span class="progress" data-percent="25.0">', STYLE_ATTRIBUTE),
        ('<form data-online="yes">', EVENT_HANDLER),
    ],
)
def test_the_checks_let_allowed_markup_pass(snippet, pattern):
    assert not pattern.search(snippet)
