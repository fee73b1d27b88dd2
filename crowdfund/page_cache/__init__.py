"""Whole public pages kept for visitors who are not logged in, until the data changes.

The catalogue and project pages are the pages most visitors read and the dearest to
build. A page rendered for an anonymous visitor is the same for every anonymous visitor
who asks for the same address, in the same language, on the same day, while nothing
it could show has changed; so it is kept (generation.py says when the data changed,
pages.py keeps and serves the pages).
"""

from flask_caching import Cache
from redis.backoff import NoBackoff
from redis.retry import Retry

cache = Cache()


def init_app(app):
    """Start the page store: in Redis when PAGE_CACHE_REDIS_URL or REDIS_URL is set (shared by
    every host), else in
    files in PAGE_CACHE_DIR (shared by the workers of one host), else in each worker's memory.
    """
    from crowdfund.page_cache import generation  # noqa: F401  (it registers the session hooks)

    cache.init_app(app, config=store_config(app.config))


def store_config(settings):
    """Flask-Caching's settings for the page store, from the application's."""
    if not settings.get("PAGE_CACHE_ENABLED"):
        return {"CACHE_TYPE": "NullCache"}
    config = {
        "CACHE_KEY_PREFIX": "twiza:page:",
        "CACHE_DEFAULT_TIMEOUT": settings["PAGE_CACHE_SECONDS"],
        "CACHE_THRESHOLD": settings["PAGE_CACHE_MAX_PAGES"],
        "CACHE_TYPE": "SimpleCache",
    }
    if settings.get("PAGE_CACHE_DIR"):
        config |= {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(settings["PAGE_CACHE_DIR"])}
    redis_url = settings.get("PAGE_CACHE_REDIS_URL") or settings.get("REDIS_URL")
    if redis_url:
        # A Redis that does not answer at once is treated as down (pages.py renders without
        # it for a while), rather than holding every page up while it is retried.
        timeout = settings["PAGE_CACHE_REDIS_TIMEOUT"]
        config |= {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_OPTIONS": {
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "retry": Retry(NoBackoff(), retries=0),
            },
        }
    return config
