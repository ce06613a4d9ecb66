"""Starting the kiosk in two steps: paint the first screen, then build what stands behind it.

Step one imports only Qt and the theme, and paints the attract view in the
frame (ui/frame.py) from what the first screen shows (kiosk_app/first_screen.py:
remembered from the last start with the same site file, or read from it). Step two (ui/launcher.py) composes
the services, builds the window and hands it to the frame. Whatever the
first paint does not need is imported in step two: keep this module, the
frame and the attract view free of the rest (tests/test_start.py checks).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk_app.run_mode import RunMode
from ui.frame import KioskFrame

if TYPE_CHECKING:
    from kiosk_app.first_screen import FirstScreen
    from kiosk_app.settings import Settings

# Messages of Qt's own that say nothing about the kiosk (platform limits).
QT_NOISE = ("This plugin does not support propagateSizeHints",)
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")
# How long the first paint waits for the display to map the window (xcb maps it asynchronously).
EXPOSE_WAIT_S = 0.5


def _route_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not message.startswith(QT_NOISE):
        _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), message, extra={"category": context.category})


def route_qt_messages_to_log() -> None:
    """Qt's warnings go to the kiosk's JSON log instead of a console nobody reads."""
    qInstallMessageHandler(_route_qt_message)


def create_application() -> QApplication:
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0]])
    app.setApplicationName("hcmc-kiosk")
    app.setApplicationDisplayName("Kiosk")
    return app


def process_age_s() -> float | None:
    """Seconds since this process started (Linux, 10 ms resolution), for start-up figures."""
    try:
        start_ticks = int(Path("/proc/self/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def paint_now(frame: KioskFrame) -> None:
    """Put the frame on screen before step two blocks the event loop for a moment.

    A real display maps the window asynchronously: wait (briefly) until it is
    exposed, then paint synchronously.
    """
    app = QApplication.instance()
    deadline = time.monotonic() + EXPOSE_WAIT_S
    handle = frame.windowHandle()
    while app is not None and handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    frame.repaint()
    QCoreApplication.processEvents()


def show_frame(first: FirstScreen, mode: RunMode, window_size: tuple[int, int]) -> KioskFrame:
    frame = KioskFrame(first)
    if mode is RunMode.KIOSK:
        frame.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        frame.showFullScreen()
    else:
        frame.resize(*window_size)
        frame.show()
    paint_now(frame)
    return frame


def launch(
    first: FirstScreen,
    load: Callable[[], Settings | None],
    mode: RunMode,
    *,
    window_size: tuple[int, int] = (1920, 1080),
    prepare: Callable[[Settings], Settings] | None = None,
) -> int | None:
    """Kiosk and demo mode: paint ``first``, then ``load`` the settings and build the kiosk behind it.

    None when the settings did not load (``load`` has said why). ``prepare`` runs after the
    first paint (the demo starts its backend there).
    """
    route_qt_messages_to_log()
    create_application()
    frame = show_frame(first, mode, window_size)
    settings = load()
    if settings is None:
        frame.close()
        return None
    from ui.launcher import run  # step two: everything behind the first screen

    return run(frame, prepare(settings) if prepare is not None else settings, mode)


def self_test(first: FirstScreen, load: Callable[[], Settings | None]) -> dict[str, Any]:
    """Offscreen: paint the first screen as a real start does, then build and check everything."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    route_qt_messages_to_log()
    create_application()
    frame = show_frame(first, RunMode.SELF_TEST, (1920, 1080))
    first_image = frame.grab().toImage()
    first_paint = process_age_s()
    first_paint_at = time.time()  # for benchmarks: from their launch, in milliseconds
    settings = load()
    if settings is None:
        frame.close()
        return {"ok": False, "reason": "the site file has problems (listed on standard error)"}
    from ui.launcher import self_test_behind

    report = self_test_behind(frame, settings)
    if first_image.isNull():
        report.update({"ok": False, "reason": "the first screen did not paint"})
    report["first_paint_after_start_s"] = None if first_paint is None else round(first_paint, 3)
    report["first_paint_at"] = first_paint_at
    report["config"] = settings.source
    return report
