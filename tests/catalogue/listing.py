"""Read what a catalogue page lists, in order."""

import re

_CARD_LINK = re.compile(r'<h3[^>]*><a href="/projects/([^"]+)">')


def listed_slugs(response):
    assert response.status_code == 200, response.status_code
    return _CARD_LINK.findall(response.get_data(as_text=True))
