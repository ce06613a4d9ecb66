"""The technician's tools, for the technician screen: facts about this kiosk, device checks, a test of each.

Every check may wait on a device (a serial query, three seconds of listening),
so the screen runs them off the GUI thread. The test page prints through the
same ``PrintService`` as every other receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devices.base import DeviceRole, DeviceStatus
from devices.microphone import loudest
from kiosk_app.backend.service import BackendLink, LinkProblem
from kiosk_app.hardware import Hardware, check_for_technician
from kiosk_app.printing import PrintOutcome, PrintService
from kiosk_app.settings import Settings
from kiosk_app.store import Store


@dataclass(frozen=True)
class KioskFacts:
    kiosk_id: str
    site_file: str
    run_mode: str
    store_path: str
    store_ok: bool
    store_moved_aside: str | None
    visits: int
    log_file: str | None
    backend_url: str
    backend_problem: str | None  # why the kiosk cannot use the backend (credential, URL), if it cannot
    backend_problem_kind: LinkProblem | None
    backend_online: bool | None  # the last call's outcome; None before the first
    licences: int
    licences_as_of: float | None
    trusted_keys: int
    outbox_pending: int
    outbox_given_up: int


class TechnicianService:
    def __init__(
        self,
        settings: Settings,
        run_mode: str,
        store: Store,
        hardware: Hardware,
        printing: PrintService,
        log_file: Path | None,
        backend: BackendLink,
    ) -> None:
        self._backend = backend
        self._settings = settings
        self._run_mode = run_mode
        self._store = store
        self._hardware = hardware
        self._printing = printing
        self._log_file = log_file

    def facts(self) -> KioskFacts:
        report = self._store.report
        backend = self._backend
        fresh = backend.freshness()
        pending, given_up = backend.store.outbox_counts()
        return KioskFacts(
            kiosk_id=self._settings.site.kiosk_id,
            site_file=self._settings.source,
            run_mode=self._run_mode,
            store_path=str(report.path),
            store_ok=report.integrity_ok,
            store_moved_aside=None if report.moved_aside is None else str(report.moved_aside),
            visits=self._store.visit_count(),
            log_file=None if self._log_file is None else str(self._log_file),
            backend_url=self._settings.backend.url,
            backend_problem=backend.problem,
            backend_problem_kind=backend.problem_kind,
            backend_online=fresh.online,
            licences=backend.store.licence_count(),
            licences_as_of=fresh.licences_as_of,
            trusted_keys=backend.store.key_count(),
            outbox_pending=pending,
            outbox_given_up=given_up,
        )

    def check_devices(self) -> dict[DeviceRole, DeviceStatus]:
        """Every device's status, audio included (blocking)."""
        return check_for_technician(self._hardware)

    @property
    def has_printer(self) -> bool:
        return self._hardware.printer is not None

    @property
    def has_microphone(self) -> bool:
        return self._hardware.microphone is not None

    def print_test_page(self) -> PrintOutcome:
        """Always sent to the printer, whatever the last poll said (blocking; raises ``DeviceError``)."""
        return self._printing.print(self._printing.test_page("vi"), for_technician=True)

    def microphone_peak(self, seconds: float = 3.0) -> float:
        """The loudest level heard over ``seconds`` (0..1; blocking)."""
        microphone = self._hardware.microphone
        if microphone is None:
            raise RuntimeError("this kiosk has no microphone")
        return loudest(microphone, seconds=seconds)
