"""The backend as the rest of the kiosk sees it: ``BackendLink``.

Built once by the composition root. It owns the network loop, the client,
the local store and the background sync. Its blocking methods are for
background jobs and the CLI (never the GUI thread); ``check_licence`` needs
no network at all.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import enum
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk_app import __version__
from kiosk_app.backend.errors import BackendConfigError, BackendUnavailable, check_url
from kiosk_app.backend.licence_types import LicenceCheck
from kiosk_app.backend.local import BackendStore
from kiosk_app.backend.network import NetworkLoop
from kiosk_app.backend.state import Freshness, SyncPeriods, SyncReport
from kiosk_app.settings import Settings

if TYPE_CHECKING:
    from kiosk_app.backend import models
    from kiosk_app.backend.client import BackendClient
    from kiosk_app.backend.sync import SyncService

log = logging.getLogger(__name__)
T = TypeVar("T")


class LinkProblem(enum.Enum):
    """Why a kiosk cannot use the backend at all, so the technician area can say it in words."""

    NO_CREDENTIAL = "no_credential"  # no token file: the district has not enrolled this kiosk
    BAD_SETTING = "bad_setting"  # the URL or the CA file in the site file is unusable


@dataclass(frozen=True)
class LinkConfig:
    url: str
    token: str | None
    kiosk_id: str
    ca_file: Path | None
    timeout_s: float
    deadline_s: float
    periods: SyncPeriods

    @classmethod
    def from_settings(cls, settings: Settings) -> LinkConfig:
        config = settings.backend
        token = None
        if config.token_file:
            try:
                token = Path(config.token_file).expanduser().read_text(encoding="utf-8").strip() or None
            except OSError as exc:
                log.error("cannot read the backend credential file: %s", type(exc).__name__)
        return cls(
            url=config.url,
            token=token,
            kiosk_id=settings.site.kiosk_id,
            ca_file=Path(config.ca_file).expanduser() if config.ca_file else None,
            timeout_s=config.timeout_s,
            deadline_s=config.deadline_s,
            periods=SyncPeriods(
                licences_s=config.licence_sync_s,
                keys_s=config.key_refresh_s,
                heartbeat_s=config.heartbeat_s,
            ),
        )


class BackendLink:
    def __init__(
        self,
        config: LinkConfig,
        data_dir: Path,
        *,
        clock: Callable[[], float] = time.time,
        device_health: Callable[[], dict[str, str]] = dict,
        metrics: Callable[[], dict[str, float]] | None = None,
    ) -> None:
        self.config = config
        self._metrics = metrics
        self.store = BackendStore.open(data_dir / "backend.sqlite3")
        self.network = NetworkLoop()
        self.problem: str | None = None  # the detail, for the log and the command line
        self.problem_kind: LinkProblem | None = None
        self._clock = clock
        self._device_health = device_health
        self._client: BackendClient | None = None
        self._sync: SyncService | None = None
        self._lock = threading.Lock()
        self._background = False
        self._running: concurrent.futures.Future[None] | None = None
        self._jobs: list[tuple[str, float, Callable[[BackendClient], Awaitable[object]]]] = []
        # httpx, the client and the sync are built on first use (after the first paint),
        # so a kiosk starts without loading them.
        if config.token is None:
            self.problem = "no backend credential (backend.token_file)"
            self.problem_kind = LinkProblem.NO_CREDENTIAL
            return
        try:
            check_url(config.url)
        except BackendConfigError as exc:
            self.problem, self.problem_kind = str(exc), LinkProblem.BAD_SETTING
            log.error("the backend is not usable: %s", exc)

    def _built(self) -> tuple[BackendClient, SyncService]:
        with self._lock:
            if self._client is None or self._sync is None:
                if self.problem is not None or self.config.token is None:
                    raise BackendUnavailable(self.problem or "the backend is not configured")
                from kiosk_app.backend.client import BackendClient, ClientSettings
                from kiosk_app.backend.sync import SyncService

                config = self.config
                assert config.token is not None  # checked above
                try:
                    self._client = BackendClient(
                        ClientSettings(
                            url=config.url,
                            token=config.token,
                            kiosk_id=config.kiosk_id,
                            ca_file=config.ca_file,
                            timeout_s=config.timeout_s,
                            deadline_s=config.deadline_s,
                        )
                    )
                except BackendConfigError as exc:
                    self.problem, self.problem_kind = str(exc), LinkProblem.BAD_SETTING
                    log.error("the backend is not usable: %s", exc)
                    raise BackendUnavailable(self.problem) from None
                self._sync = SyncService(
                    self._client,
                    self.store,
                    periods=config.periods,
                    clock=self._clock,
                    device_health=self._device_health,
                    version=__version__,
                    metrics=self._metrics,
                )
            return self._client, self._sync

    @property
    def configured(self) -> bool:
        return self.problem is None

    def start_background(self) -> None:
        """The periodic sync, relay and heartbeat, on the network thread; the GUI never waits on them."""
        if not self.configured or self._background:
            return
        try:
            _, sync = self._built()
        except BackendUnavailable:
            return
        self._background = True
        client = self._client
        assert client is not None
        for name, period, job in self._jobs:
            sync.add_job(name, period, lambda job=job: job(client))  # type: ignore[misc]
        self._running = self.network.submit(sync.run())

    def close(self) -> None:
        # The background jobs first, then the client they use, then the loop.
        running, self._running = self._running, None
        if running is not None:
            running.cancel()
            with contextlib.suppress(concurrent.futures.CancelledError, concurrent.futures.TimeoutError):
                running.result(timeout=5)
        if self._client is not None:
            client = self._client
            try:
                self.network.run(client.close(), timeout=5)
            except Exception:  # noqa: BLE001 - closing on the way out; nothing to save
                log.info("backend client did not close cleanly")
        self.network.stop()
        self.store.close()

    # --- blocking calls for jobs and the CLI -----------------------------------------
    def _require(self) -> tuple[BackendClient, SyncService]:
        return self._built()

    def _wait(self) -> float:
        return self.config.deadline_s + 5.0

    def sync_once(self) -> SyncReport:
        _, sync = self._require()
        return self.network.run(sync.once(), timeout=None)

    def dossier_status(
        self,
        code: str | None,
        *,
        slip_ref: str | None = None,
        owner_id: str | None = None,
        lookup_secret: str | None = None,
    ) -> models.DossierStatusReply:
        client, sync = self._require()
        try:
            reply = self.network.run(
                client.dossier_status(
                    code, slip_ref=slip_ref, owner_id=owner_id, lookup_secret=lookup_secret
                ),
                timeout=self._wait(),
            )
        except BackendUnavailable:
            sync.note_failure()  # the screens' freshness follows every call
            raise
        sync.note_answer()
        return reply

    def documents_on_file(
        self, citizen_id: str, procedures: list[str], *, chip_verified: bool, consent: bool
    ) -> models.DocumentsOnFile:
        client, sync = self._require()
        try:
            reply = self.network.run(
                client.documents_on_file(
                    citizen_id, procedures, chip_verified=chip_verified, consent=consent
                ),
                timeout=self._wait(),
            )
        except BackendUnavailable:
            sync.note_failure()
            raise
        sync.note_answer()
        return reply

    def issue_ticket(
        self, key: str, service: str, lane: str, *, deadline_s: float | None = None
    ) -> models.Ticket:
        client, sync = self._require()
        return self._noted(sync, client.issue_ticket(key, service, lane, deadline_s=deadline_s))

    def check_in(self, key: str, booking_code: str) -> models.CheckedIn:
        client, sync = self._require()
        return self._noted(sync, client.check_in(key, booking_code))

    def add_job(self, name: str, period: float, job: Callable[[BackendClient], Awaitable[object]]) -> None:
        """A periodic job on the network loop, given the client (the queue's reserved numbers).

        Kept until ``start_background``: nothing is built or imported before the first paint.
        """
        self._jobs.append((name, period, job))

    def _noted(self, sync: SyncService, call: Coroutine[Any, Any, T]) -> T:
        try:
            reply = self.network.run(call, timeout=self._wait())
        except BackendUnavailable:
            sync.note_failure()
            raise
        sync.note_answer()
        return reply

    def check_licence(self, payload: str) -> LicenceCheck:
        from kiosk_app.backend.licences import check_licence  # cryptography: loaded on first scan

        return check_licence(payload, self.store)

    def freshness(self) -> Freshness:
        if self._sync is None:
            return Freshness(False if self.problem else None, None, self.store.licences_synced_at())
        return self._sync.freshness()

    def want_relay(self) -> None:
        if self._sync is not None:
            self._sync.want_relay()
