"""The backend link survives SIGKILL: mid-page, mid-commit, between pages, mid-enqueue, mid-relay.

A child process (our own interpreter, the kiosk's own classes) syncs the
licence feed or fills and relays the outbox against a simulator of its own,
and is SIGKILLed at moments drawn from a seeded generator. After every kill
the kiosk's SQLite must pass its integrity check and hold no record the
cursor has not reached and no cursor ahead of its records; no event the
child had committed may be lost. After all the kills, one clean run must
leave the replica exactly equal to the simulator's licences, the cursor at
the simulator's last seq, and every committed event delivered exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kiosk_app.backend import simulator_process
from kiosk_app.backend.client import BackendClient, ClientSettings
from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.service import BackendLink, LinkConfig
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.backend.sync import SyncPeriods, SyncService

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
KIOSK, TOKEN = "kill-kiosk", "kill-test-kiosk-token-0123456789"
LICENCES = 1500
SEED = 20251202
SYNC_KILLS = 28
OUTBOX_KILLS = 24
PAGE_SIZES = (7, 25, 60, 250, 2000)  # small pages: many commits to land in; big ones: long commits
READY_TIMEOUT_S = 30.0

SYNC_CHILD = """
import json, sys, time
from pathlib import Path
from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.service import BackendLink, LinkConfig
from kiosk_app.backend.sync import SyncPeriods

url, token_file, kiosk_id, data_dir, page_size, slow = sys.argv[1:7]
set_state = BackendStore._set_state


def announced(db, name, value):
    # Inside a page's transaction, its records written, its cursor next: the parent may aim here.
    if name == "licences.cursor":
        sys.stdout.write(f"@cursor {value}\\n")
        sys.stdout.flush()
        if slow == "1":
            time.sleep(0.01)  # a slow SD card: the commit takes its time
    return set_state(db, name, value)


BackendStore._set_state = staticmethod(announced)
config = LinkConfig(
    url=url, token=Path(token_file).read_text().strip(), kiosk_id=kiosk_id, ca_file=None,
    timeout_s=5.0, deadline_s=30.0, periods=SyncPeriods(page_size=int(page_size)),
)
link = BackendLink(config, Path(data_dir))
sys.stdout.write("ready\\n")
sys.stdout.flush()
while True:
    report = link.sync_once()
    sys.stdout.write(json.dumps({**report.as_json(), "errors": list(report.errors)}) + "\\n")
    sys.stdout.flush()
"""

OUTBOX_CHILD = """
import asyncio, random, sys
from datetime import UTC, datetime
from pathlib import Path
from kiosk_app.backend.client import BackendClient, ClientSettings
from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.sync import SyncService

url, token_file, kiosk_id, data_dir, run, seed = sys.argv[1:7]
rng = random.Random(int(seed))
store = BackendStore.open(Path(data_dir) / "backend.sqlite3")
KINDS = ("ticket_issued", "rating", "telemetry")


async def main():
    client = BackendClient(ClientSettings(
        url=url, token=Path(token_file).read_text().strip(), kiosk_id=kiosk_id,
        timeout_s=5.0, deadline_s=30.0,
    ))
    relay = SyncService(client, store)
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    n = 0
    while True:
        for _ in range(rng.randint(1, 5)):
            key = f"kill-r{int(run):03d}-n{n:05d}"
            store.enqueue(KINDS[n % 3], {"run": int(run), "n": n}, at=datetime.now(UTC), key=key)
            # Said only once enqueue has returned, i.e. once the row has committed.
            sys.stdout.write(key + "\\n")
            sys.stdout.flush()
            n += 1
        await relay.relay_outbox(limit=rng.randint(1, 8))


