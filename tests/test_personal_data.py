"""Personal data stays on the screen of the visit it belongs to: not in the air, the logs or X11.

Each case is something a probe found: the full name said aloud in the hall,
an ID number left in the PRIMARY selection after the visit, a name or a birth
date in an exception message written to the log.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from devices.cccd import parse_cccd
from kiosk_app import logs
from kiosk_app.composition import KioskServices
from kiosk_app.destinations import Home
from kiosk_app.session import EndReason
from ui.launcher import KioskRuntime
from ui.screens.home import HomeScreen

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = (
    "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé, TP. Hồ Chí Minh|20042021"
)
IDENTITY = parse_cccd(PAYLOAD, today=date(2026, 12, 1))


def test_the_home_screen_greets_by_name_but_never_says_it(
    runtime: KioskRuntime, services: KioskServices
) -> None:
    services.session.touch()
    services.identity.accept(IDENTITY)
    runtime.window.go(Home())
    home = runtime.window.current_screen
    assert isinstance(home, HomeScreen)
    assert IDENTITY.full_name in home.greeting.text()
    spoken = home.spoken_text()
    assert spoken.startswith(("Xin chào", "Hello"))
    assert IDENTITY.full_name not in spoken
    assert "AN" not in spoken.split()


@pytest.fixture
def log_file(tmp_path: Path, kiosk_logging: Callable[..., Path]) -> Path:
    return kiosk_logging(tmp_path)


@pytest.mark.expect_logs("lookup failed")
def test_the_visits_personal_values_never_reach_the_log(log_file: Path, services: KioskServices) -> None:
    log = logging.getLogger("kiosk.test")
    services.session.touch()
    services.identity.accept(IDENTITY)
    try:
        # An exception message from a library, in its own letter case.
        raise KeyError("no record for Nguyễn Văn An at 12 lê lợi, phường bến nghé, tp. hồ chí minh")
    except KeyError:
        log.exception("lookup failed")
    log.info(
        "born %s / %s / %s, dossier %s", "15/03/1990", "15031990", "1990-03-15", "000.00.29.H29-251201-0007"
    )
    text = log_file.read_text(encoding="utf-8")
    for secret in (
        "Nguyễn Văn An",
        "NGUYỄN VĂN AN",
        "lê lợi",
        "15/03/1990",
        "15031990",
        "1990-03-15",
        "H29-251201",
    ):
        assert secret.casefold() not in text.casefold(), secret
    assert json.loads(text.splitlines()[-1])["msg"].count(logs.REDACTED) == 4


def test_the_values_are_forgotten_when_the_visit_ends(services: KioskServices) -> None:
    services.session.touch()
    services.identity.accept(IDENTITY)
    assert logs.redact("Nguyễn Văn An") == logs.REDACTED
    services.session.end(EndReason.FINISHED)
    # The next citizen's log lines are not searched for the last one's name.
    assert logs.redact("Nguyễn Văn An") == "Nguyễn Văn An"


SELECTION_SCRIPT = r"""
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from ui.guard import forget_copied_text

app = QApplication([])
clipboard = QGuiApplication.clipboard()
assert clipboard.supportsSelection()
field = QLineEdit("079090001234")
field.show()
QTest.qWaitForWindowExposed(field)
# Selecting the number (a plugged keyboard's Ctrl+A here) alone puts it in X11's PRIMARY selection.
QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
QTest.qWait(200)
before = clipboard.text(QClipboard.Mode.Selection)
forget_copied_text()
app.processEvents()
print(repr(before), repr(clipboard.text(QClipboard.Mode.Selection)))
"""


@pytest.mark.slow
def test_text_selected_in_a_field_leaves_the_primary_selection_at_the_end() -> None:
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", SELECTION_SCRIPT],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["'079090001234'", "''"]
