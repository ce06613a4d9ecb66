"""Shared steps for UI tests: tap a widget, enter a staff or technician area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ui.launcher import KioskRuntime
from ui.screens.base import Screen, ScreenId
from ui.screens.pin import PinScreen


def tap(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def enter_area(qtbot: QtBot, runtime: KioskRuntime, pin_code: str, area: ScreenId) -> Screen:
    """From the attract screen, in English, through the PIN pad into a staff area."""
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "staff_entry"))
    tap(qtbot, window.navbar.languages["en"])
    pin = window.screens[ScreenId.PIN]
    assert isinstance(pin, PinScreen)
    for digit in pin_code:
        tap(qtbot, pin.pad.keys[digit])
    tap(qtbot, pin.enter)
    qtbot.waitUntil(lambda: window.current is area, timeout=5000)
    return window.screens[area]
