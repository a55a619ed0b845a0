"""One JSON object per log line on stderr, so a log shipper can parse errors without guessing.

A traceback stays inside its record as the "traceback" field instead of spilling over many lines.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with extra= and is worth keeping.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonLineFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            # Django's request logger attaches the request; its method and path say which page failed.
            entry["method"] = request.method
            entry["path"] = request.path
        for name, value in vars(record).items():
            if name not in _STANDARD_ATTRIBUTES and name not in ("request", "server_time"):
                entry[name] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["traceback"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
