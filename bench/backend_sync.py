"""The backend link at city scale: 100,000 licences from the simulator process on 127.0.0.1.

One simulator (``python -m backend_simulator``, plain HTTP on loopback) with
100,000 seeded licences, and a second with 20,000 for the memory comparison.
Every figure has a baseline measured in the same run, because the machine is
noisy; the ratios are what to compare between runs:

1. full sync of 100,000 records into a fresh ``BackendStore``
   (``SyncService.sync_licences()``, page size 1,000) versus the floor: the
   same pages fetched with a plain ``httpx`` client and thrown away, plus the
   same 100,000 rows inserted into a fresh table of the same shape in one
   transaction (target: within 3x); medians over a few runs. Also timed:
   the same sync with the contract's largest page (5,000), and where a page's
   time goes (feed call, typed decode, upsert, generation UPDATE, commit);
2. peak resident memory gained during a full sync, in a child process, for
   20,000 and 100,000 records, against the size of one page (target: it does
   not grow with the number of records);
3. an incremental sync of 1,000 changed licences (``/_sim/churn``), and its
   cost per record against the full sync's;
4. licence lookup p95 (``BackendStore.licence``) against a bare SQLite
   primary-key SELECT; licence verify p95 (``check_licence``) against a bare
   Ed25519 verify with ``cryptography`` (and against a hand-written minimal
   pipeline: Base45, zlib, CBOR, verify, one SELECT);
5. outbox throughput: enqueue (``synchronous=FULL``) against bare SQLite
   inserts with the same durability, relay against plain ``httpx`` POSTs to
   ``/v1/events``, and the relay's own cost per event (its time minus the
   POSTs', so the simulator's per-request latency, which both pay, drops out;
   that latency is reported too: ``simulator_small_reply_ms``);
6. the GUI event loop (offscreen Qt, a 5 ms QTimer) while a full sync runs
   on the network thread: the longest gap between ticks against the longest
   gap with no sync, and while the floor's fetch and insert run on a plain
   thread (budget: one frame, 16.7 ms); and, with the real
   ``BackendLink.start_background()``, how long the GUI thread waits when it
   reads ``freshness()`` or looks a licence up during the sync;
7. the GUI event loop while the backend misbehaves: for each of the
   simulator's fault switches (``/_sim/faults``: latency past the client's
   deadline, 5xx, hung requests, dropped connections, malformed JSON, the
   wrong content type, duplicated feed records, a feed reset), the real
   ``BackendLink.start_background()`` with short periods and a short client
   timeout while each 5 ms tick reads ``freshness()`` and checks a signed
   licence (``check_licence``, served from the store): the longest gap
   against an idle loop's in the same run, gaps over a frame, the longest
   GUI-thread read, whether every check still answered, and, once the fault
   is switched off, how long the kiosk takes to be back online and caught up
   with the feed by itself.

python -m bench.backend_sync            about 2-3 minutes
python -m bench.backend_sync --quick    fewer repetitions
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gc
import itertools
import json
import os
import random
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import base45
import cbor2
import httpx
import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pycose.headers import KID

from bench.common import ROOT, percentile, python, save
from kiosk_app.backend import models, simulator_process
from kiosk_app.backend.client import BackendClient, ClientSettings
from kiosk_app.backend.licences import Standing, check_licence, licence_ref, unpack
from kiosk_app.backend.local import MIGRATIONS, BackendStore
from kiosk_app.backend.service import BackendLink, LinkConfig
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.backend.sync import SyncPeriods, SyncService
from kiosk_app.store import OpenReport

KIOSK = "bench-kiosk"
LICENCES = 100_000
SMALL = 20_000
PAGE = SyncPeriods().page_size  # the default the kiosk ships with
CHURN = 1000
FRAME_MS = 1000 / 60
TICK_MS = 5
LICENCES_DDL = MIGRATIONS[0][0]
OUTBOX_DDL = MIGRATIONS[0][3]
FEED = "/v1/licences/changes"


@dataclass(frozen=True)
class Plan:
    full_runs: int
    incremental_runs: int
    lookups: int
    verify_rounds: int
    events: int
    idle_s: float
    # How long each fault stays on in measurement 7: at least a period (1 s, +20% jitter) plus the
    # client's deadline (1.5 s), or a hanging backend is not noticed before the fault is off again.
    fault_s: float


FULL = Plan(
    full_runs=5, incremental_runs=5, lookups=5000, verify_rounds=40, events=500, idle_s=3.0, fault_s=3.0
)
QUICK = Plan(
    full_runs=2, incremental_runs=3, lookups=2000, verify_rounds=15, events=200, idle_s=2.0, fault_s=3.0
)


# --- pieces every measurement shares ----------------------------------------------------
@dataclass(frozen=True)
class Backend:
    sim: RunningSimulator
    token: str
    licences: int

    @property
    def url(self) -> str:
        return self.sim.url

    def settings(self) -> ClientSettings:
        return ClientSettings(url=self.url, token=self.token, kiosk_id=KIOSK)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        with httpx.Client(base_url=self.url, trust_env=False, timeout=60) as http:
            response = http.request(method, path, json=body)
            response.raise_for_status()
            return response.json()


@contextlib.contextmanager
def simulator(folder: Path, licences: int) -> Iterator[Backend]:
    token = secrets.token_urlsafe(24)
    started = time.perf_counter()
    sim = simulator_process.start(folder, licences=licences, kiosks={KIOSK: token})
    print(
        f"  simulator with {licences:,} licences ready in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    try:
        yield Backend(sim, token, licences)
    finally:
        sim.stop()


class TimedClient(BackendClient):
    """The kiosk's client, adding up the time spent in feed calls (request, transfer, typed decode)."""

    fetch_s = 0.0

    async def licence_changes(self, cursor: str | None, *, limit: int = 1000) -> models.LicencePage:
        started = time.perf_counter()
        try:
            return await super().licence_changes(cursor, limit=limit)
        finally:
            self.fetch_s += time.perf_counter() - started


class TimedStore(BackendStore):
    """The kiosk's store, adding up the time in ``apply_page`` and calling ``on_page`` after each page."""

    def __init__(self, connection: sqlite3.Connection, report: OpenReport, salvaged: int) -> None:
        super().__init__(connection, report, salvaged)
        self.apply_s = 0.0
        self.page_s: list[float] = []
        self.applied = 0
        self.on_page: Callable[[int], None] | None = None

    def apply_page(self, page: models.LicencePage, generation: int, *, now: float) -> int:
        started = time.perf_counter()
        count = super().apply_page(page, generation, now=now)
        self.page_s.append(time.perf_counter() - started)
        self.apply_s += self.page_s[-1]
        self.applied += count
        if self.on_page is not None:
            self.on_page(self.applied)
        return count


def open_timed_store(folder: Path) -> TimedStore:
    store = TimedStore.open(folder / "backend.sqlite3")
    assert isinstance(store, TimedStore)
    return store


Row = tuple[bytes, int, str, str | None, str | None, int, int]  # the replica's columns, in order