asyncio.run(main())
"""


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[RunningSimulator]:
    running = simulator_process.start(tmp_path / "simulator", licences=LICENCES, kiosks={KIOSK: TOKEN})
    try:
        yield running
    finally:
        running.stop()


@dataclass
class Killed:
    lines: list[str]  # complete lines the child wrote before it died
    stderr: str


def _run_and_kill(
    script: str, args: list[str], folder: Path, delay_s: float, *, after_markers: int = 0
) -> Killed:
    """Start ``script`` in a child, wait for its ``ready``, let it work ``delay_s``, then SIGKILL it.

    With ``after_markers``, the ``delay_s`` starts once the child has written that many
    ``@`` lines (it announces what it is about to do), so the kill lands just inside it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out_path, err_path = folder / "stdout", folder / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=out, stderr=err, cwd=REPO)
        try:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not out_path.read_bytes().startswith(b"ready\n"):
                assert child.poll() is None, f"the child died on its own: {err_path.read_text()}"
                assert time.monotonic() < deadline, "the child never said it was ready"
                time.sleep(0.005)
            while after_markers and out_path.read_bytes().count(b"\n@") < after_markers:
                assert child.poll() is None, f"the child died on its own: {err_path.read_text()}"
                assert time.monotonic() < deadline, "the child never announced enough work"
                time.sleep(0.0005)
            time.sleep(delay_s)
            assert child.poll() is None, f"the child died before the kill: {err_path.read_text()}"
            child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=10) == -signal.SIGKILL
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    text = out_path.read_text(encoding="utf-8")
    complete = text[: text.rfind("\n") + 1] if "\n" in text else ""
    return Killed(complete.splitlines(), err_path.read_text(encoding="utf-8"))


def _sim_db(simulator: RunningSimulator) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(simulator.data_dir / "backend.sqlite3"))


def _sim_licences(simulator: RunningSimulator) -> dict[str, tuple[bool, str | None, str, str | None, int]]:
    """ref (hex) -> (revoked, valid_until, valid_from, revoked_at, seq), from the simulator's own file."""
    with _sim_db(simulator) as db:
        rows = db.execute(
            "SELECT ref, status, valid_until, valid_from, revoked_at, seq FROM licences"
        ).fetchall()
    return {r[0]: (r[1] == "revoked", r[2], r[3], r[4], int(r[5])) for r in rows}


def _replica(
    path: Path,
) -> tuple[dict[str, tuple[bool, str | None, str, str | None, int]], dict[str, int], dict[str, str]]:
    """The kiosk's replica as the simulator's shape, each record's generation, and its sync state."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        check = db.execute("PRAGMA integrity_check").fetchall()
        assert check == [("ok",)], f"the kiosk's store is damaged: {check}"
        rows = db.execute(
            "SELECT lower(hex(ref)), revoked, valid_until, valid_from, revoked_at, seq, generation FROM licences"
        ).fetchall()
        state = dict(db.execute("SELECT name, value FROM sync_state").fetchall())
    records = {r[0]: (bool(r[1]), r[2], r[3], r[4], int(r[5])) for r in rows}
    generations = {r[0]: int(r[6]) for r in rows}
    return records, generations, state


def _cursor_seq(cursor: str | None) -> int:
    if cursor is None:
        return 0
    head, _, tail = cursor.partition(".")
    assert head.startswith("e") and tail.isdigit(), cursor
    return int(tail)


def _bare(key: str) -> str:
    """The event's key as the kiosk sent it (the backend keeps it scoped to the kiosk: ``kiosk/key``)."""
    return key.removeprefix(f"{KIOSK}/")


def _stats(simulator: RunningSimulator) -> dict[str, object]:
    reply = httpx.get(f"{simulator.url}/_sim/stats", timeout=10)
    reply.raise_for_status()
    result: dict[str, object] = reply.json()
    return result


def _check_after_kill(replica_path: Path, simulator: RunningSimulator) -> tuple[bool, str | None]:
    """The killed child's replica is consistent; whether it was killed part way through the feed, and its cursor."""
    if not replica_path.exists():
        return True, None  # killed before its store was made
    records, generations, state = _replica(replica_path)
    cursor = state.get("licences.cursor")
    seq = _cursor_seq(cursor)
    full_pass = state.get("licences.full_pass") == "1"
    generation = int(state.get("licences.generation", "0"))
    # Records and the cursor after them commit together: nothing this pass saw lies past the cursor ...
    seen = [ref for ref in records if not full_pass or generations[ref] == generation]
    ahead = [ref for ref in seen if records[ref][4] > seq]
    assert not ahead, f"{len(ahead)} records lie past the cursor {cursor}"
    # ... and everything up to the cursor is there, exactly as the backend has it (churn waits for the kill).
    backend = _sim_licences(simulator)
    missing = [ref for ref, record in backend.items() if record[4] <= seq and records.get(ref) != record]
    assert not missing, f"{len(missing)} records up to the cursor {cursor} are missing or stale"
    if full_pass:
        stale = [
            ref for ref, record in backend.items() if record[4] <= seq and generations[ref] != generation
        ]
        assert not stale, f"{len(stale)} records the full pass saw are not marked seen"
    last_seq = max(record[4] for record in backend.values())
    return full_pass or seq < last_seq, cursor


