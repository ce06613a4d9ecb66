"""The "do you need more time?" overlay (WCAG 2.2.1 Timing Adjustable).

It covers the whole window, so the citizen's next tap lands on a choice,
counts down at least 20 s, and can be answered with one tap any number of times.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.i18n import translate
from ui.overlay import CardOverlay
from ui.screens.base import make_button, make_label


class IdleWarningOverlay(CardOverlay):
    more_time = Signal()
    finish_now = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "idle_warning")
        self._seconds = 0
        self.question = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.countdown = make_label("countdown", align=Qt.AlignmentFlag.AlignCenter)
        self.countdown.setObjectName("idle_countdown")
        self.explanation = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.extend = make_button("primary", object_name="idle_more_time")
        self.extend.setProperty("emphasis", "big")
        self.finish = make_button(object_name="idle_finish")
        self.extend.clicked.connect(self.more_time.emit)
        self.finish.clicked.connect(self.finish_now.emit)
        for widget in (self.question, self.countdown, self.explanation, self.extend, self.finish):
            self.card_layout.addWidget(widget)
        self.retranslate()

    def show_countdown(self, seconds_left: float) -> None:
        self._seconds = math.ceil(seconds_left)
        self.countdown.setText(str(self._seconds))
        self._explain()
        self.show_over_window(self.extend)

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