def sim_rows(backend: Backend) -> list[Row]:
    """Every licence as the kiosk's table holds it, read straight from the simulator's file."""
    db = sqlite3.connect(f"file:{backend.sim.data_dir / 'backend.sqlite3'}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT ref, status, valid_from, valid_until, revoked_at, seq FROM licences ORDER BY seq"
        ).fetchall()
    finally:
        db.close()
    return [(bytes.fromhex(r[0]), int(r[1] == "revoked"), r[2], r[3], r[4], r[5], 1) for r in rows]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def ratio(ours: float, base: float) -> float:
    return round(ours / base, 2) if base > 0 else float("inf")


class GcPauses:
    """The longest garbage collection (any thread: it holds the GIL) and how many were full ones."""

    def __init__(self) -> None:
        self.longest_s = 0.0
        self.full = 0
        self.collections = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.longest_s = max(self.longest_s, time.perf_counter() - self._started)
        self.full += info["generation"] == 2
        self.collections += 1

    @contextlib.contextmanager
    def watching(self) -> Iterator[GcPauses]:
        gc.callbacks.append(self)
        try:
            yield self
        finally:
            gc.callbacks.remove(self)


# --- 1. full sync against the floor -------------------------------------------------------
class PageTail(msgspec.Struct):
    """All the plain fetcher reads of a page: how many items, and where to go next."""

    items: list[msgspec.Raw]
    next_cursor: str
    more: bool


async def plain_fetch(backend: Backend) -> tuple[float, int, int]:
    """Seconds to follow the feed with a bare httpx client; records and bytes seen."""
    async with httpx.AsyncClient(base_url=backend.url, headers=backend.headers(), trust_env=False) as http:
        started = time.perf_counter()
        cursor: str | None = None
        records = size = 0
        while True:
            params = {"limit": str(PAGE)}
            if cursor:
                params["cursor"] = cursor
            response = await http.get(FEED, params=params)
            response.raise_for_status()
            tail = msgspec.json.decode(response.content, type=PageTail)
            records += len(tail.items)
            size += len(response.content)
            cursor = tail.next_cursor
            if not tail.more:
                break
        return time.perf_counter() - started, records, size


def plain_insert(folder: Path, rows: list[Row]) -> float:
    """Seconds to insert ``rows`` into a fresh table of the replica's shape, one transaction, same pragmas."""
    db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute(LICENCES_DDL)
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO licences VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        db.close()


@dataclass
class FullSync:
    seconds: float
    records: int
    fetch_s: float
    apply_s: float
    page_s: list[float]


async def kiosk_full_sync(backend: Backend, store: TimedStore, page_size: int = PAGE) -> FullSync:
    client = TimedClient(backend.settings())
    try:
        sync = SyncService(client, store, periods=SyncPeriods(page_size=page_size))
        started = time.perf_counter()
        records = await sync.sync_licences()
        seconds = time.perf_counter() - started
        await sync.refresh_keys()  # for the verify measurement; not timed
    finally:
        await client.close()
    return FullSync(seconds, records, client.fetch_s, store.apply_s, store.page_s)


def measure_full_sync(backend: Backend, work: Path, runs: int) -> tuple[dict[str, Any], Path]:
    """The kiosk's sync (default pages, and the contract's largest, 5,000), and the floor, alternating."""
    rows = sim_rows(backend)
    assert len(rows) == backend.licences
    syncs: list[FullSync] = []
    big_pages: list[FullSync] = []
    fetches: list[float] = []
    inserts: list[float] = []
    feed_bytes = 0
    kept = work / "full-0"
    for run in range(runs):
        folder = work / f"full-{run}"

        def ours(folder: Path = folder) -> None:
            folder.mkdir()
            store = open_timed_store(folder)
            try:
                syncs.append(asyncio.run(kiosk_full_sync(backend, store)))
            finally:
                store.close()

        def ours_5000(folder: Path = work / f"full5000-{run}") -> None:
            folder.mkdir()
            store = open_timed_store(folder)
            try:
                big_pages.append(asyncio.run(kiosk_full_sync(backend, store, 5000)))
            finally:
                store.close()

        def floor(floor_dir: Path = work / f"floor-{run}") -> None:
            nonlocal feed_bytes
            floor_dir.mkdir()
            seconds, records, feed_bytes = asyncio.run(plain_fetch(backend))
            assert records == backend.licences, records
            fetches.append(seconds)
            inserts.append(plain_insert(floor_dir, rows))

        # Rotate the order, so a drift in the machine's speed falls on all three.
        steps = [ours, floor, ours_5000]
        for step in steps[run % 3 :] + steps[: run % 3]:
            gc.collect()
            step()
        assert syncs[-1].records == big_pages[-1].records == backend.licences
        kept = folder
        print(
            f"  full sync {run + 1}/{runs}: kiosk {syncs[-1].seconds:.2f} s "
            f"(5,000 a page: {big_pages[-1].seconds:.2f} s), floor {fetches[-1]:.2f} + {inserts[-1]:.2f} s",
            file=sys.stderr,
        )
    sync_s = statistics.median(s.seconds for s in syncs)
    floor_s = statistics.median(f + i for f, i in zip(fetches, inserts, strict=True))
    per_run = [s.seconds / (f + i) for s, f, i in zip(syncs, fetches, inserts, strict=True)]
    per_run_5000 = [s.seconds / (f + i) for s, f, i in zip(big_pages, fetches, inserts, strict=True)]
    first = [t for s in syncs for t in s.page_s[:10]]
    last = [t for s in syncs for t in s.page_s[-10:]]
    figures = {
        "full_sync_s": round(sync_s, 3),
        "full_sync_records": backend.licences,
        "full_sync_records_per_s": round(backend.licences / sync_s),
        "full_sync_in_feed_calls_s": round(statistics.median(s.fetch_s for s in syncs), 3),
        "full_sync_in_apply_page_s": round(statistics.median(s.apply_s for s in syncs), 3),
        "apply_page_first_10_median_ms": ms(statistics.median(first)),
        "apply_page_last_10_median_ms": ms(statistics.median(last)),
        "floor_fetch_s": round(statistics.median(fetches), 3),
        "floor_insert_s": round(statistics.median(inserts), 3),
        "floor_s": round(floor_s, 3),
        "full_sync_ratio": round(statistics.median(per_run), 2),
        "full_sync_ratio_runs": [round(r, 2) for r in per_run],
        "full_sync_target_ratio": 3.0,
        "full_sync_5000_page_s": round(statistics.median(s.seconds for s in big_pages), 3),
        "full_sync_5000_page_in_apply_page_s": round(statistics.median(s.apply_s for s in big_pages), 3),
        "full_sync_5000_page_ratio": round(statistics.median(per_run_5000), 2),
        "feed_bytes": feed_bytes,
        "page_size": PAGE,
    }
    figures.update(breakdown(backend, work, rows))
    return figures, kept


