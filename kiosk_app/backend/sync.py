"""Background work on the network loop: licence delta sync, the trust list, the outbox relay, the heartbeat.

Each runs on its own period with jitter (a fleet of kiosks restarting
together does not hit the backend at the same second), backs off while the
backend is away, and comes back by itself when it returns. The GUI never
waits on any of it: screens read the store and ``Freshness``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

from kiosk_app.backend.client import (
    BackendClient,
    BackendError,
    BackendRefused,
    BackendUnavailable,
    CursorReset,
)
from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.state import Freshness, SyncPeriods, SyncReport

__all__ = ["Freshness", "SyncPeriods", "SyncReport", "SyncService"]

log = logging.getLogger(__name__)
GIVE_UP_CODES = (409, 422)  # the backend will never take this event: keep it aside for the technician


class SyncService:
    def __init__(
        self,
        client: BackendClient,
        store: BackendStore,
        *,
        periods: SyncPeriods | None = None,
        clock: Callable[[], float] = time.time,
        device_health: Callable[[], dict[str, str]] = dict,
        version: str = "",
        rng: random.Random | None = None,
        metrics: Callable[[], dict[str, float]] | None = None,
    ) -> None:
        self._metrics = metrics
        self.client = client
        self.store = store
        self.periods = periods or SyncPeriods()
        self._clock = clock
        self._device_health = device_health
        self._version = version
        self._rng = rng or random.Random()  # noqa: S311 - jitter
        self._last_ok: float | None = None
        self._last_failure: float | None = None
        self._extra: list[tuple[str, float, Callable[[], Awaitable[object]]]] = []
        self._last_outcome: bool | None = None
        self._outcome_lock = threading.Lock()
        self._relay_wanted: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- freshness -------------------------------------------------------------------
    def freshness(self) -> Freshness:
        # Which came last is decided by a counter, not the wall clock: a clock corrected
        # after boot must not show "offline" while the backend answers.
        online = None if self._last_outcome is None else self._last_outcome
        return Freshness(online, self._last_ok, self.store.licences_synced_at())

    def note_answer(self) -> None:
        with self._outcome_lock:
            self._last_ok = self._clock()
            self._last_outcome = True

    def note_failure(self) -> None:
        with self._outcome_lock:
            self._last_failure = self._clock()
            self._last_outcome = False

    # --- one round of each ------------------------------------------------------------
    async def sync_licences(self) -> int:
        """Pull pages until the feed says no more; each page and its cursor commit together."""
        cursor = self.store.licence_cursor()
        if cursor.cursor is None and not cursor.full_pass:
            cursor = await asyncio.to_thread(self.store.start_full_pass)
        upserted = 0
        resets = 0
        while True:
            try:
                page = await self.client.licence_changes(cursor.cursor, limit=self.periods.page_size)
            except CursorReset:
                resets += 1
                if resets > 2:
                    raise
                log.info("the licence feed was rebuilt; starting a full pass")
                cursor = await asyncio.to_thread(self.store.start_full_pass)
                continue
            except BackendError:
                self.note_failure()
                raise
            self.note_answer()
            # SQLite with fsync: off the loop, so lookups on this loop are not held up.
            upserted += await asyncio.to_thread(
                self.store.apply_page, page, cursor.generation, now=self._clock()
            )
            if page.more and page.next_cursor == cursor.cursor and not page.items:
                # "More" with nothing and the same cursor would loop for ever: say so, try later.
                self.note_failure()
                raise BackendUnavailable("the licence feed says more but does not move on", garbled=True)
            cursor = replace(cursor, cursor=page.next_cursor)
            if not page.more:
                return upserted

    async def refresh_keys(self) -> int:
        try:
            keys, etag = await self.client.signing_keys(self.store.state("keys.etag"))
        except BackendError:
            self.note_failure()
            raise
        self.note_answer()
        if keys is None:
            await asyncio.to_thread(self.store.mark_keys_checked, now=self._clock())
        else:
            await asyncio.to_thread(self.store.replace_keys, keys.keys, etag, now=self._clock())
            log.info("trust list updated", extra={"keys": len(keys.keys)})
        return self.store.key_count()

    async def relay_outbox(self, limit: int = 200) -> int:
        """Send due events in order; at least once (deleted only after the backend's answer)."""
        sent = 0
        while sent < limit:
            rows = await asyncio.to_thread(self.store.due, self._clock(), min(50, limit - sent))
            if not rows:
                break
            for row in rows:
                try:
                    await self.client.submit_event(row.key, row.body)
                except BackendRefused as exc:
                    if exc.status in GIVE_UP_CODES:
                        log.error("the backend refused an event for good", extra={"code": exc.code})
                        await asyncio.to_thread(self.store.give_up, row.id, str(exc))
                        continue
                    self.note_failure()
                    later = self._clock() + self._backoff(row.attempts)
                    await asyncio.to_thread(self.store.retry_later, row.id, str(exc), later)
                    return sent
                except BackendError as exc:
                    self.note_failure()
                    later = self._clock() + self._backoff(row.attempts)
                    await asyncio.to_thread(self.store.retry_later, row.id, str(exc), later)
                    return sent
                self.note_answer()
                await asyncio.to_thread(self.store.sent, row.id)  # an fsync: off the loop
                sent += 1
        return sent

    async def heartbeat(self) -> None:
        synced = self.store.licences_synced_at()
        pending, _ = self.store.outbox_counts()
        body = {
            "at": datetime.fromtimestamp(self._clock(), UTC).isoformat(),
            "version": self._version[:40],
            "devices": dict(list(self._device_health().items())[:20]),
            "outbox_pending": pending,
            "licence_data_as_of": datetime.fromtimestamp(synced, UTC).isoformat() if synced else None,
        }
        if self._metrics is not None:
            body["metrics"] = self._metrics()
        try:
            await self.client.heartbeat(body)
        except BackendError:
            self.note_failure()
            raise
        self.note_answer()

    async def once(self) -> SyncReport:
        """Every job once, in order; what failed is named in ``errors`` (``kiosk sync --once``)."""
        errors: list[str] = []
        upserted = keys = sent = 0
        try:
            keys = await self.refresh_keys()
        except BackendError as exc:
            errors.append(f"keys: {exc}")
        try:
            upserted = await self.sync_licences()
        except BackendError as exc:
            errors.append(f"licences: {exc}")
        try:
            sent = await self.relay_outbox(limit=10_000)
        except BackendError as exc:
            errors.append(f"outbox: {exc}")
        try:
            await self.heartbeat()
        except BackendError as exc:
            errors.append(f"heartbeat: {exc}")
        pending, _ = self.store.outbox_counts()
        return SyncReport(upserted, self.store.licence_cursor().cursor, sent, pending, keys, tuple(errors))

    # --- forever ---------------------------------------------------------------------
    def want_relay(self) -> None:
        """An event was queued: send soon rather than at the next period (call from any thread)."""
        loop, event = self._loop, self._relay_wanted
        if loop is not None and event is not None:
            loop.call_soon_threadsafe(event.set)

    def add_job(self, name: str, period: float, job: Callable[[], Awaitable[object]]) -> None:
        """Another periodic job on this loop (the queue's number blocks); add before ``run``."""
        self._extra.append((name, period, job))

    async def run(self) -> None:
        self._relay_wanted = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(self._every(period, job, name) for name, period, job in self._extra),
            self._every(self.periods.keys_s, self.refresh_keys, "keys"),
            self._every(self.periods.licences_s, self.sync_licences, "licences"),
            self._every(self.periods.relay_s, self.relay_outbox, "outbox", wake=self._relay_wanted),
            self._every(self.periods.heartbeat_s, self.heartbeat, "heartbeat"),
        )

    async def _every(
        self,
        period: float,
        job: Callable[[], object],
        name: str,
        *,
        wake: asyncio.Event | None = None,
    ) -> None:
        failures = 0
        while True:
            try:
                result = job()
                if asyncio.iscoroutine(result):
                    await result
                failures = 0
            except BackendError as exc:
                failures += 1
                log.info("backend job failed", extra={"job": name, "error": type(exc).__name__})
            except Exception:
                failures += 1
                log.exception("backend job crashed", extra={"job": name})
            # After a failure, try again sooner than the period (5 s, doubling), never later.
            wait = period if failures == 0 else min(period, 5.0 * 2 ** min(failures, 6))
            wait *= 1 + self._rng.uniform(-self.periods.jitter, self.periods.jitter)
            if wake is None:
                await asyncio.sleep(wait)
            else:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):  # not wait_for: see client._call
                        await wake.wait()
                wake.clear()

    def _backoff(self, attempts: int) -> float:
        base = min(600.0, 5.0 * 2 ** min(attempts, 7))
        return self._rng.uniform(base / 2, base)
