"""The three building blocks every screen uses: a plain-text label, a button, a touch-scrolling area."""

from __future__ import annotations

import atexit

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

_flick: dict[str, Qt.GestureType] = {}


def _release_at_exit(anchor: QObject) -> None:
    """Delete the recognizer's anchor while the application still lives.

    Deleted during the application's own teardown (as its child, say), its
    scroller's destructor reaches for the gesture manager already gone, and
    the process crashes on the way out. So: when the event loop quits, or
    at interpreter exit before PySide destroys the application (atexit runs
    the latest registration first).
    """

    def release() -> None:
        if Shiboken.isValid(anchor):
            Shiboken.delete(anchor)
        _flick.clear()

    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(release)
    atexit.register(release)


def enable_touch_scrolling(viewport: QWidget) -> None:
    """A finger drag scrolls this viewport, as on a phone.

    ``QScroller.grabGesture`` registers a new gesture recognizer on every call,
    and Qt never frees one (about 12 objects and 3 KB per call: a slow leak when
    every visit builds its screens anew). The recognizer serves any widget that
    has a scroller, so it is registered once, on an object that lives as long
    as the application, and each viewport gets a scroller and grabs that one
    gesture. Touch, not mouse, gestures: a mouse-press gesture delays presses
    and can swallow a quick tap on a row.
    """
    flick = _flick.get("touch")
    if flick is None:
        anchor = QObject()
        anchor.setObjectName("touch_scrolling_recognizer")
        flick = _flick["touch"] = QScroller.grabGesture(anchor, QScroller.ScrollerGestureType.TouchGesture)
        _release_at_exit(anchor)
    QScroller.scroller(viewport)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
    viewport.grabGesture(flick)


def make_label(role: str, *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    # Plain text only: nothing a citizen or a script supplies is ever rendered as markup or a link.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if align is not None:
        label.setAlignment(align)
    return label


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget another stylesheet role and re-apply the theme to it."""
    widget.setProperty("role", role)
    restyle(widget)


def restyle(widget: QWidget) -> None:
    """Re-apply the theme after a property the stylesheet selects on changed (Qt does not on its own)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def make_button(role: str = "", *, object_name: str = "") -> QPushButton:
    button = QPushButton()
    if role:
        button.setProperty("role", role)
    if object_name:
        button.setObjectName(object_name)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setAutoDefault(False)
    return button


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    enable_touch_scrolling(area.viewport())
    content.setProperty("role", "screen")
    area.setWidget(content)
    return area


def scrolling_card() -> tuple[QScrollArea, QVBoxLayout]:
    """A card (the theme's raised panel) at the top of a scroll area, and the layout to fill it.

    Large text on a landscape screen can make an answer taller than the room: the area then
    scrolls, and the card keeps its own height instead of stretching to fill the page.
    """
    card = QWidget()
    card.setProperty("role", "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    card_layout = QVBoxLayout(card)
    card_layout.setContentsMargins(32, 24, 32, 24)
    card_layout.setSpacing(12)
    holder = QWidget()
    holder_layout = QVBoxLayout(holder)
    holder_layout.setContentsMargins(0, 0, 0, 0)
    holder_layout.addWidget(card)
    holder_layout.addStretch(1)
    return scrolling(holder), card_layout
