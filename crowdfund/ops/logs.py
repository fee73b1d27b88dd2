"""Logs as one JSON object per line, each carrying the id of the request it belongs to.

`logging_config()` serves both the application (`configure_logging`) and
gunicorn (`logconfig_dict` in gunicorn.conf.py), so that the access log, the
server's own messages and the application's all share one format.
"""

import json
import logging
import logging.config
from datetime import UTC, datetime

#: Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)
#: gunicorn's access-log atoms, under the names the JSON line gives them.
_ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "D": "duration_us",
    "f": "referer",
    "a": "user_agent",
    "{x-forwarded-for}i": "forwarded_for",
    "{x-request-id}o": "request_id",
}


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request being served (None outside one)."""

    def filter(self, record):
        from crowdfund.ops.request_id import current_request_id

        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, extras."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line["message"] = "request"
            line.update(_access_fields(record.args))
        else:
            line["message"] = record.getMessage()
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and name not in line:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def _access_fields(atoms):
    fields = {name: atoms.get(atom) for atom, name in _ACCESS_FIELDS.items()}
    fields = {name: value for name, value in fields.items() if value not in ("-", None, "")}
    for number in ("status", "bytes", "duration_us"):
        if number in fields:
            fields[number] = int(fields[number])
    return fields


def logging_config(level="INFO"):
    """A `logging.config.dictConfig` mapping: JSON lines on stderr for everything."""
    handler = {"handlers": ["json"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["json"], "level": level},
        "loggers": {"gunicorn.error": handler, "gunicorn.access": handler},
    }


def configure_logging(level="INFO"):
    """Send every log record to stderr as a JSON line."""
    logging.config.dictConfig(logging_config(level))
