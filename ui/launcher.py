"""Step two of a start: the services, the window around them, and the event loop.

ui/start.py has painted the first screen in the frame; ``run`` (kiosk and
demo mode) composes the services, builds the window, hands it to the frame
and runs the qasync event loop (one asyncio loop inside Qt, for network and
serial I/O) with hardening, error handling and the systemd watchdog.
``build_runtime`` is the same minus the frame and the event loop, and is
what tests use.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QSocketNotifier, QTimer
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk_app.composition import KioskServices, build_services, speech_worker
from kiosk_app.run_mode import RunMode
from kiosk_app.settings import Settings
from kiosk_app.speech import Speaker
from ui.device_monitor import DeviceMonitor
from ui.frame import KioskFrame
from ui.guard import KioskGuard, serving_taps
from ui.i18n import LanguageSwitcher
from ui.jobs import BackgroundJobs
from ui.keyboard_wedge import KeyboardWedge, WedgeSettings
from ui.scan_router import ScanRouter
from ui.screens.base import ScreenId
from ui.start import create_application, process_age_s
from ui.window import KioskWindow

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


@dataclass
class KioskRuntime:
    app: QApplication
    window: KioskWindow
    guard: KioskGuard
    jobs: BackgroundJobs
    languages: LanguageSwitcher
    speaker: Speaker
    router: ScanRouter
    wedge: KeyboardWedge | None
    monitor: DeviceMonitor
    frame: KioskFrame | None = None

    def close(self) -> None:
        self.monitor.stop()
        self.window.services.voice.abandon()
        self.window.voice.close()
        if self.wedge is not None:
            self.app.removeEventFilter(self.wedge)
        self.app.removeEventFilter(self.guard)
        self.guard.remove_link_handlers()
        self.window.may_close = True
        self.window.close()
        if self.frame is not None:
            self.frame.close()
            self.frame.deleteLater()
        self.jobs.shutdown()
        self.languages.close()
        self.window.deleteLater()
        # Delete now, not at the next loop turn: a dead window must not get
        # the next runtime's language-change events.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def build_runtime(services: KioskServices, frame: KioskFrame | None = None) -> KioskRuntime:
    """The window and what serves it; in ``frame`` when one was painted first (a real start)."""
    app = create_application()
    jobs = BackgroundJobs(app)
    languages = LanguageSwitcher(app)
    speaker = services.speaker
    window = KioskWindow(
        services,
        jobs=jobs,
        speaker=speaker,
        languages=languages,
        kiosk_mode=services.mode is RunMode.KIOSK,
    )
    guard = KioskGuard(services.session.touch, app)
    app.installEventFilter(guard)
    guard.install_link_handlers()
    router = ScanRouter(window, services.scans)
    wedge = None
    scanner_settings = services.settings.scanner
    if scanner_settings.connection == "keyboard":
        # Installed after the guard, so it sees keys first (filters run newest first).
        wedge = KeyboardWedge(
            WedgeSettings(
                max_gap_s=scanner_settings.wedge_max_gap_ms / 1000,
                min_length=scanner_settings.wedge_min_length,
                prefix=scanner_settings.wedge_prefix,
            ),
            parent=app,
        )
        wedge.scanned.connect(router.arrived.emit)
        app.installEventFilter(wedge)
    scanner = services.hardware.scanner
    if scanner is not None:
        scanner.on_scan(router.arrived.emit)  # from its reader thread, queued to ours
        scanner.open()
    monitor = DeviceMonitor(services, jobs, app)
    monitor.changed.connect(window.devices_changed)
    if frame is not None:
        frame.adopt(window)
    return KioskRuntime(app, window, guard, jobs, languages, speaker, router, wedge, monitor, frame)


def install_exception_handlers(
    runtime: KioskRuntime, loop: asyncio.AbstractEventLoop | None = None
) -> Callable[[], None]:
    """Log any uncaught error and show the error screen; returns the undo."""
    previous = sys.excepthook
    handling = False

    def show_error() -> None:
        nonlocal handling
        if handling:  # an error while showing the error screen: do not loop
            return
        handling = True
        try:
            runtime.window.show_error()
        finally:
            handling = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.error("unhandled error", exc_info=(kind, error, tb))
        show_error()

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        log.error(
            "unhandled error in a background task",
            exc_info=(type(error), error, error.__traceback__) if isinstance(error, BaseException) else None,
            extra={"context": str(context.get("message", ""))},
        )
        show_error()

    sys.excepthook = hook
    if loop is not None:
        loop.set_exception_handler(loop_handler)

    def undo() -> None:
        sys.excepthook = previous

    return undo


def _start_watchdog(runtime: KioskRuntime, services: KioskServices) -> QTimer | None:
    interval = services.notifier.watchdog_interval_s
    if interval is None:
        return None
    # A QTimer on the GUI thread: if the event loop freezes, or something modal keeps
    # taps from the window (timers still fire then), the pings stop and systemd
    # restarts the kiosk.
    timer = QTimer(runtime.window)
    timer.setInterval(max(1000, int(interval * 1000)))
    timer.timeout.connect(lambda: services.notifier.ping_watchdog() if serving_taps() else None)
    timer.start()
    return timer


def run(frame: KioskFrame, settings: Settings, mode: RunMode) -> int:
    """Kiosk and demo mode, once ui/start.py has painted the first screen in ``frame``."""
    # Imported here: qasync picks its Qt binding at import time, and neither
    # is needed by the self-test or the tests, which start faster without.
    import asyncio

    import qasync

    app = create_application()
    services = build_services(settings, mode, speaker=speech_worker(settings))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    runtime = build_runtime(services, frame)
    install_exception_handlers(runtime, loop)
    _start_watchdog(runtime, services)
    # The attract screen needs no procedures: load them once it is up; screens showing
    # procedures refresh when the catalogue announces the load (KioskWindow._catalogue_changed).
    QTimer.singleShot(0, lambda: runtime.jobs.run(services.catalogue.ensure_loaded, lambda _: None))
    QTimer.singleShot(0, runtime.monitor.start)  # unplug / replug is noticed from here on
    # Speech models take seconds and hundreds of MB: loaded once the kiosk is usable.
    QTimer.singleShot(0, runtime.window.voice.load_models)
    # Licence sync, trust list, outbox relay and heartbeat: their own thread from here on.
    QTimer.singleShot(0, services.backend.start_background)
    if services.settings.metrics.enabled:  # counters on 127.0.0.1, for the fleet's Prometheus
        QTimer.singleShot(0, lambda: services.metrics.serve(services.settings.metrics.port))
    stop_on_signals = _quit_on_termination_signals(app)
    services.notifier.ready(status="showing the attract screen")
    log.info("kiosk started", extra={"mode": services.mode.value})

    quit_requested = asyncio.Event()
    app.aboutToQuit.connect(quit_requested.set)
    with loop:
        loop.run_until_complete(quit_requested.wait())
    services.notifier.stopping()
    stop_on_signals.setEnabled(False)
    runtime.close()  # waits for background jobs (a model still loading, a print)
    services.close()
    log.info("kiosk stopped")
    return 0


def _quit_on_termination_signals(app: QApplication) -> QSocketNotifier:
    """SIGTERM (systemd stop) and SIGINT quit cleanly, closing the store.

    Python runs signal handlers only when the interpreter gets control, which
    it may not while Qt waits for events; the wake-up fd makes Qt's loop
    notice the signal and hand control back to Python at once.
    """
    import signal
    import socket

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(drain)
    # Keep the sockets alive as long as the notifier.
    notifier.setProperty("kiosk_sockets", [reader, writer])
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    return notifier


def resident_memory_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_receipts(services: KioskServices) -> None:
    """Print the test page through the one print path onto a simulated printer; the bytes hold a raster."""
    from devices.printer import SimulatedPrinter
    from kiosk_app.printing import PrintService

    recorder = SimulatedPrinter(profile=services.settings.printer.profile)
    PrintService(services.settings.site, recorder, services.device_health, services.messages).print(
        services.printing.test_page("vi"), for_technician=True
    )
    if not recorder.printed or b"\x1dv0" not in recorder.printed[-1][1]:
        raise RuntimeError("no raster image in the printer bytes")


def check_assistant(services: KioskServices) -> dict[str, Any]:
    """Understand a question (with the trained classifier), load vosk's library, speak a word into a
    file; raises on failure."""
    import tempfile
    import wave

    import vosk

    from kiosk_app.assistant.tts import SpeechWorker, VoiceSettings

    vosk.SetLogLevel(-2)  # loads libvosk: a bundle without it fails here
    assistant = services.voice.assistant()
    understood = assistant.ask("lệ phí đăng ký khai sinh bao nhiêu", "vi").understanding
    if (understood.intent, understood.slots.get("procedure")) != ("ask_fee", "1.001193"):
        raise RuntimeError(f"understood {understood.intent} {understood.slots}")
    # Without its trained classifier the assistant still answers, but worse: a bundle must carry it.
    untrained = [language for language in ("vi", "en") if not assistant.has_classifier(language)]
    if untrained:
        raise RuntimeError(f"no trained classifier for {untrained} (run: kiosk assistant train)")
    worker = SpeechWorker(VoiceSettings({}), spare=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "hello.wav"
            event = worker.wait(worker.save("Xin chào", "vi", target), timeout=30)
            if event is None or event.kind != "done":
                raise RuntimeError(f"speech worker: {event}")
            with wave.open(str(target), "rb") as audio:
                spoken_s = audio.getnframes() / audio.getframerate()
    finally:
        worker.close()
    return {"intent": understood.intent.value, "spoken_s": round(spoken_s, 2)}


def self_test_behind(frame: KioskFrame, settings: Settings) -> dict[str, Any]:
    """Step two of the self-test: build everything behind the painted frame, show home, check it painted."""
    try:
        services = build_services(settings, RunMode.SELF_TEST)
    except Exception as exc:  # noqa: BLE001 - the self-test reports any failure as its result
        frame.close()
        return {"ok": False, "reason": f"cannot start services: {exc}"}
    try:
        report = _check_behind(frame, services)
        report["store"] = str(services.store.report.path)
    finally:
        services.close()
    return report


def _check_behind(frame: KioskFrame, services: KioskServices) -> dict[str, Any]:
    started = time.perf_counter()
    runtime = build_runtime(services, frame)
    window = runtime.window
    services.session.touch()
    window.home()
    QApplication.processEvents()
    image = window.grab().toImage()
    painted_ms = (time.perf_counter() - started) * 1000
    since_start = process_age_s()
    painted_at = time.time()
    report: dict[str, Any] = {"ok": True}
    colours = {
        image.pixelColor(x, y).rgb()
        for x in range(0, image.width(), 97)
        for y in range(0, image.height(), 89)
    }
    if window.current is not ScreenId.HOME:
        report = {"ok": False, "reason": f"expected the home screen, got {window.current.value}"}
    elif image.isNull() or len(colours) < 3:
        report = {"ok": False, "reason": "the home screen did not paint"}
    # The procedure catalogue must load (after the paint, as in a real start).
    services.catalogue.ensure_loaded()
    procedures = len(services.catalogue.catalogue.procedures)
    if procedures == 0:
        report = {"ok": False, "reason": "no procedure scripts could be loaded"}
    # Every language the site offers must have its translations in place.
    missing = [lang for lang in services.settings.ui.languages if not runtime.languages.available(lang)]
    if missing:
        report = {"ok": False, "reason": f"translations missing for {missing}"}
    # Receipts must render and encode (bundled fonts, python-escpos profiles).
    try:
        check_receipts(services)
    except Exception as exc:  # noqa: BLE001 - the self-test reports any failure as its result
        report = {"ok": False, "reason": f"receipts cannot be made: {exc.__class__.__name__}: {exc}"}
    # E-licences must verify (CBOR, COSE, Base45 and Ed25519 in the bundle).
    from kiosk_app.backend.licences import self_check as licence_self_check

    try:
        if not licence_self_check():
            report = {"ok": False, "reason": "e-licence verification gave a wrong answer"}
    except Exception as exc:  # noqa: BLE001 - as above
        report = {"ok": False, "reason": f"e-licences cannot be checked: {exc.__class__.__name__}: {exc}"}
    # The ID card's chip protocol must run (PACE, secure messaging, passive authentication).
    from devices.id_reader import protocol_self_check

    chip_problem = protocol_self_check()
    if chip_problem:
        report = {"ok": False, "reason": f"the ID-card chip protocol cannot run: {chip_problem}"}
    # The assistant must understand text and speak (intent files, vosk's library, espeak-ng).
    try:
        assistant_ok = check_assistant(services)
    except Exception as exc:  # noqa: BLE001 - as above
        report = {"ok": False, "reason": f"the assistant cannot work: {exc.__class__.__name__}: {exc}"}
        assistant_ok = {}
    report.update(
        {
            "screen": window.current.value,
            "painted_ms": round(painted_ms, 1),
            "procedures": procedures,
            "home_painted_after_start_s": None if since_start is None else round(since_start, 3),
            "home_painted_at": painted_at,
            "rss_mb": round(resident_memory_mb(), 1),
            "assistant": assistant_ok,
            "platform": QGuiApplication.platformName(),
            "background": QColor(image.pixelColor(5, image.height() // 2)).name(),
        }
    )
    runtime.close()
    return report