def test_sigkill_during_licence_sync_never_corrupts_and_one_clean_sync_converges(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    data_dir = tmp_path / "kiosk"
    replica_path = data_dir / "backend.sqlite3"
    token_file = simulator.token_file(KIOSK)
    # A little latency on every call, so a page takes its time however fast the machine is.
    httpx.post(f"{simulator.url}/_sim/faults", json={"latency": 0.02}, timeout=10).raise_for_status()
    kills = mid_feed = mid_commit = 0
    for round_ in range(SYNC_KILLS):
        page_size = rng.choice(PAGE_SIZES)
        # Two rounds in three at a random moment; every third aimed at a page's commit (made slow).
        aimed = round_ % 3 == 2
        killed = _run_and_kill(
            SYNC_CHILD,
            [simulator.url, str(token_file), KIOSK, str(data_dir), str(page_size), str(int(aimed))],
            tmp_path / f"sync-{round_:02d}",
            rng.uniform(0.0, 0.006) if aimed else rng.uniform(0.0, 0.9),
            after_markers=rng.randint(1, 4) if aimed else 0,
        )
        kills += 1
        assert killed.lines[:1] == ["ready"], killed.stderr
        pages = [line.split()[1] for line in killed.lines if line.startswith("@cursor ")]
        for line in killed.lines[1:]:
            if not line.startswith("@"):
                report = json.loads(line)
                assert report["errors"] == [], report
        in_feed, cursor = _check_after_kill(replica_path, simulator)
        mid_feed += in_feed
        # The last cursor announced never committed: the kill came inside the page's transaction.
        mid_commit += bool(pages) and str(cursor) != pages[-1]
        # Changes for the next child to apply; now and then the feed is rebuilt (410: a full pass).
        churn = httpx.post(
            f"{simulator.url}/_sim/churn",
            json={"count": rng.randint(200, 800), "revoke_share": 0.3},
            timeout=10,
        )
        churn.raise_for_status()
        if round_ % 5 == 3:
            httpx.post(f"{simulator.url}/_sim/faults", json={"reset": True}, timeout=10).raise_for_status()
    assert kills == SYNC_KILLS
    # The kills were spread: many landed with the feed part way through, some inside a page's commit.
    assert mid_feed >= SYNC_KILLS // 3, f"only {mid_feed} of {kills} kills landed mid-feed"
    assert mid_commit >= 1, "no kill landed while a page was being written"
    httpx.post(f"{simulator.url}/_sim/faults", json={"latency": 0.0}, timeout=10).raise_for_status()

    link = BackendLink(
        LinkConfig(
            url=simulator.url,
            token=simulator.token(KIOSK),
            kiosk_id=KIOSK,
            ca_file=None,
            timeout_s=5.0,
            deadline_s=30.0,
            periods=SyncPeriods(page_size=500),
        ),
        data_dir,
    )
    try:
        assert link.store.report.integrity_ok and link.store.report.moved_aside is None
        report = link.sync_once()
        final = link.store.licence_cursor()
        synced_at = link.store.licences_synced_at()
    finally:
        link.close()
    assert report.errors == ()
    stats = _stats(simulator)
    assert final.cursor == f"e{stats['epoch']}.{stats['seq']}"
    assert not final.full_pass
    assert synced_at is not None
    records, _, _ = _replica(replica_path)
    backend = _sim_licences(simulator)
    assert len(backend) == LICENCES
    assert records.keys() == backend.keys()
    differing = [ref for ref in backend if records[ref] != backend[ref]]
    assert not differing, (
        f"{len(differing)} records differ, e.g. {records[differing[0]]} != {backend[differing[0]]}"
    )


def test_sigkill_during_enqueue_and_relay_loses_no_event_and_delivers_each_once(
    simulator: RunningSimulator, tmp_path: Path
) -> None:
    rng = random.Random(SEED + 1)
    data_dir = tmp_path / "kiosk"
    store_path = data_dir / "backend.sqlite3"
    token_file = simulator.token_file(KIOSK)
    reported: dict[str, tuple[int, int]] = {}  # key -> (run, n), said only after the enqueue committed
    last_n: dict[int, int] = {}
    in_flight: set[str] = set()  # delivered, but the kill came before the kiosk struck them off
    kills = 0
    for run in range(OUTBOX_KILLS):
        killed = _run_and_kill(
            OUTBOX_CHILD,
            [simulator.url, str(token_file), KIOSK, str(data_dir), str(run), str(rng.randrange(1 << 30))],
            tmp_path / f"outbox-{run:02d}",
            rng.uniform(0.0, 0.7),
        )
        kills += 1
        assert killed.lines[:1] == ["ready"], killed.stderr
        for key in killed.lines[1:]:
            n = int(key.rsplit("-n", 1)[1])
            reported[key] = (run, n)
            last_n[run] = n
        if not store_path.exists():
            continue
        with contextlib.closing(sqlite3.connect(store_path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            pending = {str(r[0]) for r in db.execute("SELECT key FROM outbox WHERE dead = 0")}
            dead = db.execute("SELECT COUNT(*) FROM outbox WHERE dead = 1").fetchone()[0]
        with _sim_db(simulator) as sim:
            delivered = {_bare(str(r[0])) for r in sim.execute("SELECT key FROM events")}
        assert dead == 0
        # At every kill, each committed event is either still queued or already at the backend.
        lost = [key for key in reported if key not in pending and key not in delivered]
        assert not lost, f"events the kiosk had committed are gone: {lost[:5]}"
        in_flight |= pending & delivered
    assert kills == OUTBOX_KILLS
    assert len(reported) > OUTBOX_KILLS, "the children barely enqueued anything"
    assert in_flight, "no kill landed between the backend taking an event and the kiosk striking it off"

    # One clean relay.
    store = BackendStore.open(store_path)
    try:
        assert store.report.integrity_ok and store.report.moved_aside is None
        client = BackendClient(
            ClientSettings(url=simulator.url, token=simulator.token(KIOSK), kiosk_id=KIOSK, timeout_s=5.0)
        )
        relay = SyncService(client, store)

        async def relay_all() -> int:
            try:
                return await relay.relay_outbox(limit=100_000)
            finally:
                await client.close()

        asyncio.run(relay_all())
        assert store.outbox_counts() == (0, 0)
    finally:
        store.close()

    with _sim_db(simulator) as sim:
        event_rows = sim.execute("SELECT key, kind, data FROM events").fetchall()
        delivery_rows = sim.execute(
            "SELECT key, deliveries FROM idempotency WHERE operation = 'event'"
        ).fetchall()
    events = {_bare(str(r[0])): (str(r[1]), json.loads(r[2])) for r in event_rows}
    deliveries = {_bare(str(r[0])): int(r[1]) for r in delivery_rows}
    assert len(events) == len(event_rows) and len(deliveries) == len(delivery_rows)
    missing = [key for key in reported if key not in events]
    assert not missing, f"committed events never reached the backend: {missing[:5]}"
    kinds = ("ticket_issued", "rating", "telemetry")
    for key, (kind, data) in events.items():
        run, n = data["run"], data["n"]
        assert key == f"kill-r{run:03d}-n{n:05d}" and kind == kinds[n % 3], (key, kind, data)
        # Only committed rows go out: reported ones, or the one a kill caught between commit and print.
        assert key in reported or n == last_n.get(run, -1) + 1, f"{key} was never enqueued"
    # Exactly once: one event and one idempotency record per key, however often it was delivered.
    assert deliveries.keys() == events.keys()
    stats = _stats(simulator)
    idempotency = stats["idempotency"]
    assert isinstance(idempotency, dict)
    assert stats["events"] == len(events) == idempotency["event"]["keys"]
    assert idempotency["event"]["deliveries"] == sum(deliveries.values())
    # A row the backend had taken but the kiosk had not struck off was sent again, and still counted once.
    assert all(deliveries[key] >= 2 for key in in_flight), "a delivered-but-unconfirmed event was not resent"
