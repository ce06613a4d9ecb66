"""JSON-lines logs, rotated on disk, that never carry personal data.

Code must not log personal data in the first place; the redaction filter is
the second line of defence. Before a record is written it replaces:
- any run of 9 or more digits (CCCD and old ID numbers, phone numbers);
- dates (15/03/1990, 15031990, 1990-03-15): a birth date is personal;
- dossier codes;
- every personal value of the visit in progress (the citizen's name, ID
  numbers, address), wherever it appears, in any letter case: a name in an
  exception's message has no pattern, so the visit tells the filter what to
  look for (``personal_values``) and forgets it when the visit ends;
- anything passed in a log record's ``personal`` extra.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

from kiosk_app import dossier_code

_PATTERNS = re.compile(
    "|".join(
        (
            r"\d{9,}",
            r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",
            r"\b\d{8}\b",
            r"\b\d{4}-\d{2}-\d{2}\b",
            dossier_code.PATTERN.pattern,
        )
    ),
    re.IGNORECASE,
)
REDACTED = "[redacted]"


class PersonalValues:
    """The personal values of the visit in progress, to be cut from any log text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def remember(self, *values: str | None) -> None:
        with self._lock:
            # Very short values ("An") would cut ordinary words; patterns cover numbers.
            self._values.update(v.strip() for v in values if v and len(v.strip()) >= 4)
            ordered = sorted(self._values, key=len, reverse=True)  # the longest first
            self._pattern = (
                re.compile("|".join(re.escape(v) for v in ordered), re.IGNORECASE) if ordered else None
            )

    def forget_all(self) -> None:
        with self._lock:
            self._values.clear()
            self._pattern = None

    def redact(self, text: str) -> str:
        pattern = self._pattern
        return pattern.sub(REDACTED, text) if pattern is not None else text


personal_values = PersonalValues()
# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    return _PATTERNS.sub(REDACTED, personal_values.redact(unicodedata.normalize("NFC", text)))


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
        ours = getattr(old, "_kiosk", False)
        library_stderr = type(old) is logging.StreamHandler and old.stream in (sys.stderr, sys.__stderr__)
        if ours or library_stderr:
            root.removeHandler(old)
        if ours:
            old.close()
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
