"""'Finish your visit?': one tap on Finish must not wipe a checklist the citizen still needs.

Asked only when there is something to lose (answers, a checklist, details from
the ID card); the safe choice is the big one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.i18n import translate
from ui.overlay import CardOverlay
from ui.screens.base import make_button, make_label


class FinishQuestion(CardOverlay):
    confirmed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "finish_question")
        self.question = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.explanation = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.stay = make_button("primary", object_name="finish_stay")
        self.stay.setProperty("emphasis", "big")
        self.leave = make_button(object_name="finish_confirm")
        self.stay.clicked.connect(self.hide)
        self.leave.clicked.connect(self._confirm)
        for widget in (self.question, self.explanation, self.stay, self.leave):
            self.card_layout.addWidget(widget)
        self.retranslate()

    def ask(self) -> None:
        self.show_over_window(self.stay)

    def _confirm(self) -> None:
        self.hide()
        self.confirmed.emit()

    def retranslate(self) -> None:
        self.question.setText(translate("FinishQuestion", "Finish your visit?"))
        self.explanation.setText(
            translate(
                "FinishQuestion",
                "Your answers and your checklist will be deleted from this screen. "
                "Papers you printed are yours to keep.",
            )
        )
        self.stay.setText(translate("FinishQuestion", "No, go back"))
        self.leave.setText(translate("FinishQuestion", "Yes, finish"))

    def spoken_text(self) -> str:
        return f"{self.question.text()} {self.explanation.text()}"
