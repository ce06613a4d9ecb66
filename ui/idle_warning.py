"""The "do you need more time?" overlay (WCAG 2.2.1 Timing Adjustable).

It covers the whole window, so the citizen's next tap lands on a choice,
counts down at least 20 s, and can be answered with one tap any number of times.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.i18n import translate
from ui.screens.base import make_button, make_label


class IdleWarningOverlay(QWidget):
    more_time = Signal()
    finish_now = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self.setObjectName("idle_warning")
        self._seconds = 0
        card = QWidget(self)
        card.setProperty("role", "overlay-card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMinimumWidth(min(900, parent.width() - 80) if parent.width() > 400 else 320)
        card.setMaximumWidth(1100)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(20)
        self.question = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.countdown = make_label("countdown", align=Qt.AlignmentFlag.AlignCenter)
        self.countdown.setObjectName("idle_countdown")
        self.explanation = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.extend = make_button("primary", object_name="idle_more_time")
        self.extend.setProperty("emphasis", "big")
        self.finish = make_button(object_name="idle_finish")
        self.extend.clicked.connect(self.more_time.emit)
        self.finish.clicked.connect(self.finish_now.emit)
        inner.addWidget(self.question)
        inner.addWidget(self.countdown)
        inner.addWidget(self.explanation)
        inner.addWidget(self.extend)
        inner.addWidget(self.finish)
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()
        self.retranslate()

    def show_countdown(self, seconds_left: float) -> None:
        self._seconds = math.ceil(seconds_left)
        self.countdown.setText(str(self._seconds))
        self._explain()
        if not self.isVisible():
            self.setGeometry(self._window.rect())
            self.raise_()
            self.show()
            self.extend.setFocus()

    def _explain(self) -> None:
        self.explanation.setText(
            translate(
                "IdleWarning",
                "Your session will end in {seconds} seconds and what you entered will be deleted.",
            ).format(seconds=self._seconds)
        )

    def retranslate(self) -> None:
        self.question.setText(translate("IdleWarning", "Do you need more time?"))
        self.extend.setText(translate("IdleWarning", "Yes, I need more time"))
        self.finish.setText(translate("IdleWarning", "No, finish now"))
        self._explain()

    def spoken_text(self) -> str:
        return f"{self.question.text()} {self.explanation.text()}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
