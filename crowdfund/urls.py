"""URL helpers shared by several domains."""

from urllib.parse import urlsplit

from flask import url_for
from werkzeug.routing import IntegerConverter


def safe_next_url(target, default_endpoint="catalogue.index"):
    """`target` when it is a path on this site, else the default page: no open redirects."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default_endpoint)


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` bounded by the largest id the tables' INTEGER keys hold (signed 32 bits).

    A larger number matches no route, so it is answered 404 like any unknown id,
    instead of failing in the database driver.
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
