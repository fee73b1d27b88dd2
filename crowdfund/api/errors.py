"""Errors of the API as JSON: the HTTP status, its name and a message for the client."""

from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


def problem(error, message, **extra):
    """The body and status of an error answer (`error` is a werkzeug HTTPException)."""
    return {"error": error.name, "status": error.code, "message": message, **extra}, error.code


def _message(error):
    if error.code == 404:
        return _("There is no public project or resource at this address.")
    return error.description


def register(blueprint):
    """Answer every HTTP error raised in `blueprint`'s views in JSON."""

    @blueprint.errorhandler(HTTPException)
    def json_error(error):
        return problem(error, _message(error))
