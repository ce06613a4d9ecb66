"""A card over the dimmed window: the next tap lands on one of its choices.

The idle warning and the "finish your visit?" question share it. The card is
centred, as wide as a portrait screen allows, and covers nothing it does not dim.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


class CardOverlay(QWidget):
    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self._window = parent
        self.setObjectName(object_name)
        card = QWidget(self)
        card.setProperty("role", "overlay-card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMinimumWidth(min(900, parent.width() - 80) if parent.width() > 400 else 320)
        card.setMaximumWidth(1100)
        self.card_layout = QVBoxLayout(card)
        self.card_layout.setContentsMargins(48, 40, 48, 40)
        self.card_layout.setSpacing(20)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def show_over_window(self, focus: QWidget) -> None:
        if not self.isVisible():
            self.setGeometry(self._window.rect())
            self.raise_()
            self.show()
            focus.setFocus()

    def retranslate(self) -> None:
        """Set the card's texts; called on each language change."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
