"""Every fault switch of the simulator against a real ``BackendLink``.

With a fault on, each call the link makes ends in ``BackendUnavailable``
within its deadline (never another exception type, never a half-read
answer), the outbox keeps its event, and the kiosk keeps serving licence
checks from its replica, saying how old the data is. A feed that repeats
records or is rebuilt (``duplicate``, ``reset``) still converges to the exact
replica. Once the fault clears, the background sync (``SyncService.run``)
comes back by itself: online again, the backend's new changes in the replica,
the queued event delivered once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from kiosk_app.backend.client import BackendUnavailable
from kiosk_app.backend.licence_types import LicenceCheck, Standing
from kiosk_app.backend.service import BackendLink, LinkConfig
from kiosk_app.backend.simulator_process import RunningSimulator, sample_licence
from kiosk_app.backend.sync import SyncPeriods, SyncService
from kiosk_app.settings import Settings
from tests.conftest import SIMULATOR_LICENCES

pytestmark = pytest.mark.slow

# The link's timeout is 1 s a try and its deadline 3 s a call (``backend_settings``).
DEADLINE_S = 3.0
FAILING: dict[str, dict[str, object]] = {
    "latency": {"latency": 1.5},  # every answer comes after the client stopped waiting
    "5xx": {"5xx": 1.0},
    "timeout": {"timeout": 1.0, "hang_s": 2.5},  # no answer within a try; the simulator's hang ends soon
    "drop": {"drop": 1.0},
    "malformed": {"malformed": 1.0},
    "content-type": {"content-type": 1.0},
}
GARBLED = ("malformed", "content-type")
PERIODS = SyncPeriods(licences_s=0.3, keys_s=0.5, relay_s=0.3, heartbeat_s=0.5, page_size=1000, jitter=0.1)
CHURN = 40
RECOVERY_S = 30.0
DEMO_CITIZEN, DEMO_PROCEDURE = "079090001234", "1.001193"


@pytest.fixture(scope="module")
def payloads(backend_sim: RunningSimulator) -> dict[str, str]:
    """Signed e-licence payloads from the simulator's data, one of each standing."""
    return {
        state: sample_licence(backend_sim.data_dir, state, licences=SIMULATOR_LICENCES)
        for state in ("valid", "revoked", "expired")
    }


@pytest.fixture
def link(backend_settings: Settings) -> Iterator[BackendLink]:
    config = dataclasses.replace(LinkConfig.from_settings(backend_settings), periods=PERIODS)
    built = BackendLink(config, backend_settings.data_dir())
    yield built
    _stop_background(built)
    built.close()


def _stop_background(link: BackendLink) -> None:
    """Cancel the background jobs before ``close()``.

    ``BackendLink.close()`` closes the HTTP client while ``SyncService.run``
    still runs; a job that wakes in between fails with ``RuntimeError`` and
    logs "backend job crashed" (an ERROR), so the jobs are stopped first here.
    """

    async def cancel_others() -> int:
        me = asyncio.current_task()
        others = [t for t in asyncio.all_tasks() if t is not me]
        for _ in range(50):  # a cancel that lands as a wait_for finishes can be lost (Python 3.11)
            if not others:
                break
            for task in others:
                task.cancel()
            await asyncio.wait(others, timeout=0.1)
            others = [t for t in others if not t.done()]
        return len(others)

    assert link.network.run(cancel_others(), timeout=30) == 0


def _sync_service(link: BackendLink) -> SyncService:
    sync = link._sync
    assert sync is not None, link.problem
    return sync


@contextlib.contextmanager
def _sim_db(sim: RunningSimulator) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(sqlite3.connect(sim.data_dir / "backend.sqlite3")) as db:
        yield db


Record = tuple[bool, str | None, str, int]


def _backend_licences(sim: RunningSimulator) -> dict[str, Record]:
    with _sim_db(sim) as db:
        rows = db.execute("SELECT ref, status, valid_until, valid_from, seq FROM licences").fetchall()
    return {r[0]: (r[1] == "revoked", r[2], r[3], int(r[4])) for r in rows}


def _replica(link: BackendLink) -> dict[str, Record]:
    path = link.store.report.path
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT lower(hex(ref)), revoked, valid_until, valid_from, seq FROM licences"
        ).fetchall()
    return {r[0]: (bool(r[1]), r[2], r[3], int(r[4])) for r in rows}


def _stats(sim: RunningSimulator) -> dict[str, int]:
    reply = httpx.get(f"{sim.url}/_sim/stats", timeout=10)
    reply.raise_for_status()
    body = reply.json()
    return {"seq": int(body["seq"]), "epoch": int(body["epoch"])}


def _churn(sim: RunningSimulator) -> int:
    reply = httpx.post(f"{sim.url}/_sim/churn", json={"count": CHURN, "revoke_share": 0.5}, timeout=10)
    reply.raise_for_status()
    return int(reply.json()["seq"])


