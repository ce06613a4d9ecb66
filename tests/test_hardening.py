"""Kiosk hardening: nothing leads out of the kiosk without a PIN."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.composition import KioskServices
from kiosk_app.pins import PinGuard, Role
from kiosk_app.run_mode import RunMode
from tests.conftest import STAFF_PIN, TECHNICIAN_PIN, FakeClock
from ui.guard import serving_taps
from ui.launcher import KioskRuntime, build_runtime
from ui.screens.base import ScreenId
from ui.screens.pin import PinScreen


class Recorder(QLineEdit):
    def __init__(self) -> None:
        super().__init__()
        self.context_menus = 0

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menus += 1


def test_context_menus_never_open(qtbot: QtBot, runtime: KioskRuntime) -> None:
    field = Recorder()
    qtbot.addWidget(field)
    field.show()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    QApplication.sendEvent(field, event)
    assert field.context_menus == 0
    # Without the guard the same event gets through: the test can fail.
    runtime.app.removeEventFilter(runtime.guard)
    QApplication.sendEvent(
        field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    )
    assert field.context_menus == 1


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Super_L, Qt.KeyboardModifier.MetaModifier),
    ],
)
def test_key_combinations_are_swallowed(
    qtbot: QtBot, runtime: KioskRuntime, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    QApplication.sendEvent(
        field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    )
    QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, ""))
    # Plain typing still works (the scanner filter hands it over a moment later).
    qtbot.waitUntil(lambda: field.text() == "a", timeout=1000)
    assert runtime.guard.eventFilter(field, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, "")) is True


@pytest.mark.expect_logs("refused to open a link outside the kiosk")
def test_links_are_never_opened_outside(runtime: KioskRuntime) -> None:
    assert not QDesktopServices.openUrl(QUrl("https://dichvucong.gov.vn/?id=079090001234"))
    assert not QDesktopServices.openUrl(QUrl("file:///etc/passwd"))
    assert runtime.guard.blocked_links == 2


@pytest.mark.expect_logs("closed an unexpected dialog")
def test_an_unplanned_dialog_is_closed(qtbot: QtBot, runtime: KioskRuntime) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert runtime.guard.closed_dialogs == 1


@pytest.mark.expect_logs("closed an unexpected dialog")
def test_a_dialog_opened_with_exec_returns(qtbot: QtBot, runtime: KioskRuntime) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    seen: list[bool] = []
    # While exec() runs its own loop, the kiosk is not serving taps: no watchdog ping.
    QTimer.singleShot(0, lambda: seen.append(serving_taps()))
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert seen == [False]
    assert serving_taps()


@pytest.mark.expect_logs("refused a request to close the kiosk window")
def test_kiosk_mode_window_refuses_to_close(qtbot: QtBot, services: KioskServices) -> None:
    kiosk = dataclasses.replace(services, mode=RunMode.KIOSK)
    built = build_runtime(kiosk)
    try:
        event = QCloseEvent()
        built.window.closeEvent(event)
        assert not event.isAccepted()
    finally:
        built.close()


def enter_pin(qtbot: QtBot, screen: PinScreen, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(screen.pad.keys[digit], Qt.MouseButton.LeftButton)
    assert screen.display.text() == "●" * len(pin)
    qtbot.mouseClick(screen.enter, Qt.MouseButton.LeftButton)


def open_pin_pad(qtbot: QtBot, runtime: KioskRuntime) -> PinScreen:
    entry = runtime.window.screens[ScreenId.ATTRACT].findChild(QPushButton, "staff_entry")
    assert entry is not None
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert runtime.window.current is ScreenId.PIN
    english = runtime.window.navbar.languages["en"]
    qtbot.mouseClick(english, Qt.MouseButton.LeftButton)
    screen = runtime.window.screens[ScreenId.PIN]
    assert isinstance(screen, PinScreen)
    return screen


@pytest.mark.parametrize(
    ("pin", "area"), [(STAFF_PIN, ScreenId.STAFF), (TECHNICIAN_PIN, ScreenId.TECHNICIAN)]
)
def test_each_pin_opens_its_area(qtbot: QtBot, runtime: KioskRuntime, pin: str, area: ScreenId) -> None:
    screen = open_pin_pad(qtbot, runtime)
    enter_pin(qtbot, screen, pin)
    qtbot.waitUntil(lambda: runtime.window.current is area, timeout=5000)


def test_wrong_pins_lock_the_pad(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, clock: FakeClock
) -> None:
    screen = open_pin_pad(qtbot, runtime)
    attempts = services.settings.security.max_pin_attempts
    for left in range(attempts - 1, 0, -1):
        enter_pin(qtbot, screen, "000000")
        qtbot.waitUntil(lambda left=left: f"{left} tries left" in screen.message.text(), timeout=5000)  # type: ignore[misc]
    enter_pin(qtbot, screen, "000000")
    qtbot.waitUntil(lambda: "locked for 5 min" in screen.message.text(), timeout=5000)
    enter_pin(qtbot, screen, STAFF_PIN)
    qtbot.waitUntil(lambda: screen.enter.isEnabled(), timeout=5000)
    assert runtime.window.current is ScreenId.PIN
    clock.advance(services.settings.security.lockout_s + 1)
    enter_pin(qtbot, screen, STAFF_PIN)
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.STAFF, timeout=5000)


def test_technician_can_leave_kiosk_mode(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    screen = open_pin_pad(qtbot, runtime)
    enter_pin(qtbot, screen, TECHNICIAN_PIN)
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.TECHNICIAN, timeout=5000)
    technician = runtime.window.screens[ScreenId.TECHNICIAN]
    shown = "\n".join(label.text() for label in technician.findChildren(QLabel))
    assert "sg-kiosk-01" in shown and "Visits recorded" in shown
    exit_button = technician.findChild(QPushButton, "exit_kiosk")
    assert exit_button is not None and exit_button.text() == "Exit kiosk mode"
    # Leaving ends the citizen session and lets the window close.
    runtime.window.may_close = False
    runtime.window.quit_kiosk()
    assert runtime.window.may_close
    assert services.store.visit_count() == 1


def test_pin_guard_is_shared_with_services(services: KioskServices) -> None:
    assert isinstance(services.pins, PinGuard)
    assert services.pins.has_role(Role.STAFF) and services.pins.has_role(Role.TECHNICIAN)
