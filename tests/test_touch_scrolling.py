"""A finger drag scrolls lists and pages, and building them leaks nothing per visit."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QScroller, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from ui.widgets.basics import scrolling
from ui.widgets.choice_list import ChoiceList


def drag_up(qtbot: QtBot, viewport: QWidget) -> None:
    device = QTest.createTouchDevice()
    x, bottom = viewport.width() // 2, viewport.height() - 10
    QTest.touchEvent(viewport, device).press(0, QPoint(x, bottom)).commit()
    for y in range(bottom, 20, -15):
        qtbot.wait(16)
        QTest.touchEvent(viewport, device).move(0, QPoint(x, y)).commit()
    QTest.touchEvent(viewport, device).release(0, QPoint(x, 20)).commit()


def test_a_finger_drag_scrolls_a_page(qtbot: QtBot) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    for n in range(80):
        column.addWidget(QLabel(f"row {n}"))
    area = scrolling(content)
    qtbot.addWidget(area)
    area.resize(400, 300)
    area.show()
    qtbot.waitExposed(area)
    drag_up(qtbot, area.viewport())
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 100, timeout=3000)


def test_a_finger_drag_scrolls_a_list(qtbot: QtBot) -> None:
    choices = ChoiceList()
    qtbot.addWidget(choices)
    choices.set_items([(f"row_{n}", f"Row {n}", "", lambda: None) for n in range(40)])
    choices.resize(400, 300)
    choices.show()
    qtbot.waitExposed(choices)
    drag_up(qtbot, choices.viewport())
    qtbot.waitUntil(lambda: choices.verticalScrollBar().value() > 100, timeout=3000)


def test_scrolling_widgets_register_no_gesture_recognizer_each(qtbot: QtBot) -> None:
    # Every registration takes the next gesture type number, and Qt never frees one:
    # the numbers before and after building many lists tell how many were registered.
    ChoiceList().deleteLater()  # the one shared recognizer exists from the first list on
    probe = QObject()
    before = QScroller.grabGesture(probe, QScroller.ScrollerGestureType.TouchGesture)
    for _ in range(50):
        widget = ChoiceList()
        scrolling(QWidget()).deleteLater()
        widget.deleteLater()
    after = QScroller.grabGesture(probe, QScroller.ScrollerGestureType.TouchGesture)
    QScroller.ungrabGesture(probe)
    Shiboken.delete(probe)  # now, while the application lives (see enable_touch_scrolling)
    assert int(after) - int(before) == 1
