"""The composition root: builds every Qt-free service once, in order, and nothing else does.

config -> logs -> storage -> session -> messages -> catalogue -> speech output
-> devices -> the backend link -> use cases (guide, printing, identity, scans,
assistant, dossier status, documents on file). The
UI's launcher (``ui/launcher.py``) calls ``build_services`` and builds the
window around what it returns; each screen is handed only the services it
uses. Nothing is global, so tests build their own set with their own clock
and folders.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk_app import logs, paths
from kiosk_app.assistant.voice import VoiceService
from kiosk_app.backend.service import BackendLink, LinkConfig
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.demo_panel import DemoPanel
from kiosk_app.device_health import DeviceHealthBoard
from kiosk_app.documents_on_file import DocumentsOnFileService
from kiosk_app.dossier_lookup import DossierLookup
from kiosk_app.guide import GuideService
from kiosk_app.hardware import Hardware, build_hardware
from kiosk_app.identity import IdentityService
from kiosk_app.messages import MessageCatalogue
from kiosk_app.metrics import ServiceMetrics
from kiosk_app.pins import PinGuard, Role
from kiosk_app.printing import PrintService
from kiosk_app.procedure_use import ProcedureUse
from kiosk_app.queue import QueueService
from kiosk_app.run_mode import RunMode
from kiosk_app.satisfaction import SatisfactionService
from kiosk_app.scan_routing import ScanRouting
from kiosk_app.session import CitizenSession, Preferences, VisitSummary
from kiosk_app.settings import Settings
from kiosk_app.speech import QuietSpeaker, Speaker
from kiosk_app.store import Store
from kiosk_app.systemd import SystemdNotifier
from kiosk_app.technician import TechnicianService

log = logging.getLogger(__name__)


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
    messages: MessageCatalogue
    catalogue: CatalogueService
    speaker: Speaker
    hardware: Hardware
    device_health: DeviceHealthBoard
    guide: GuideService
    use: ProcedureUse
    printing: PrintService
    identity: IdentityService
    scans: ScanRouting
    voice: VoiceService
    technician: TechnicianService
    demo_panel: DemoPanel
    backend: BackendLink
    dossiers: DossierLookup
    on_file: DocumentsOnFileService
    queue: QueueService
    satisfaction: SatisfactionService
    metrics: ServiceMetrics

    def close(self) -> None:
        self.voice.abandon()
        self.backend.close()
        self.hardware.close()
        self.speaker.close()
        self.store.close()


def build_services(
    settings: Settings,
    mode: RunMode,
    *,
    clock: Callable[[], float] = time.monotonic,
    configure_logging: bool = True,
    notifier: SystemdNotifier | None = None,
    speaker: Speaker | None = None,
) -> KioskServices:
    """Everything the kiosk runs on. ``speaker``: pass ``speech_worker(settings)`` to really speak."""
    log_file = None
    if configure_logging:
        log_file = logs.configure(
            settings.log_dir(),
            level=settings.logging.level,
            max_bytes=settings.logging.max_bytes,
            backup_count=settings.logging.backup_count,
        )
    store = Store.open(settings.data_dir() / "kiosk.sqlite3")
    session = _session(settings, clock, store)
    pins = PinGuard(
        {
            Role.STAFF: settings.security.staff_pin_hash,
            Role.TECHNICIAN: settings.security.technician_pin_hash,
        },
        max_attempts=settings.security.max_pin_attempts,
        lockout_s=settings.security.lockout_s,
        clock=clock,
        memory=store,
    )
    messages = MessageCatalogue()
    # Loaded explicitly, in the background, once the first screen shows (ui/launcher.py).
    catalogue = CatalogueService(
        settings.catalogue_dir(),
        paths.install_root() / "procedures",
        calendar=WorkCalendar.of(settings.calendar.holidays, settings.calendar.saturday_is_working_day),
    )
    metrics = ServiceMetrics(settings.site.kiosk_id)
    session.ended.connect(lambda visit: metrics.visit_ended(visit.reason.value))
    speaker = speaker or QuietSpeaker()
    hardware = build_hardware(settings, is_speaking=speaker.speaking)
    health = DeviceHealthBoard()
    printing = PrintService(
        settings.site, hardware.printer, health, messages, payment=settings.payment, on_result=metrics.printed
    )
    log.info(
        "services built",
        extra={
            "mode": mode.value,
            "site": settings.site.kiosk_id,
            "store_schema": store.report.schema_version,
        },
    )
    use = ProcedureUse(store, settings.catalogue.common, on_begun=metrics.procedure_begun)
    # The network loop starts with the first call or start_background(); nothing connects here.
    backend = BackendLink(
        LinkConfig.from_settings(settings),
        settings.data_dir(),
        device_health=health.summary,
        metrics=metrics.snapshot if settings.metrics.enabled else None,
    )
    metrics.watch(health, backend, time.time)
    voice = VoiceService(settings, catalogue, messages, hardware.microphone)
    voice.on_asked = metrics.asked
    return KioskServices(
        settings=settings,
        mode=mode,
        store=store,
        session=session,
        pins=pins,
        notifier=notifier or SystemdNotifier(),
        clock=clock,
        log_file=log_file,
        messages=messages,
        catalogue=catalogue,
        speaker=speaker,
        hardware=hardware,
        device_health=health,
        guide=GuideService(catalogue, session, settings.site, messages, use),
        use=use,
        printing=printing,
        identity=IdentityService(session, hardware.id_reader),
        scans=ScanRouting(),
        voice=voice,
        technician=TechnicianService(settings, mode.value, store, hardware, printing, log_file, backend),
        demo_panel=DemoPanel(hardware),
        backend=backend,
        dossiers=DossierLookup(backend, session, per_visit=settings.backend.lookups_per_visit),
        on_file=DocumentsOnFileService(backend, session),
        queue=QueueService(
            backend,
            session,
            settings.site,
            settings.queue,
            on_handed=lambda ticket, outcome: metrics.ticket(
                ticket.service,
                ticket.lane.value,
                outcome,
                offline=ticket.offline,
                people_ahead=ticket.people_ahead,
            ),
        ),
        satisfaction=SatisfactionService(backend, on_rated=lambda level: metrics.rated(level.value)),
        metrics=metrics,
    )


def speech_worker(settings: Settings) -> Speaker:
    """espeak-ng in its own process, with the site's voices and rate (kiosk and demo mode)."""
    # Imported here: multiprocessing is not needed before the first paint.
    from kiosk_app.assistant.tts import SpeechWorker, VoiceSettings, WorkerSpeaker

    config = settings.assistant
    voices = VoiceSettings({"vi": config.voice_vi, "en": config.voice_en}, rate=config.speech_rate)
    return WorkerSpeaker(SpeechWorker(voices))


def _session(settings: Settings, clock: Callable[[], float], store: Store) -> CitizenSession:
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
    return session
