"""The ceiling: a bare Flask application answering one short text, served as Twiza is.

`make bench` serves it under the same gunicorn settings as the application, so
that its requests per second say what this machine, gunicorn and Flask allow
before any of Twiza's work is done.

gunicorn serves `wsgi`, the application's own WSGI entry (what `app(...)` calls):
the repository's gunicorn settings dispose of Twiza's database connections after
the fork in anything that has an application context, and this one has no database.
"""

from flask import Flask

app = Flask(__name__)
wsgi = app.wsgi_app


@app.get("/")
def hello():
    return "Hello"
