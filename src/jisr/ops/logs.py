"""Structured logs: one JSON object a line, with the request id of the request being
served (if any), so a proxy's log line, the web process's and a worker's can be joined."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import socket

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
HOST = socket.gethostname()
# What the attributes of a standard LogRecord are, so the extras can be told apart.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "host": HOST,
            "pid": os.getpid(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
