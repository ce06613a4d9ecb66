"""Citizen services whose screens arrive with later work.

Until a service is installed on this kiosk, its tile still leads somewhere
useful: what the service is, and which counter helps with it today.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk_app.destinations import Queue
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_label


class PendingServiceScreen(Screen):
    """A service not yet available here: says what it is and where to get it instead."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(28)
        self.title = make_label("title")
        self.description = make_label("body")
        self.notice = make_label("notice")
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        self.retranslate()

    def texts(self) -> tuple[str, str]:
        raise NotImplementedError

    def retranslate(self) -> None:
        title, description = self.texts()
        self.title.setText(title)
        self.description.setText(description)
        self.notice.setText(
            translate("Services", "This service is not available at this kiosk yet.")
            + " "
            + self.context.help_counter_text()
        )

    def on_shown(self) -> None:
        self.retranslate()

    def spoken_text(self) -> str:
        return f"{self.title.text()}. {self.description.text()} {self.notice.text()}"


class QueueScreen(PendingServiceScreen):
    screen_id = ScreenId.QUEUE
    destination = Queue

    def texts(self) -> tuple[str, str]:
        return (
            translate("Services", "Queue number"),
            translate("Services", "Take a printed number for the counter that handles your procedure."),
        )
