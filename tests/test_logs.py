"""JSON-lines logs: one object a line, rotated, and never a personal number."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk_app import logs

ID_NUMBER = "079090001234"


@pytest.fixture
def log_file(tmp_path: Path, kiosk_logging: Callable[..., Path]) -> Path:
    return kiosk_logging(tmp_path)


def read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_records_are_json_lines_with_extras(log_file: Path) -> None:
    logging.getLogger("kiosk.test").info("session ended", extra={"reason": "timeout", "duration_s": 12.5})
    (entry,) = read(log_file)
    assert entry["msg"] == "session ended"
    assert entry["level"] == "INFO" and entry["logger"] == "kiosk.test"
    assert entry["reason"] == "timeout" and entry["duration_s"] == 12.5


@pytest.mark.expect_logs("parse failed")
def test_id_numbers_never_reach_the_file(log_file: Path) -> None:
    log = logging.getLogger("kiosk.test")
    log.info("scanned %s for %s", ID_NUMBER, "someone")
    log.info("lookup", extra={"code": f"dossier {ID_NUMBER}", "personal": "NGUYỄN VĂN AN"})
    try:
        raise ValueError(f"bad card {ID_NUMBER}")
    except ValueError:
        log.exception("parse failed")
    text = log_file.read_text(encoding="utf-8")
    assert ID_NUMBER not in text
    assert "NGUYỄN VĂN AN" not in text
    assert text.count(logs.REDACTED) >= 4


def test_logs_rotate(tmp_path: Path, kiosk_logging: Callable[..., Path]) -> None:
    folder = tmp_path / "rot"
    path = kiosk_logging(folder)
    for i in range(3000):
        logging.getLogger("kiosk.test").info("line %d %s", i, "x" * 60)
    assert (folder / "kiosk.jsonl.1").exists() and (folder / "kiosk.jsonl.2").exists()
    assert not (folder / "kiosk.jsonl.3").exists()
    assert path.stat().st_size <= 100_000
