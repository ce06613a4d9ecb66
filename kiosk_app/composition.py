"""The composition root: builds every Qt-free service once, in order.

config -> logs -> storage -> procedure catalogue -> devices -> services. The UI's launcher
(``ui/launcher.py``) calls ``build_services`` and then builds the windows
around what it returns; nothing else constructs services, and nothing is
global, so tests build their own set with their own clock and folders.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_app import logs, paths
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.device_health import DeviceHealthBoard
from kiosk_app.hardware import Hardware, build_hardware
from kiosk_app.pins import PinGuard, Role
from kiosk_app.session import CitizenSession, Preferences, VisitSummary
from kiosk_app.settings import Settings
from kiosk_app.store import Store
from kiosk_app.systemd import SystemdNotifier

log = logging.getLogger(__name__)


class RunMode(enum.Enum):
    KIOSK = "kiosk"  # fullscreen, frameless, real devices
    DEMO = "demo"  # a window, simulated devices
    SELF_TEST = "self-test"  # offscreen, shows home, exits


@dataclass
class KioskServices:
    settings: Settings
    mode: RunMode
    store: Store
    session: CitizenSession
    pins: PinGuard
    notifier: SystemdNotifier
    clock: Callable[[], float]
    log_file: Path | None
    catalogue: CatalogueService
    hardware: Hardware
    device_health: DeviceHealthBoard = field(default_factory=DeviceHealthBoard)

    def close(self) -> None:
        self.hardware.close()
        self.store.close()


def build_services(
    settings: Settings,
    mode: RunMode,
    *,
    clock: Callable[[], float] = time.monotonic,
    configure_logging: bool = True,
    notifier: SystemdNotifier | None = None,
) -> KioskServices:
    log_file = None
    if configure_logging:
        log_file = logs.configure(
            settings.log_dir(),
            level=settings.logging.level,
            max_bytes=settings.logging.max_bytes,
            backup_count=settings.logging.backup_count,
        )
    store = Store.open(settings.data_dir() / "kiosk.sqlite3")
    defaults = Preferences(
        language=settings.ui.default_language,
        large_text=settings.ui.large_text,
        high_contrast=settings.ui.high_contrast,
        audio_guidance=settings.ui.audio_guidance,
    )
    session = CitizenSession(
        idle_timeout_s=settings.session.idle_timeout_s,
        warning_s=settings.session.warning_s,
        defaults=defaults,
        clock=clock,
    )

    def record(visit: VisitSummary) -> None:
        store.record_visit(
            ended_at=time.time(),
            duration_s=visit.duration_s,
            reason=visit.reason.value,
            language=visit.language,
        )
        log.info(
            "citizen session ended",
            extra={"reason": visit.reason.value, "duration_s": round(visit.duration_s, 1)},
        )

    session.ended.connect(record)
    session.started.connect(lambda _: log.info("citizen session started"))
    pins = PinGuard(
        {
            Role.STAFF: settings.security.staff_pin_hash,
            Role.TECHNICIAN: settings.security.technician_pin_hash,
        },
        max_attempts=settings.security.max_pin_attempts,
        lockout_s=settings.security.lockout_s,
        clock=clock,
    )
    catalogue = CatalogueService(
        settings.catalogue_dir(),
        paths.install_root() / "procedures",
        calendar=WorkCalendar.of(settings.calendar.holidays, settings.calendar.saturday_is_working_day),
    )
    # Loaded in the background once the first screen shows (see ui/launcher.py).
    hardware = build_hardware(settings)
    log.info(
        "services built",
        extra={
            "mode": mode.value,
            "site": settings.site.kiosk_id,
            "store_schema": store.report.schema_version,
        },
    )
    return KioskServices(
        settings=settings,
        mode=mode,
        store=store,
        session=session,
        pins=pins,
        notifier=notifier or SystemdNotifier(),
        clock=clock,
        log_file=log_file,
        catalogue=catalogue,
        hardware=hardware,
    )