def _differences(link: BackendLink, sim: RunningSimulator) -> list[str]:
    """What keeps the replica from being exactly the backend's licences (empty: it is)."""
    problems: list[str] = []
    stats = _stats(sim)
    cursor = link.store.licence_cursor()
    if cursor.cursor != f"e{stats['epoch']}.{stats['seq']}" or cursor.full_pass:
        problems.append(f"cursor {cursor} is not at e{stats['epoch']}.{stats['seq']}")
    replica, backend = _replica(link), _backend_licences(sim)
    if replica.keys() != backend.keys():
        problems.append(f"{len(replica.keys() ^ backend.keys())} refs differ")
    differing = [ref for ref in backend.keys() & replica.keys() if replica[ref] != backend[ref]]
    if differing:
        problems.append(f"{len(differing)} records differ")
    return problems


def _dossier(sim: RunningSimulator) -> tuple[str, str]:
    with _sim_db(sim) as db:
        row = db.execute("SELECT code, owner_id FROM dossiers ORDER BY code LIMIT 1").fetchone()
    return str(row[0]), str(row[1])


def _truth(sim: RunningSimulator, check: LicenceCheck) -> Standing:
    """The standing the backend's own data gives the licence in ``check``."""
    assert check.claims is not None, check.detail
    ref = hashlib.sha256(check.claims.licence_id.encode()).hexdigest()
    with _sim_db(sim) as db:
        status, until = db.execute(
            "SELECT status, valid_until FROM licences WHERE ref = ?", (ref,)
        ).fetchone()
    if status == "revoked":
        return Standing.REVOKED
    if until is not None and date.fromisoformat(until) < datetime.now(UTC).date():
        return Standing.EXPIRED
    return Standing.VALID


def _served(link: BackendLink, sim: RunningSimulator, payloads: dict[str, str]) -> dict[str, LicenceCheck]:
    """Each payload checked from the store alone: signed, its standing the backend's, its data dated."""
    checks = {state: link.check_licence(payload) for state, payload in payloads.items()}
    for state, check in checks.items():
        assert check.signature_valid, (state, check.detail)
        assert check.standing is _truth(sim, check), state
        assert check.data_as_of is not None
    return checks


def _delivered(sim: RunningSimulator, kiosk_id: str, key: str) -> int:
    with _sim_db(sim) as db:
        row = db.execute(
            "SELECT COUNT(*) FROM events WHERE key IN (?, ?)", (key, f"{kiosk_id}/{key}")
        ).fetchone()
    return int(row[0])


def _recovers(link: BackendLink, sim: RunningSimulator, key: str, since_seq: int) -> None:
    """Without help, the link gets back online, applies the backend's latest changes, delivers ``key``."""
    deadline = time.monotonic() + RECOVERY_S
    problems = ["not checked yet"]
    while time.monotonic() < deadline:
        problems = []
        if link.freshness().online is not True:
            problems.append(f"freshness {link.freshness()}")
        if link.store.outbox_counts() != (0, 0):
            problems.append(f"outbox {link.store.outbox_counts()}")
        problems += _differences(link, sim)
        if not problems:
            break
        time.sleep(0.2)
    assert not problems, f"no recovery within {RECOVERY_S:g} s: {problems}"
    assert _delivered(sim, link.config.kiosk_id, key) == 1
    changed = [r for r in _replica(link).values() if r[3] > since_seq]
    assert len(changed) == CHURN, "the churn made after the fault is not all in the replica"


def _failed_jobs(caplog: pytest.LogCaptureFixture) -> set[str]:
    """The background jobs that have ended in ``BackendUnavailable`` (``SyncService._every`` says so)."""
    return {
        str(getattr(r, "job", ""))
        for r in caplog.records
        if r.getMessage() == "backend job failed" and getattr(r, "error", None) == "BackendUnavailable"
    }


def _outcome(future: Future[Any]) -> BaseException | None:
    return future.exception(timeout=DEADLINE_S + 30)


