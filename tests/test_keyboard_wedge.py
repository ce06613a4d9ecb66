"""A keyboard-wedge scan is told from typing by timing; scanned keys never reach the text field."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.conftest import FakeClock
from ui.keyboard_wedge import KeyboardWedge, WedgeSettings


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    widget.activateWindow()
    qtbot.waitUntil(widget.hasFocus)
    return widget


@pytest.fixture
def wedge(qtbot: QtBot, clock: FakeClock) -> Iterator[KeyboardWedge]:
    app = QApplication.instance()
    assert app is not None
    filter_ = KeyboardWedge(WedgeSettings(max_gap_s=0.03, min_length=4), clock=clock)
    app.installEventFilter(filter_)
    yield filter_
    app.removeEventFilter(filter_)


def type_keys(widget: QLineEdit, text: str, clock: FakeClock, gap_s: float, enter: bool = True) -> None:
    """Key presses as a device would send them, gap_s apart."""
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isalnum() else Qt.Key.Key_Minus
        QApplication.sendEvent(
            widget, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        )
        clock.advance(gap_s)
    if enter:
        QApplication.sendEvent(
            widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        )


def test_a_fast_burst_ending_in_enter_is_a_scan(
    qtbot: QtBot, field: QLineEdit, wedge: KeyboardWedge, clock: FakeClock
) -> None:
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    type_keys(field, "H29-251129-0042", clock, gap_s=0.010)
    assert scans == ["H29-251129-0042"]
    assert field.text() == ""  # nothing landed in the focused field


def test_a_person_typing_reaches_the_field(
    qtbot: QtBot, field: QLineEdit, wedge: KeyboardWedge, clock: FakeClock
) -> None:
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    type_keys(field, "ABC123", clock, gap_s=0.15, enter=False)
    wedge.flush_if_idle()
    assert field.text() == "ABC123" and scans == []


def test_fast_typing_then_a_pause_is_still_typing(
    qtbot: QtBot, field: QLineEdit, wedge: KeyboardWedge, clock: FakeClock
) -> None:
    type_keys(field, "AB", clock, gap_s=0.01, enter=False)  # a quick double tap
    clock.advance(0.2)
    wedge.flush_if_idle()
    assert field.text() == "AB"


def test_too_short_a_burst_is_typing(
    qtbot: QtBot, field: QLineEdit, wedge: KeyboardWedge, clock: FakeClock
) -> None:
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    type_keys(field, "AB", clock, gap_s=0.01)
    assert scans == [] and field.text() == "AB"


def test_a_slow_key_inside_a_burst_breaks_it(
    qtbot: QtBot, field: QLineEdit, wedge: KeyboardWedge, clock: FakeClock
) -> None:
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    type_keys(field, "ABCD", clock, gap_s=0.01, enter=False)
    clock.advance(0.5)
    type_keys(field, "EF", clock, gap_s=0.01)
    assert scans == []
    assert field.text() == "ABCDEF"


def test_a_configured_prefix_is_required_and_removed(
    qtbot: QtBot, field: QLineEdit, clock: FakeClock
) -> None:
    app = QApplication.instance()
    assert app is not None
    wedge = KeyboardWedge(WedgeSettings(max_gap_s=0.03, min_length=4, prefix="~"), clock=clock)
    app.installEventFilter(wedge)
    try:
        scans: list[str] = []
        wedge.scanned.connect(scans.append)
        type_keys(field, "~H29-0001", clock, gap_s=0.01)
        type_keys(field, "H29-0002", clock, gap_s=0.01)
        assert scans == ["H29-0001"]
        assert field.text() == "H29-0002"
    finally:
        app.removeEventFilter(wedge)


def test_the_idle_timer_releases_typing_by_itself(qtbot: QtBot, field: QLineEdit, clock: FakeClock) -> None:
    app = QApplication.instance()
    assert app is not None
    wedge = KeyboardWedge(WedgeSettings(max_gap_s=0.03), clock=time.monotonic)
    app.installEventFilter(wedge)
    try:
        QApplication.sendEvent(
            field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier, "x")
        )
        assert field.text() == ""
        qtbot.waitUntil(lambda: field.text() == "x", timeout=1000)
    finally:
        app.removeEventFilter(wedge)
