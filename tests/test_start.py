"""The two-step start: the first screen paints before the services exist, then the window takes its place."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.composition import KioskServices
from kiosk_app.first_screen import FirstScreen
from ui.frame import KioskFrame
from ui.launcher import build_runtime
from ui.screens.base import ScreenId

# What the first paint must not wait for: the services, the window, the procedure model.
HEAVY = (
    "kiosk_app.composition",
    "ui.window",
    "ui.launcher",
    "kiosk_app.catalogue.model",
    "kiosk_app.session",
)


def test_the_first_paint_imports_none_of_the_services() -> None:
    probe = (
        "import sys; import kiosk_app.cli, ui.start; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.expect_logs("refused a request to close")
def test_the_frame_shows_the_attract_view_then_adopts_the_window(
    qtbot: QtBot, services: KioskServices
) -> None:
    frame = KioskFrame(FirstScreen.from_settings(services.settings))
    qtbot.addWidget(frame)
    frame.resize(1920, 1080)
    frame.show()
    assert frame.first_view is not None
    assert services.settings.site.centre_name_vi in frame.first_view.centre.text()
    first = frame.grab().toImage()
    runtime = build_runtime(services, frame)
    try:
        assert frame.first_view is None
        assert runtime.window.parent() is frame
        assert runtime.window.current is ScreenId.ATTRACT
        # The citizen sees no change: same size (the window fits the screen), same pixels.
        QApplication.processEvents()
        adopted = frame.grab().toImage()
        assert adopted.size() == first.size() == frame.size()
        changed = [
            (x, y)
            for x in range(0, first.width(), 11)
            for y in range(0, first.height(), 11)
            if first.pixel(x, y) != adopted.pixel(x, y)
        ]
        assert changed == []
        runtime.window.may_close = False
        refused = QCloseEvent()
        frame.closeEvent(refused)
        assert not refused.isAccepted()
        runtime.window.may_close = True
        allowed = QCloseEvent()
        frame.closeEvent(allowed)
        assert allowed.isAccepted()
    finally:
        runtime.close()
