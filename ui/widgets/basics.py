"""The three building blocks every screen uses: a plain-text label, a button, a touch-scrolling area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QScroller, QSizePolicy, QWidget


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
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    content.setProperty("role", "screen")
    area.setWidget(content)
    return area
