"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

Log lines hold events and ids, never personal data: no query strings, no request bodies, no
names or addresses (core/tests/test_no_personal_data_in_logs.py walks journeys to prove it).
"""

import json
import logging
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")

# Attributes every LogRecord has; anything else was passed as `extra=`.
STANDARD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))
) | {"message", "asctime", "request_id"}
PLAIN_VALUES = (str, int, float, bool, type(None))


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


def type_name(exception: traceback.TracebackException) -> str:
    # Python 3.13 names the type in exc_type_str; 3.12 keeps the type itself in exc_type.
    if hasattr(exception, "exc_type_str"):
        return exception.exc_type_str
    return f"{exception.exc_type.__module__}.{exception.exc_type.__qualname__}"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        # Plain values only: Django passes the request itself as an extra, and its text holds
        # the query string.
        line.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in STANDARD_ATTRIBUTES and isinstance(value, PLAIN_VALUES)
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line)

    def formatException(self, exc_info) -> str:
        """Where it went wrong (the frames) and what went wrong (each exception's type), but not
        the exceptions' messages: they can quote data, as PostgreSQL's "Key (email)=(...)" does."""
        exception = traceback.TracebackException(*exc_info)
        parts = []
        while exception is not None:
            parts.insert(0, "".join(exception.stack.format()) + type_name(exception))
            exception = exception.__cause__ or exception.__context__
        return "\nThe above led to:\n".join(parts)
