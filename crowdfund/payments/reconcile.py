"""Repairing what webhooks left pending: each domain registers a reconciler.

A reconciler takes the gateway, asks it about the objects left pending (a
pledge whose payment is still unconfirmed after a few minutes, say), applies
what it learns through the same idempotent services as the webhooks, flushes,
and returns a one-line summary. Running it twice changes nothing more.
"""

#: name -> reconciler, in registration order.
_reconcilers = {}


def reconciler(name):
    """Register the decorated function as the reconciler called `name`."""

    def register(function):
        _reconcilers[name] = function
        return function

    return register


def registered_reconcilers():
    """(name, reconciler) pairs, in registration order."""
    return list(_reconcilers.items())
