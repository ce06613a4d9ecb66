"""The local SQLite store: WAL, migrations, integrity check and recovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk_app.store import MIGRATIONS, Store, StoreError


def test_fresh_store_is_wal_and_migrated(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "k.sqlite3")
    try:
        assert store.report.integrity_ok and store.report.moved_aside is None
        assert store.report.schema_version == len(MIGRATIONS)
        mode = sqlite3.connect(tmp_path / "k.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    finally:
        store.close()


def test_visits_survive_a_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "k.sqlite3")
    store.record_visit(ended_at=1.0, duration_s=42.0, reason="timeout", language="vi")
    store.close()
    again = Store.open(tmp_path / "k.sqlite3")
    assert again.visit_count() == 1
    again.close()


@pytest.mark.expect_logs("local store failed its integrity check")
def test_a_damaged_store_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    path.write_bytes(b"this is not a database, a power cut wrote this" * 100)
    store = Store.open(path, clock=lambda: 1234.0)
    try:
        assert not store.report.integrity_ok
        assert store.report.moved_aside == tmp_path / "k.sqlite3.damaged-1234"
        assert store.report.moved_aside.read_bytes().startswith(b"this is not a database")
        store.record_visit(ended_at=1.0, duration_s=1.0, reason="finished", language="en")
        assert store.visit_count() == 1
    finally:
        store.close()


@pytest.mark.expect_logs("local store failed its integrity check")
def test_a_store_with_a_corrupted_page_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    store = Store.open(path)
    for i in range(500):
        store.record_visit(ended_at=float(i), duration_s=1.0, reason="timeout", language="vi")
    store.close()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the header of the third page: a b-tree page of the visits table.
    for i in range(2 * page_size, 2 * page_size + 12):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    reopened = Store.open(path, clock=lambda: 99.0)
    try:
        assert not reopened.report.integrity_ok
        assert reopened.visit_count() == 0
    finally:
        reopened.close()


def test_a_store_from_a_newer_kiosk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer than this kiosk"):
        Store.open(path)
