"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

Log lines hold events and ids, never personal data: no query strings, no request bodies, no
names or addresses (core/tests/test_no_personal_data_in_logs.py walks journeys to prove it).
"""

import json
import logging
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
