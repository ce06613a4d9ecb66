"""The kiosk's backend store: replica rules, the full pass, outbox salvage after damage, the heartbeat."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.models import LicencePage, LicenceRecord
from kiosk_app.backend.service import BackendLink, LinkConfig, LinkProblem
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.settings import Settings


def ref(n: int) -> str:
    return hashlib.sha256(f"licence-{n}".encode()).hexdigest()


def record(n: int, seq: int, *, revoked: bool = False, until: date | None = None) -> LicenceRecord:
    return LicenceRecord(
        ref=ref(n),
        status="revoked" if revoked else "valid",
        valid_from=date(2025, 1, 1),
        seq=seq,
        valid_until=until,
    )


def page(*records: LicenceRecord, more: bool = False, cursor: str = "e1.1") -> LicencePage:
    return LicencePage(items=list(records), next_cursor=cursor, more=more)


def test_an_older_or_repeated_record_never_overwrites_a_newer_one(tmp_path: Path) -> None:
    store = BackendStore.open(tmp_path / "b.sqlite3")
    generation = store.start_full_pass().generation
    store.apply_page(page(record(1, 10, revoked=True)), generation, now=1.0)
    # The feed repeats an earlier state of the same licence (duplicate delivery): ignored.
    store.apply_page(page(record(1, 3), record(1, 10, revoked=True)), generation, now=2.0)
    found = store.licence(bytes.fromhex(ref(1)))
    assert found is not None and found.revoked
    store.apply_page(page(record(1, 11, until=date(2030, 1, 1))), generation, now=3.0)
    found = store.licence(bytes.fromhex(ref(1)))
    assert found is not None and not found.revoked and found.valid_until == date(2030, 1, 1)
    store.close()


def test_a_full_pass_drops_what_the_feed_no_longer_has_only_when_it_completes(tmp_path: Path) -> None:
    store = BackendStore.open(tmp_path / "b.sqlite3")
    first = store.start_full_pass().generation
    store.apply_page(page(record(1, 1), record(2, 2), record(3, 3)), first, now=1.0)
    assert store.licence_count() == 3 and store.licences_synced_at() == 1.0
    # The feed was rebuilt (410): a new pass sees 1 and 3 only.
    second = store.start_full_pass().generation
    store.apply_page(page(record(1, 5), more=True, cursor="e2.5"), second, now=2.0)
    assert store.licence_count() == 3  # mid-pass, nothing is dropped yet: the old data still serves
    assert store.licence_cursor().cursor == "e2.5" and store.licence_cursor().full_pass
    store.apply_page(page(record(3, 6), cursor="e2.6"), second, now=3.0)
    assert store.licence_count() == 2
    assert store.licence(bytes.fromhex(ref(2))) is None
    assert not store.licence_cursor().full_pass and store.licences_synced_at() == 3.0
    store.close()


@pytest.mark.expect_logs("failed its integrity check", "salvaged pending outbox rows")
def test_pending_outbox_rows_survive_a_damaged_store(tmp_path: Path) -> None:
    path = tmp_path / "backend.sqlite3"
    store = BackendStore.open(path)
    generation = store.start_full_pass().generation
    # Enough replica rows to fill many pages, then events to deliver.
    for start in range(0, 3000, 500):
        store.apply_page(page(*(record(n, n + 1) for n in range(start, start + 500))), generation, now=1.0)
    keys = [
        store.enqueue("rating", {"level": i % 3}, at=datetime(2026, 12, 2, tzinfo=UTC)) for i in range(40)
    ]
    store.close()
    # Damage the file where the replica lives (the middle), not its first page or the outbox.
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(data))
    with pytest.raises(sqlite3.DatabaseError):
        check = sqlite3.connect(path)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(result)
        finally:
            check.close()
    reopened = BackendStore.open(path)
    try:
        assert reopened.report.moved_aside is not None and not reopened.report.integrity_ok
        assert reopened.salvaged == len(keys)
        pending = reopened.due(now=10**12, limit=100)
        assert sorted(row.key for row in pending) == sorted(keys)
        assert reopened.licence_count() == 0  # the replica is refilled by the next sync
    finally:
        reopened.close()


def test_the_heartbeat_carries_device_health_and_the_backlog(
    backend_settings: Settings, backend_sim: RunningSimulator
) -> None:
    link = BackendLink(
        LinkConfig.from_settings(backend_settings),
        backend_settings.data_dir(),
        device_health=lambda: {"printer": "offline", "scanner": "ok"},
    )
    try:
        link.store.enqueue("telemetry", {"visits": 1}, at=datetime.now(UTC))
        link.store.enqueue("telemetry", {"visits": 2}, at=datetime.now(UTC))
        report = link.sync_once()
        assert report.errors == () and report.outbox_sent == 2 and report.outbox_pending == 0
    finally:
        link.close()
    db = sqlite3.connect(backend_sim.data_dir / "backend.sqlite3")
    try:
        body = json.loads(
            db.execute(
                "SELECT body FROM heartbeats WHERE kiosk_id = ?", (backend_settings.site.kiosk_id,)
            ).fetchone()[0]
        )
    finally:
        db.close()
    assert body["devices"] == {"printer": "offline", "scanner": "ok"}
    assert body["licence_data_as_of"] is not None
    assert body["outbox_pending"] == 0


def test_the_technician_sees_the_backends_state(backend_settings: Settings, settings: Settings) -> None:
    from kiosk_app.composition import build_services
    from kiosk_app.run_mode import RunMode
    from tests.conftest import SIMULATOR_LICENCES

    connected = build_services(backend_settings, RunMode.DEMO, configure_logging=False)
    try:
        before = connected.technician.facts()
        assert before.backend_problem is None and before.backend_online is None and before.licences == 0
        connected.backend.store.enqueue("telemetry", {"visits": 3}, at=datetime.now(UTC))
        assert connected.technician.facts().outbox_pending == 1
        connected.backend.sync_once()
        after = connected.technician.facts()
        assert after.backend_online is True
        assert after.licences == SIMULATOR_LICENCES and after.trusted_keys == 3
        assert after.licences_as_of is not None and after.outbox_pending == 0
    finally:
        connected.close()
    alone = build_services(settings, RunMode.DEMO, configure_logging=False)
    try:
        facts = alone.technician.facts()
        assert facts.backend_problem is not None and "credential" in facts.backend_problem
        assert facts.backend_problem_kind is LinkProblem.NO_CREDENTIAL
    finally:
        alone.close()