def breakdown(backend: Backend, work: Path, rows: list[Row]) -> dict[str, Any]:
    """Where a page's time goes: typed decode, the two statements ``apply_page`` runs, its commit."""
    body = httpx.get(
        backend.url + FEED, params={"limit": str(PAGE)}, headers=backend.headers(), trust_env=False
    ).content
    decode_times = []
    for _ in range(20):
        started = time.perf_counter()
        models.decode(body, models.LicencePage)
        decode_times.append(time.perf_counter() - started)
    db = sqlite3.connect(work / "breakdown.sqlite3", isolation_level=None)
    upsert_s = update_s = commit_s = 0.0
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute(LICENCES_DDL)
        for start in range(0, len(rows), PAGE):
            page = rows[start : start + PAGE]
            db.execute("BEGIN IMMEDIATE")
            started = time.perf_counter()
            db.executemany(
                "INSERT INTO licences (ref, revoked, valid_from, valid_until, revoked_at, seq, generation) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET "
                "revoked = excluded.revoked, valid_from = excluded.valid_from, "
                "valid_until = excluded.valid_until, revoked_at = excluded.revoked_at, seq = excluded.seq, "
                "generation = excluded.generation WHERE excluded.seq >= licences.seq",
                page,
            )
            middle = time.perf_counter()
            db.executemany(
                "UPDATE licences SET generation = ? WHERE ref = ? AND generation < ?",
                [(1, row[0], 1) for row in page],
            )
            upsert_s += middle - started
            update_s += time.perf_counter() - middle
            started = time.perf_counter()
            db.execute("COMMIT")
            commit_s += time.perf_counter() - started
    finally:
        db.close()
    pages = len(rows) / PAGE
    return {
        "page_json_bytes": len(body),
        "page_typed_decode_ms": ms(statistics.median(decode_times)),
        "all_pages_typed_decode_s": round(statistics.median(decode_times) * pages, 3),
        "all_pages_upsert_s": round(upsert_s, 3),
        "all_pages_generation_update_s": round(update_s, 3),
        "all_pages_commit_s": round(commit_s, 3),
    }


# --- 2. memory: a child process per feed size --------------------------------------------
def status_kb(name: str) -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {name} in /proc/self/status")


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+), so the peak is the sync's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


