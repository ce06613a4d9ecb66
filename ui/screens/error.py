"""Shown when something inside the kiosk failed: an apology and a way home."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk_app.destinations import ErrorPage
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label


class ErrorScreen(Screen):
    screen_id = ScreenId.ERROR
    destination = ErrorPage
    shows_navigation = False

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 96, 96, 96)
        layout.setSpacing(32)
        self.title = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.body = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.home = make_button("primary", object_name="error_home")
        self.home.setMinimumWidth(420)
        self.home.clicked.connect(context.navigator.home)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.home)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("ErrorScreen", "Sorry, something went wrong."))
        self.body.setText(
            translate("ErrorScreen", "Your information is safe. Tap the button to start again.")
            + " "
            + self.context.help_counter_text()
        )
        self.home.setText(translate("ErrorScreen", "Go to the home screen"))

    def spoken_text(self) -> str:
        return f"{self.title.text()} {self.body.text()}"
