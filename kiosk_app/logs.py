"""JSON-lines logs, rotated on disk, that never carry personal data.

Code must not log personal data in the first place; the redaction filter is
the second line of defence: any run of 9 or more digits (CCCD and old ID
numbers, phone numbers, dossier sequence numbers) and anything passed in a
log record's ``personal`` extra is replaced before the record is written.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import time
from pathlib import Path
from typing import Any

_LONG_DIGITS = re.compile(r"\d{9,}")
REDACTED = "[redacted]"
# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    return _LONG_DIGITS.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg = message
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(record.created))
            + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = REDACTED if key == "personal" else _plain(value)
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


def configure(log_dir: Path, *, level: str, max_bytes: int, backup_count: int) -> Path:
    """Send the kiosk's logs to rotated JSON-lines files; returns the current file."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "kiosk.jsonl"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
    )
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    # The kiosk owns logging: drop earlier handlers of ours and the stderr handler
    # some libraries install at import (python-escpos calls logging.basicConfig()),
    # which would copy records around the redaction filter.
    for old in list(root.handlers):
        root.removeHandler(old)
        if getattr(old, "_kiosk", False):
            old.close()
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