class RssSampler(threading.Thread):
    """The highest VmRSS seen, read every 2 ms (a check on VmHWM, or the figure where it cannot reset)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = status_kb("VmRSS")
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, status_kb("VmRSS"))
            self._stop_event.wait(0.002)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kb


def memory_child(url: str, token: str, expected: int) -> dict[str, Any]:
    """In its own process: a full sync into a fresh store, its resident memory before, during, after."""
    backend_settings = ClientSettings(url=url, token=token, kiosk_id=KIOSK)
    with tempfile.TemporaryDirectory() as temporary:
        store = open_timed_store(Path(temporary))
        points: list[tuple[int, int, int]] = []

        async def run() -> dict[str, Any]:
            client = BackendClient(backend_settings)
            sync = SyncService(client, store)
            # Warm-up: imports, the connection, msgspec's decoder, the thread pool; nothing stored.
            await client.licence_changes(None, limit=PAGE)
            await asyncio.to_thread(store.licence_count)
            gc.collect()
            base = status_kb("VmRSS")
            hwm_reset = reset_peak()
            sampler = RssSampler()
            sampler.start()
            store.on_page = lambda records: points.append((records, status_kb("VmRSS"), sampler.peak_kb))
            records = await sync.sync_licences()
            sampled = sampler.stop()
            hwm = status_kb("VmHWM")
            await client.close()
            assert records == expected, records
            peak = max(sampled, hwm) if hwm_reset else sampled
            return {
                "records": records,
                "rss_before_mb": round(base / 1024, 2),
                "peak_growth_mb": round((peak - base) / 1024, 2),
                "end_growth_mb": round((status_kb("VmRSS") - base) / 1024, 2),
                "hwm_reset": hwm_reset,
                "growth_mb_at": {str(n): round((rss - base) / 1024, 2) for n, rss, _ in points},
                "peak_growth_mb_at": {str(n): round((peak - base) / 1024, 2) for n, _, peak in points},
            }

        try:
            return asyncio.run(run())
        finally:
            store.close()


def run_memory_child(backend: Backend) -> dict[str, Any]:
    result = subprocess.run(
        [
            python(),
            "-m",
            "bench.backend_sync",
            "--memory-child",
            backend.url,
            backend.token,
            str(backend.licences),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def page_memory(backend: Backend) -> dict[str, Any]:
    """What one page weighs: its JSON, and the typed page plus the rows ``apply_page`` builds from it."""
    body = httpx.get(
        backend.url + FEED, params={"limit": str(PAGE)}, headers=backend.headers(), trust_env=False
    ).content
    gc.collect()
    tracemalloc.start()
    page = models.decode(body, models.LicencePage)
    decoded = tracemalloc.get_traced_memory()[0]
    rows = [
        (bytes.fromhex(i.ref), int(i.status == "revoked"), i.valid_from.isoformat(), i.seq)
        for i in page.items
    ]
    with_rows = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del rows
    return {
        "page_json_kb": round(len(body) / 1024, 1),
        "page_in_memory_kb": round((decoded + with_rows) / 1024, 1),
    }


def measure_memory(big: Backend, small: Backend) -> dict[str, Any]:
    one_page = page_memory(big)
    runs = {b.licences: run_memory_child(b) for b in (small, big)}
    large, little = runs[big.licences], runs[small.licences]
    page_mb = (one_page["page_json_kb"] + one_page["page_in_memory_kb"]) / 1024
    # The same 100,000 run, stopped at 20,000: does the peak keep rising as records go by?
    at_small = large["peak_growth_mb_at"].get(str(SMALL))
    per_1000 = (large["peak_growth_mb"] - little["peak_growth_mb"]) / ((big.licences - small.licences) / 1000)
    return {
        **one_page,
        "memory_peak_growth_mb_100k": large["peak_growth_mb"],
        "memory_peak_growth_mb_20k": little["peak_growth_mb"],
        "memory_peak_growth_mb_100k_run_at_20k": at_small,
        "memory_end_growth_mb_100k": large["end_growth_mb"],
        "memory_growth_100k_over_20k": ratio(large["peak_growth_mb"], little["peak_growth_mb"]),
        "memory_growth_mb_per_1000_records": round(per_1000, 3),
        "memory_peak_growth_in_pages": round(large["peak_growth_mb"] / page_mb, 1),
        "memory_rss_before_mb": large["rss_before_mb"],
        "memory_hwm_reset": large["hwm_reset"] and little["hwm_reset"],
        "memory_growth_curve_100k_mb": {
            k: v for k, v in large["growth_mb_at"].items() if int(k) % 10_000 == 0 or int(k) == big.licences
        },
    }


# --- 3. incremental sync ------------------------------------------------------------------
def measure_incremental(backend: Backend, folder: Path, runs: int, full_s: float) -> dict[str, Any]:
    store = open_timed_store(folder)
    times: list[float] = []
    try:

        async def once() -> tuple[float, int]:
            client = BackendClient(backend.settings())
            try:
                sync = SyncService(client, store)
                started = time.perf_counter()
                records = await sync.sync_licences()
                return time.perf_counter() - started, records
            finally:
                await client.close()

        assert asyncio.run(once())[1] == 0  # caught up: nothing new
        for _ in range(runs):
            changed = backend.control("POST", "/_sim/churn", {"count": CHURN})
            assert changed["changed"] == CHURN, changed
            seconds, records = asyncio.run(once())
            assert records == CHURN, records
            times.append(seconds)
        assert store.licence_count() == backend.licences
    finally:
        store.close()
    median = statistics.median(times)
    per_record = median / CHURN
    full_per_record = full_s / backend.licences
    return {
        "incremental_1000_ms": ms(median),
        "incremental_1000_runs_ms": [ms(t) for t in times],
        "incremental_per_record_us": round(per_record * 1e6, 2),
        "full_sync_per_record_us": round(full_per_record * 1e6, 2),
        "incremental_per_record_ratio": ratio(per_record, full_per_record),
    }


# --- 4. lookup and verify -----------------------------------------------------------------
def measure_lookup(backend: Backend, folder: Path, samples: int) -> dict[str, Any]:
    refs = [r[0] for r in random.Random(7).sample(sim_rows(backend), samples)]
    store = BackendStore.open(folder / "backend.sqlite3")
    bare = sqlite3.connect(folder / "backend.sqlite3", isolation_level=None)
    query = "SELECT revoked, valid_from, valid_until, revoked_at FROM licences WHERE ref = ?"
    ours: list[float] = []
    plain: list[float] = []
    try:
        for ref in refs[:500]:  # warm both connections' caches
            store.licence(ref)
            bare.execute(query, (ref,)).fetchone()
        for index, ref in enumerate(refs):
            for which in (0, 1) if index % 2 == 0 else (1, 0):
                started = time.perf_counter()
                if which == 0:
                    found = store.licence(ref) is not None
                else:
                    found = bare.execute(query, (ref,)).fetchone() is not None
                elapsed = time.perf_counter() - started
                assert found
                (ours if which == 0 else plain).append(elapsed)
    finally:
        bare.close()
        store.close()
    return {
        "lookup_p50_us": round(percentile(ours, 0.5) * 1e6, 1),
        "lookup_p95_us": round(percentile(ours, 0.95) * 1e6, 1),
        "bare_select_p95_us": round(percentile(plain, 0.95) * 1e6, 1),
        "lookup_ratio": ratio(percentile(ours, 0.95), percentile(plain, 0.95)),
        "lookups": len(ours),
    }


@dataclass
class Sample:
    state: str
    payload: str
    public_key: bytes = b""
    signature: bytes = b""
    signed_bytes: bytes = b""
    ref: bytes = b""


def sample_payloads(backend: Backend, per_state: int) -> list[Sample]:
    return [
        Sample(
            state, simulator_process.sample_licence(backend.sim.data_dir, state, index=i, licences=LICENCES)
        )
        for state in ("valid", "revoked", "expired")
        for i in range(per_state)
    ]


def prepare(sample: Sample, store: BackendStore) -> None:
    """What the bare baselines need, taken apart before the clock starts."""
    message = unpack(sample.payload)
    key = store.trusted_key(base64.b64encode(message.phdr[KID]).decode())
    assert key is not None
    sample.public_key = key.public_key
    sample.signature = bytes(message.signature)
    sample.signed_bytes = bytes(message._create_sig_structure())
    claims = cbor2.loads(message.payload or b"")
    sample.ref = licence_ref(claims[-70001]["id"])


def minimal_check(sample: Sample, db: sqlite3.Connection) -> bool:
    """The least a verifier must do: Base45, inflate, CBOR, verify the signature, one lookup."""
    raw = zlib.decompress(base45.b45decode(sample.payload[len("GPDT1:") :]))
    value = cbor2.loads(raw)
    cose = value.value if isinstance(value, cbor2.CBORTag) else value
    protected, _, payload, signature = cose
    signed = cbor2.dumps(["Signature1", protected, b"", payload])
    Ed25519PublicKey.from_public_bytes(sample.public_key).verify(signature, signed)
    claims = cbor2.loads(payload)
    ref = licence_ref(claims[-70001]["id"])
    return db.execute("SELECT revoked FROM licences WHERE ref = ?", (ref,)).fetchone() is not None


def measure_verify(samples: list[Sample], folder: Path, rounds: int) -> dict[str, Any]:
    store = BackendStore.open(folder / "backend.sqlite3")
    db = sqlite3.connect(folder / "backend.sqlite3", isolation_level=None)
    ours: list[float] = []
    bare: list[float] = []
    minimal: list[float] = []
    without_gc: list[float] = []  # the checks no garbage collection ran during
    verdicts: dict[str, set[str]] = {}
    pauses = GcPauses()
    try:
        for sample in samples:
            prepare(sample, store)
            check = check_licence(sample.payload, store)
            assert check.signature_valid, check.detail
            verdicts.setdefault(sample.state, set()).add(check.standing.value if check.standing else "?")
        for _ in range(rounds):
            for sample in samples:
                with pauses.watching():
                    started = time.perf_counter()
                    check_licence(sample.payload, store)
                    ours.append(time.perf_counter() - started)
                if not pauses.collections:
                    without_gc.append(ours[-1])
                pauses.collections = 0
                started = time.perf_counter()
                Ed25519PublicKey.from_public_bytes(sample.public_key).verify(
                    sample.signature, sample.signed_bytes
                )
                bare.append(time.perf_counter() - started)
                started = time.perf_counter()
                assert minimal_check(sample, db)
                minimal.append(time.perf_counter() - started)
    finally:
        db.close()
        store.close()
    wrong = {state: sorted(seen) for state, seen in verdicts.items() if seen != {Standing(state).value}}
    return {
        "verify_p50_ms": ms(percentile(ours, 0.5)),
        "verify_p95_ms": ms(percentile(ours, 0.95)),
        "bare_ed25519_verify_p95_ms": ms(percentile(bare, 0.95)),
        "verify_ratio": ratio(percentile(ours, 0.95), percentile(bare, 0.95)),
        "minimal_pipeline_p95_ms": ms(percentile(minimal, 0.95)),
        "verify_over_minimal_pipeline": ratio(percentile(ours, 0.95), percentile(minimal, 0.95)),
        "minimal_pipeline_p50_ms": ms(percentile(minimal, 0.5)),
        "verify_over_minimal_pipeline_p50": ratio(percentile(ours, 0.5), percentile(minimal, 0.5)),
        "verify_p95_ms_without_gc": ms(percentile(without_gc, 0.95)),
        "verify_checks_with_gc": len(ours) - len(without_gc),
        "verify_longest_gc_ms": ms(pauses.longest_s),
        "verify_full_collections": pauses.full,
        "verify_payloads": len(samples),
        "verify_checks": len(ours),
        "verify_verdicts_as_expected": not wrong,
        "verify_wrong_verdicts": wrong,
    }


# --- 5. outbox ----------------------------------------------------------------------------
def event_body(n: int) -> bytes:
    return msgspec.json.encode(
        {"kind": "telemetry", "at": datetime.now(UTC).isoformat(), "data": {"screen": "home", "n": n}}
    )


def measure_outbox(backend: Backend, work: Path, count: int) -> dict[str, Any]:
    folder = work / "outbox"
    folder.mkdir()
    store = BackendStore.open(folder / "backend.sqlite3")
    bare = bare_outbox(work / "outbox-floor")
    before = int(backend.control("GET", "/_sim/stats")["events"])
    enqueue_s = bare_insert_s = 0.0
    try:
        # In blocks of 50, alternating, so both see the same disk.
        for block in range(0, count, 50):
            numbers = range(block, min(count, block + 50))
            started = time.perf_counter()
            for n in numbers:
                store.enqueue("telemetry", {"screen": "home", "n": n}, at=datetime.now(UTC))
            enqueue_s += time.perf_counter() - started
            started = time.perf_counter()
            for n in numbers:
                bare_insert(bare, n)
            bare_insert_s += time.perf_counter() - started

        async def relay() -> tuple[float, int]:
            client = BackendClient(backend.settings())
            try:
                sync = SyncService(client, store)
                started = time.perf_counter()
                sent = await sync.relay_outbox(limit=count)
                return time.perf_counter() - started, sent
            finally:
                await client.close()

        relay_s, sent = asyncio.run(relay())
        assert sent == count and store.outbox_counts() == (0, 0), (sent, store.outbox_counts())
    finally:
        bare.close()
        store.close()
    relayed = int(backend.control("GET", "/_sim/stats")["events"])
    post_s = asyncio.run(plain_posts(backend, count))
    after = int(backend.control("GET", "/_sim/stats")["events"])
    return {
        "enqueue_events_per_s": round(count / enqueue_s),
        "bare_insert_events_per_s": round(count / bare_insert_s),
        "enqueue_ratio": ratio(enqueue_s, bare_insert_s),
        "relay_events_per_s": round(count / relay_s),
        "plain_post_events_per_s": round(count / post_s),
        "relay_ratio": ratio(relay_s, post_s),
        # Independent of the simulator's own latency, which both pay per request.
        "relay_overhead_ms_per_event": ms((relay_s - post_s) / count),
        "outbox_events": count,
        "simulator_received_all": relayed - before == count and after - relayed == count,
    }


def bare_outbox(folder: Path) -> sqlite3.Connection:
    """A fresh outbox table of the store's shape, WAL and synchronous=FULL like the store."""
    folder.mkdir()
    db = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(OUTBOX_DDL)
    return db