@pytest.mark.parametrize("fault", sorted(FAILING))
def test_a_failing_backend_is_a_clear_error_the_kiosk_keeps_serving_and_recovers(
    fault: str,
    link: BackendLink,
    backend_sim: RunningSimulator,
    sim_faults: Callable[..., dict[str, object]],
    payloads: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    first = link.sync_once()
    assert first.errors == ()
    assert _differences(link, backend_sim) == []
    before = _served(link, backend_sim, payloads)
    key = f"faults-{fault}-{uuid.uuid4().hex}"
    link.store.enqueue("telemetry", {"test": "faults", "fault": fault}, at=datetime.now(UTC), key=key)
    code, owner = _dossier(backend_sim)
    sync = _sync_service(link)

    sim_faults(**FAILING[fault])

    async def jobs() -> list[Any]:
        return list(
            await asyncio.gather(
                sync.sync_licences(),
                sync.refresh_keys(),
                sync.heartbeat(),
                sync.relay_outbox(),
                return_exceptions=True,
            )
        )

    started = time.monotonic()
    background = link.network.submit(jobs())
    during: list[tuple[float, dict[str, LicenceCheck]]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        lookups: list[Future[Any]] = [
            pool.submit(link.dossier_status, code, owner_id=owner),
            pool.submit(
                link.documents_on_file, DEMO_CITIZEN, [DEMO_PROCEDURE], chip_verified=True, consent=True
            ),
        ]
        # While the calls wait on a broken backend, the kiosk answers from its store at once.
        while not during or not background.done():
            tick = time.monotonic()
            checks = {state: link.check_licence(payload) for state, payload in payloads.items()}
            during.append((time.monotonic() - tick, checks))
            time.sleep(0.05)
        failures = [_outcome(f) for f in lookups]
    results = background.result(timeout=DEADLINE_S + 30)
    elapsed = time.monotonic() - started

    *job_failures, relayed = results
    for failure in [*job_failures, *failures]:
        assert type(failure) is BackendUnavailable, repr(failure)
        assert failure.garbled is (fault in GARBLED), repr(failure)
    assert elapsed < DEADLINE_S + 2.0, f"the calls took {elapsed:.1f} s, past their {DEADLINE_S:g} s deadline"
    assert relayed == 0
    assert link.store.outbox_counts() == (1, 0), "the event must wait for the backend, never be given up"
    assert link.freshness().online is False
    assert link.store.licence_cursor().cursor == first.cursor
    for took, checks in during:
        assert took < 1.0, f"a licence check took {took:.2f} s while the backend was down"
        for state, check in checks.items():
            assert check.signature_valid, check.detail
            assert check.standing is before[state].standing
            assert check.data_as_of == before[state].data_as_of is not None

    # The background sync runs into the fault (each job fails at least once), then comes
    # back by itself once it clears.
    with caplog.at_level(logging.INFO, logger="kiosk_app.backend.sync"):
        link.start_background()
        deadline = time.monotonic() + DEADLINE_S + 15
        while _failed_jobs(caplog) < {"keys", "licences", "heartbeat"}:
            assert time.monotonic() < deadline, f"the background jobs never failed: {_failed_jobs(caplog)}"
            time.sleep(0.05)
        since = _stats(backend_sim)["seq"]
        _churn(backend_sim)
        sim_faults()
        _recovers(link, backend_sim, key, since)
    after = _served(link, backend_sim, payloads)
    for state, check in after.items():
        now_as_of, then_as_of = check.data_as_of, before[state].data_as_of
        assert now_as_of is not None and then_as_of is not None and now_as_of > then_as_of


@pytest.mark.parametrize("fault", ["duplicate", "reset"])
def test_a_feed_that_repeats_or_is_rebuilt_still_converges_to_the_exact_replica(
    fault: str,
    link: BackendLink,
    backend_sim: RunningSimulator,
    sim_faults: Callable[..., dict[str, object]],
    payloads: dict[str, str],
) -> None:
    first = link.sync_once()
    assert first.errors == ()
    before = _served(link, backend_sim, payloads)
    epoch = _stats(backend_sim)["epoch"]
    switch = {"duplicate": 1.0} if fault == "duplicate" else {"reset": True}

    sim_faults(**switch)
    _churn(backend_sim)
    report = link.sync_once()
    assert report.errors == ()
    assert _differences(link, backend_sim) == []
    if fault == "duplicate":
        # Records came more than once, and applying them again changed nothing.
        assert report.licences_upserted > CHURN
        assert _stats(backend_sim)["epoch"] == epoch
    else:
        # The feed was rebuilt: a whole pass again, under the new epoch.
        assert report.licences_upserted == SIMULATOR_LICENCES
        assert _stats(backend_sim)["epoch"] == epoch + 1
    _served(link, backend_sim, payloads)

    # The background sync keeps converging with the fault still on (another rebuild, for reset).
    key = f"faults-{fault}-{uuid.uuid4().hex}"
    link.store.enqueue("rating", {"test": "faults", "fault": fault}, at=datetime.now(UTC), key=key)
    link.start_background()
    since = _stats(backend_sim)["seq"]
    sim_faults(**switch)
    _churn(backend_sim)
    _recovers(link, backend_sim, key, since)
    if fault == "reset":
        assert _stats(backend_sim)["epoch"] == epoch + 2
    # Then with the fault cleared, it goes on by itself.
    sim_faults()
    since = _stats(backend_sim)["seq"]
    _churn(backend_sim)
    key = f"faults-{fault}-{uuid.uuid4().hex}"
    link.store.enqueue("rating", {"test": "faults", "fault": fault}, at=datetime.now(UTC), key=key)
    link.want_relay()
    _recovers(link, backend_sim, key, since)
    after = _served(link, backend_sim, payloads)
    for state, check in after.items():
        now_as_of, then_as_of = check.data_as_of, before[state].data_as_of
        assert now_as_of is not None and then_as_of is not None and now_as_of > then_as_of
