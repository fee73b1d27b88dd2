"""Error pages, and one commit per request: services flush, the request commits."""

from flask import render_template, request
from werkzeug.exceptions import HTTPException

from crowdfund.extensions import db


def _wants_json():
    return request.path.startswith("/api/")


def register(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        db.session.rollback()
        if _wants_json():
            return {
                "error": error.name,
                "status": error.code,
                "message": error.description,
            }, error.code
        template = "errors/404.html" if error.code == 404 else "errors/error.html"
        return render_template(template, error=error), error.code

    @app.teardown_request
    def rollback_unfinished(exc):
        if exc is not None:
            db.session.rollback()