def bare_insert(db: sqlite3.Connection, n: int) -> None:
    """One event the least a durable outbox can: a key, the JSON body, one committed row."""
    body = event_body(n)
    db.execute("BEGIN IMMEDIATE")
    db.execute(
        "INSERT INTO outbox (key, kind, body, created_at) VALUES (?, ?, ?, ?)",
        (uuid.uuid4().hex, "telemetry", body, time.time()),
    )
    db.execute("COMMIT")


def small_reply_ms(backend: Backend, tries: int = 15) -> float:
    """Median time of a tiny request to the simulator (``/_sim/stats``): its per-request floor."""
    times = []
    with httpx.Client(base_url=backend.url, trust_env=False) as http:
        http.get("/_sim/stats")
        for _ in range(tries):
            started = time.perf_counter()
            http.get("/_sim/stats").raise_for_status()
            times.append(time.perf_counter() - started)
    return ms(statistics.median(times))


async def plain_posts(backend: Backend, count: int) -> float:
    bodies = [event_body(n) for n in range(count)]
    headers = {**backend.headers(), "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=backend.url, headers=headers, trust_env=False) as http:
        started = time.perf_counter()
        for body in bodies:
            response = await http.post(
                "/v1/events", content=body, headers={"Idempotency-Key": uuid.uuid4().hex}
            )
            assert response.status_code == 202, response.status_code
        return time.perf_counter() - started


# --- 6. the GUI event loop during a sync --------------------------------------------------
@dataclass
class Ticks:
    gaps_ms: list[float]
    calls_ms: list[float]
    seconds: float
    longest_gc_ms: float
    full_collections: int

    @property
    def longest_ms(self) -> float:
        return max(self.gaps_ms) if self.gaps_ms else 0.0

    def over_frame(self) -> int:
        return sum(g > FRAME_MS for g in self.gaps_ms)


def tick_until(done: Callable[[], bool], limit_s: float, work: Callable[[], None] | None = None) -> Ticks:
    """Run the Qt event loop with a 5 ms precise timer until ``done()``; gaps between ticks."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    times: list[float] = []
    calls: list[float] = []
    pauses = GcPauses()
    started = time.perf_counter()

    def tick() -> None:
        now = time.perf_counter()
        times.append(now)
        if work is not None:
            work()
            calls.append(time.perf_counter() - now)
        if done() or now - started > limit_s:
            timer.stop()
            loop.quit()

    timer.timeout.connect(tick)
    with pauses.watching():
        timer.start()
        loop.exec()
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(times)]
    return Ticks(
        gaps, [c * 1000 for c in calls], time.perf_counter() - started, pauses.longest_s * 1000, pauses.full
    )


def link_config(backend: Backend) -> LinkConfig:
    return LinkConfig(
        url=backend.url, token=backend.token, kiosk_id=KIOSK, ca_file=None, timeout_s=5.0, deadline_s=15.0,
        periods=SyncPeriods(),
    )  # fmt: skip


def floor_in_background(backend: Backend, folder: Path, rows: list[Row]) -> Ticks:
    """Baseline under the same load: the floor's fetch and insert on a plain thread while the GUI ticks."""
    folder.mkdir()
    thread = threading.Thread(
        target=lambda: (asyncio.run(plain_fetch(backend)), plain_insert(folder, rows)), daemon=True
    )
    thread.start()
    ticks = tick_until(lambda: not thread.is_alive(), 300.0)
    thread.join()
    return ticks


def measure_gui(backend: Backend, work: Path, idle_s: float) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert app is not None
    rows = sim_rows(backend)
    refs = [r[0] for r in random.Random(11).sample(rows, 2000)]
    tick_until(lambda: False, 0.5)  # settle
    idle = tick_until(lambda: False, idle_s)
    floor = floor_in_background(backend, work / "gui-floor", rows)
    del rows

    # A: a full sync submitted to the network loop; the GUI only ticks.
    folder = work / "gui-a"
    folder.mkdir()
    link = BackendLink(link_config(backend), folder)
    client = BackendClient(backend.settings())
    try:
        # The link's network loop and store, with a SyncService built as the link builds its own.
        future = link.network.submit(SyncService(client, link.store).sync_licences())
        during = tick_until(future.done, 300.0)
        assert future.result() == backend.licences
    finally:
        link.network.run(client.close(), timeout=5)
        link.close()

    # B: the real background start; each tick reads freshness (a status bar) and looks a licence up (a scan).
    folder = work / "gui-b"
    folder.mkdir()
    link = BackendLink(link_config(backend), folder)
    lookups = iter(refs * 100)

    def screen_work() -> None:
        link.freshness()
        link.store.licence(next(lookups))

    try:
        idle_b = tick_until(lambda: False, min(idle_s, 2.0), screen_work)
        link.start_background()
        background = tick_until(lambda: link.store.licences_synced_at() is not None, 300.0, screen_work)
        synced = link.store.licence_count()
    finally:
        link.close()
    assert synced == backend.licences, synced
    reads, idle_reads = background.calls_ms, idle_b.calls_ms
    return {
        "gui_idle_longest_gap_ms": round(idle.longest_ms, 2),
        "gui_idle_p99_gap_ms": round(percentile(idle.gaps_ms, 0.99), 2),
        "gui_floor_longest_gap_ms": round(floor.longest_ms, 2),
        "gui_floor_p99_gap_ms": round(percentile(floor.gaps_ms, 0.99), 2),
        "gui_floor_gaps_over_frame": floor.over_frame(),
        "gui_floor_s": round(floor.seconds, 2),
        "gui_sync_longest_gap_ms": round(during.longest_ms, 2),
        "gui_sync_p99_gap_ms": round(percentile(during.gaps_ms, 0.99), 2),
        "gui_sync_gaps_over_frame": during.over_frame(),
        "gui_sync_ticks": len(during.gaps_ms) + 1,
        "gui_sync_s": round(during.seconds, 2),
        "gui_sync_longest_gc_ms": round(during.longest_gc_ms, 2),
        "gui_sync_full_collections": during.full_collections,
        "gui_gap_ratio": ratio(during.longest_ms, idle.longest_ms),
        "gui_gap_ratio_to_floor": ratio(during.longest_ms, floor.longest_ms),
        "gui_budget_ms": round(FRAME_MS, 1),
        "gui_background_longest_gap_ms": round(background.longest_ms, 2),
        "gui_background_gaps_over_frame": background.over_frame(),
        "gui_background_s": round(background.seconds, 2),
        "gui_idle_with_reads_longest_gap_ms": round(idle_b.longest_ms, 2),
        "gui_read_idle_p95_ms": round(percentile(idle_reads, 0.95), 3),
        "gui_read_during_sync_p95_ms": round(percentile(reads, 0.95), 3),
        "gui_read_during_sync_max_ms": round(max(reads), 2),
        "gui_read_during_sync_over_frame": sum(r > FRAME_MS for r in reads),
        "gui_read_ratio_p95": ratio(percentile(reads, 0.95), percentile(idle_reads, 0.95)),
    }


# --- 7. the GUI event loop while the backend misbehaves -----------------------------------
FAULT_TIMEOUT_S = 0.5  # the client's per try, in this measurement
FAULT_DEADLINE_S = 1.5  # the client's per call, retries included
FAULT_PERIODS = SyncPeriods(licences_s=1.0, keys_s=1.0, relay_s=0.5, heartbeat_s=1.0)
WARM_LIMIT_S = 15.0
RECOVER_LIMIT_S = 15.0
DUPLICATE_CHURN = 2000  # changed licences for the duplicating feed to deliver (twice)
ANSWERS = (Standing.VALID, Standing.REVOKED, Standing.EXPIRED)  # a verdict from the replica
# Each fault as ``/_sim/faults`` takes it (names from backend_simulator/faults.py), every rate 1.0
# unless the fault is about the feed's content; "none" is the same run with every switch off.
FAULTS: list[tuple[str, dict[str, Any]]] = [
    ("none", {}),
    ("latency", {"latency": 2.0}),  # past the per-try timeout and the whole deadline
    ("5xx", {"5xx": 1.0}),
    ("timeout", {"timeout": 1.0, "hang_s": 1.0}),  # no answer for 1 s: past the per-try timeout
    ("drop", {"drop": 1.0}),
    ("malformed", {"malformed": 1.0}),
    ("content-type", {"content-type": 1.0}),
    ("duplicate", {"duplicate": 0.5}),
    ("reset", {"reset": True}),  # one 410 on the next feed request with a cursor: a full pass
]
ANSWERED = ("none", "duplicate", "reset")  # every call gets an answer: none can fail after the switch-off


class ScreenReads:
    """A screen's work on each tick: the status bar's ``freshness()`` and a scanned licence's check."""

    def __init__(self, link: BackendLink, payload: str) -> None:
        self.link = link
        self.payload = payload
        self.checks = self.answered = 0
        self.standings: set[str] = set()
        self.offline_seen = False
        self.first_offline: float | None = None  # perf_counter of the first tick that saw it offline

    def reset(self) -> None:
        self.checks = self.answered = 0
        self.standings = set()
        self.offline_seen = False
        self.first_offline = None

    def __call__(self) -> None:
        online = self.link.freshness().online
        check = self.link.check_licence(self.payload)
        if online is False and not self.offline_seen:
            self.offline_seen, self.first_offline = True, time.perf_counter()
        self.checks += 1
        self.answered += check.signature_valid and check.standing in ANSWERS
        self.standings.add(check.standing.value if check.standing else f"refused: {check.reason}")


class CaughtUp:
    """Done when the link had an answer since ``since``, says it is online, and its replica is at ``head``."""

    def __init__(self, link: BackendLink, since: float, head: str) -> None:
        self.link, self.since, self.head = link, since, head
        self.started = time.perf_counter()
        self.after_s: float | None = None

    def __call__(self) -> bool:
        if self.after_s is None:
            fresh = self.link.freshness()
            if fresh.online and fresh.last_contact is not None and fresh.last_contact >= self.since:
                cursor = self.link.store.licence_cursor()
                if cursor.cursor == self.head and not cursor.full_pass:
                    self.after_s = time.perf_counter() - self.started
        return self.after_s is not None


def feed_head(backend: Backend) -> str:
    """The cursor a kiosk holds once it has every change: the feed's epoch and its last sequence number."""
    stats = backend.control("GET", "/_sim/stats")
    return f"e{stats['epoch']}.{stats['seq']}"


def switch_faults(backend: Backend, switches: dict[str, Any]) -> None:
    backend.control("POST", "/_sim/faults", {"clear": True, **switches})


def fault_link_config(backend: Backend) -> LinkConfig:
    return LinkConfig(
        url=backend.url, token=backend.token, kiosk_id=KIOSK, ca_file=None, timeout_s=FAULT_TIMEOUT_S,
        deadline_s=FAULT_DEADLINE_S, periods=FAULT_PERIODS,
    )  # fmt: skip


def copy_store(source: Path, folder: Path) -> None:
    """A synced kiosk's store (100,000 licences, the trust list), copied with SQLite's backup."""
    folder.mkdir()
    old = sqlite3.connect(f"file:{source / 'backend.sqlite3'}?mode=ro", uri=True)
    new = sqlite3.connect(folder / "backend.sqlite3")
    try:
        old.backup(new)
    finally:
        new.close()
        old.close()


def replica_matches(backend: Backend, folder: Path) -> bool:
    """Every licence the backend has, at the same version and revocation, and nothing else."""
    db = sqlite3.connect(f"file:{folder / 'backend.sqlite3'}?mode=ro", uri=True)
    try:
        ours = set(db.execute("SELECT ref, revoked, seq FROM licences").fetchall())
    finally:
        db.close()
    return ours == {(r[0], r[1], r[5]) for r in sim_rows(backend)}


def run_fault(
    backend: Backend, folder: Path, payload: str, name: str, switches: dict[str, Any], fault_s: float
) -> dict[str, Any]:
    """One fault: a kiosk caught up, the fault on for ``fault_s``, then off until the kiosk is back."""
    gc.collect()
    link = BackendLink(fault_link_config(backend), folder)
    reads = ScreenReads(link, payload)
    try:
        link.start_background()
        warm = CaughtUp(link, 0.0, feed_head(backend))
        tick_until(warm, WARM_LIMIT_S, reads)
        reads.reset()
        switch_faults(backend, switches)
        switched = time.perf_counter()
        if name == "duplicate":
            backend.control("POST", "/_sim/churn", {"count": DUPLICATE_CHURN})
        during = tick_until(lambda: False, fault_s, reads)
        checks, answered, standings = reads.checks, reads.answered, sorted(reads.standings)
        noticed = reads.first_offline - switched if reads.first_offline is not None else None
        online_at_end = link.freshness().online
        full_pass_seen = link.store.licence_cursor().full_pass
        switch_faults(backend, {})
        back = CaughtUp(link, time.time(), feed_head(backend))
        after = tick_until(back, RECOVER_LIMIT_S, reads)
        # A call that went out while the fault was on can still fail up to its deadline after the
        # switch-off: keep reading till then, and see whether the kiosk says it is offline again.
        relapsed: bool | None = None
        if name not in ANSWERED:
            reads.reset()
            rest = back.started + FAULT_DEADLINE_S + 0.25 - time.perf_counter()
            tick_until(lambda: False, max(0.0, rest), reads)
            relapsed = reads.offline_seen
        held = link.store.licence_count()
    finally:
        with contextlib.suppress(httpx.HTTPError):
            switch_faults(backend, {})
        link.close()
    reads_ms = during.calls_ms
    return {
        "switches": switches,
        "longest_gap_ms": round(during.longest_ms, 2),
        "p99_gap_ms": round(percentile(during.gaps_ms, 0.99), 2),
        "gaps_over_frame": during.over_frame(),
        "ticks": len(during.gaps_ms) + 1,
        "longest_gc_ms": round(during.longest_gc_ms, 2),
        "read_max_ms": round(max(reads_ms), 2),
        "read_p95_ms": round(percentile(reads_ms, 0.95), 3),
        "checks": checks,
        "checks_answered": answered,
        "all_checks_answered": checks > 0 and answered == checks,
        "standings": standings,
        "went_offline": noticed is not None,
        "offline_noticed_after_s": round(noticed, 2) if noticed is not None else None,
        "online_at_fault_end": online_at_end,
        "full_pass_under_way_at_fault_end": full_pass_seen,
        "warmed_up_s": round(warm.after_s, 2) if warm.after_s is not None else None,
        "recovered": back.after_s is not None,
        "recover_s": round(back.after_s, 2) if back.after_s is not None else None,
        "recovery_longest_gap_ms": round(after.longest_ms, 2),
        "recovery_gaps_over_frame": after.over_frame(),
        "offline_again_after_recovery": relapsed,
        "replica_licences": held,
    }


def recover_key(run: dict[str, Any]) -> float:
    return float("inf") if run["recover_s"] is None else float(run["recover_s"])


def measure_gui_under_faults(
    backend: Backend, work: Path, synced: Path, payload: str, fault_s: float
) -> dict[str, Any]:
    """Measurement 7: the kiosk's background work against each fault, with the GUI ticking and reading."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert app is not None
    started = time.perf_counter()
    folder = work / "gui-faults"
    copy_store(synced, folder)
    tick_until(lambda: False, 0.3)  # settle
    idle = tick_until(lambda: False, min(fault_s, 1.5))
    runs: dict[str, dict[str, Any]] = {}
    for name, switches in FAULTS:
        runs[name] = run_fault(backend, folder, payload, name, switches, fault_s)
        run = runs[name]
        run["gap_ratio"] = ratio(run["longest_gap_ms"], idle.longest_ms)
        print(
            f"  fault {name}: longest gap {run['longest_gap_ms']} ms, {run['gaps_over_frame']} over a frame, "
            f"read max {run['read_max_ms']} ms, checks {run['checks_answered']}/{run['checks']}, "
            f"recovered in {run['recover_s']} s",
            file=sys.stderr,
        )
    for run in runs.values():
        run["gap_ratio_to_no_fault"] = ratio(run["longest_gap_ms"], runs["none"]["longest_gap_ms"])
    faulty = {name: run for name, run in runs.items() if name != "none"}
    worst = max(faulty, key=lambda name: faulty[name]["longest_gap_ms"])
    slowest = max(faulty, key=lambda name: recover_key(faulty[name]))
    return {
        "gui_faults": runs,
        "gui_faults_window_s": fault_s,
        "gui_faults_client_timeout_s": FAULT_TIMEOUT_S,
        "gui_faults_client_deadline_s": FAULT_DEADLINE_S,
        "gui_faults_idle_longest_gap_ms": round(idle.longest_ms, 2),
        "gui_faults_no_fault_longest_gap_ms": runs["none"]["longest_gap_ms"],
        "gui_faults_worst_longest_gap_ms": faulty[worst]["longest_gap_ms"],
        "gui_faults_worst_fault": worst,
        "gui_faults_worst_gap_ratio": faulty[worst]["gap_ratio"],
        "gui_faults_gaps_over_frame": sum(run["gaps_over_frame"] for run in faulty.values()),
        "gui_faults_read_max_ms": max(run["read_max_ms"] for run in faulty.values()),
        "gui_faults_all_checks_answered": all(run["all_checks_answered"] for run in runs.values()),
        "gui_faults_all_recovered": all(run["recovered"] for run in runs.values()),
        "gui_faults_any_offline_again": any(run["offline_again_after_recovery"] for run in runs.values()),
        "gui_faults_longest_recover_s": faulty[slowest]["recover_s"],
        "gui_faults_slowest_recovery": slowest,
        "gui_faults_replica_matches_backend": replica_matches(backend, folder),
        "gui_faults_s": round(time.perf_counter() - started, 1),
    }


# --- the report -----------------------------------------------------------------------------
FRAME = f"<= {FRAME_MS:.1f} ms"
# label, kiosk figure, baseline figure, ratio figure, target
TABLE: list[tuple[str, str, str, str, str]] = [
    ("full sync 100k (s)", "full_sync_s", "floor_s", "full_sync_ratio", "<= 3x"),
    ("  in feed calls / in apply_page (s)", "full_sync_in_feed_calls_s", "full_sync_in_apply_page_s", "", ""),
    ("  apply_page first / last 10 (ms)", "apply_page_first_10_median_ms", "apply_page_last_10_median_ms", "",
     ""),
    ("  floor: fetch / insert (s)", "floor_fetch_s", "floor_insert_s", "", ""),
    ("  all pages: typed decode (s)", "all_pages_typed_decode_s", "", "", ""),
    ("  all pages: upsert / gen. UPDATE (s)", "all_pages_upsert_s", "all_pages_generation_update_s", "", ""),
    ("  all pages: 100 commits (s)", "all_pages_commit_s", "", "", ""),
    ("full sync, 5,000 a page (s)", "full_sync_5000_page_s", "floor_s", "full_sync_5000_page_ratio", ""),
    ("peak RSS growth 100k / 20k (MB)", "memory_peak_growth_mb_100k", "memory_peak_growth_mb_20k",
     "memory_growth_100k_over_20k", "~1x (flat)"),
    ("  one page: JSON / in memory (KB)", "page_json_kb", "page_in_memory_kb", "", ""),
    ("  growth per 1,000 records (MB)", "memory_growth_mb_per_1000_records", "", "", "~0"),
    ("incremental 1,000 (ms)", "incremental_1000_ms", "", "", ""),
    ("  per record vs full sync (us)", "incremental_per_record_us", "full_sync_per_record_us",
     "incremental_per_record_ratio", ""),
    ("lookup p95 (us)", "lookup_p95_us", "bare_select_p95_us", "lookup_ratio", ""),
    ("verify p95 vs bare Ed25519 (ms)", "verify_p95_ms", "bare_ed25519_verify_p95_ms", "verify_ratio", ""),
    ("verify p95 vs minimal pipeline (ms)", "verify_p95_ms", "minimal_pipeline_p95_ms",
     "verify_over_minimal_pipeline", ""),
    ("  verify p95 without GC / longest GC (ms)", "verify_p95_ms_without_gc", "verify_longest_gc_ms", "", ""),
    ("outbox enqueue (events/s)", "enqueue_events_per_s", "bare_insert_events_per_s", "enqueue_ratio",
     "ratio of times"),
    ("outbox relay (events/s)", "relay_events_per_s", "plain_post_events_per_s", "relay_ratio",
     "ratio of times"),
    ("  relay overhead per event (ms)", "relay_overhead_ms_per_event", "", "", ""),
    ("  simulator: one tiny request (ms)", "simulator_small_reply_ms", "", "", "~1 ms on loopback"),
    ("GUI longest tick gap, sync (ms)", "gui_sync_longest_gap_ms", "gui_idle_longest_gap_ms", "gui_gap_ratio",
     FRAME),
    ("  vs the floor's work in background (ms)", "gui_sync_longest_gap_ms", "gui_floor_longest_gap_ms",
     "gui_gap_ratio_to_floor", ""),
    ("  gaps over a frame: sync / floor", "gui_sync_gaps_over_frame", "gui_floor_gaps_over_frame", "", "0"),
    ("  longest GC pause during sync (ms)", "gui_sync_longest_gc_ms", "", "", ""),
    ("GUI longest gap, start_background (ms)", "gui_background_longest_gap_ms",
     "gui_idle_with_reads_longest_gap_ms", "", FRAME),
    ("GUI-thread store read p95, sync (ms)", "gui_read_during_sync_p95_ms", "gui_read_idle_p95_ms",
     "gui_read_ratio_p95", ""),
    ("GUI-thread store read max, sync (ms)", "gui_read_during_sync_max_ms", "", "", FRAME),
    ("GUI longest gap, worst fault (ms)", "gui_faults_worst_longest_gap_ms", "gui_faults_idle_longest_gap_ms",
     "gui_faults_worst_gap_ratio", FRAME),
    ("  no fault, same run (ms)", "gui_faults_no_fault_longest_gap_ms", "gui_faults_idle_longest_gap_ms", "",
     ""),
    ("  gaps over a frame, all faults", "gui_faults_gaps_over_frame", "", "", "0"),
    ("  GUI-thread read max, all faults (ms)", "gui_faults_read_max_ms", "", "", FRAME),
    ("  every licence check answered", "gui_faults_all_checks_answered", "", "", "True"),
    ("  longest recovery after a fault (s)", "gui_faults_longest_recover_s", "", "", ""),
]  # fmt: skip


def table(figures: dict[str, Any]) -> str:
    lines = [f"{'figure':<40} {'kiosk':>12} {'baseline':>12} {'ratio':>8}  target", "-" * 90]
    for label, ours, base, rate, target in TABLE:
        cells = [str(figures.get(name, "")) if name else "" for name in (ours, base, rate)]
        lines.append(f"{label:<40} {cells[0]:>12} {cells[1]:>12} {cells[2]:>8}  {target}")
    if "gui_faults" in figures:
        lines += ["", fault_table(figures)]
    return "\n".join(lines)


def fault_table(figures: dict[str, Any]) -> str:
    """Measurement 7, a row a fault: the GUI during the fault, then the recovery once it is off."""
    lines = [
        f"GUI under backend faults ({figures['gui_faults_window_s']:g} s each; idle loop's longest gap "
        f"{figures['gui_faults_idle_longest_gap_ms']} ms; budget {FRAME_MS:.1f} ms)",
        f"{'fault':<13} {'gap ms':>7} {'x idle':>7} {'>frame':>6} {'read max':>8} {'checks ok':>10} "
        f"{'offline after s':>15} {'back in s':>9} {'relapse':>7} {'licences':>8}",
        "-" * 90,
    ]
    for name, run in figures["gui_faults"].items():
        checks = f"{run['checks_answered']}/{run['checks']}"
        back = run["recover_s"] if run["recovered"] else "never"
        noticed = run["offline_noticed_after_s"] if run["went_offline"] else "stayed online"
        relapsed = run["offline_again_after_recovery"]
        lines.append(
            f"{name:<13} {run['longest_gap_ms']:>7} {run['gap_ratio']:>7} {run['gaps_over_frame']:>6} "
            f"{run['read_max_ms']:>8} {checks:>10} {noticed!s:>15} {back!s:>9} "
            f"{'-' if relapsed is None else relapsed!s:>7} {run['replica_licences']:>8}"
        )
    lines.append(f"replica matches the backend afterwards: {figures['gui_faults_replica_matches_backend']}")
    return "\n".join(lines)


def measure(quick: bool = False) -> dict[str, Any]:
    plan = QUICK if quick else FULL
    figures: dict[str, Any] = {"quick": quick}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-backend-") as temporary:
        root = Path(temporary)
        (root / "sim-big").mkdir()
        (root / "sim-small").mkdir()
        work = root / "work"
        work.mkdir()
        with simulator(root / "sim-big", LICENCES) as big:
            print("  signing sample payloads (before any churn)", file=sys.stderr)
            samples = sample_payloads(big, per_state=3)
            full, kept = measure_full_sync(big, work, plan.full_runs)
            figures.update(full)
            print("  lookups and verifies", file=sys.stderr)
            figures.update(measure_lookup(big, kept, plan.lookups))
            figures.update(measure_verify(samples, kept, plan.verify_rounds))
            print("  memory (child processes)", file=sys.stderr)
            with simulator(root / "sim-small", SMALL) as small:
                figures.update(measure_memory(big, small))
            print("  incremental syncs", file=sys.stderr)
            figures.update(measure_incremental(big, kept, plan.incremental_runs, figures["full_sync_s"]))
            print("  outbox", file=sys.stderr)
            figures["simulator_small_reply_ms"] = small_reply_ms(big)
            figures.update(measure_outbox(big, work, plan.events))
            print("  GUI event loop", file=sys.stderr)
            figures.update(measure_gui(big, work, plan.idle_s))
            print("  GUI event loop under backend faults", file=sys.stderr)
            figures.update(measure_gui_under_faults(big, work, kept, samples[0].payload, plan.fault_s))
    figures["bench_wall_s"] = round(time.perf_counter() - started, 1)
    return figures


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--memory-child":
        print(json.dumps(memory_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
        return 0
    figures = measure(quick="--quick" in sys.argv)
    print(table(figures))
    print(json.dumps(figures, indent=2))
    print(f"written to {save('backend_sync', figures)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
