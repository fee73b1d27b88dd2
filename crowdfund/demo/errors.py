"""Why the demo loader stops before loading anything."""

import click


class DemoDataRefused(click.ClickException):
    """Demo data was asked for where it cannot be loaded; the message says what to do.

    A ClickException, so that `flask demo load` prints the message as an error
    (no traceback) and exits with a failure status.
    """
