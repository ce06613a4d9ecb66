"""The idle screen: invites a touch, in both languages at once.

Nobody has chosen a language yet, so this one screen speaks both; a tap on
a language button starts the session in that language, a tap anywhere else
in the site's default language.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class AttractScreen(Screen):
    screen_id = ScreenId.ATTRACT
    shows_navigation = False

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        site = context.services.settings.site
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 80, 80, 40)
        self.centre = make_label("subtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.centre.setText(f"{site.centre_name_vi}\n{site.centre_name_en}")
        self.invite_vi = make_label("attract-title", align=Qt.AlignmentFlag.AlignCenter)
        self.invite_vi.setText("Chạm vào màn hình để bắt đầu")
        self.invite_en = make_label("attract-second", align=Qt.AlignmentFlag.AlignCenter)
        self.invite_en.setText("Touch the screen to start")
        layout.addWidget(self.centre)
        layout.addStretch(2)
        layout.addWidget(self.invite_vi)
        layout.addSpacing(16)
        layout.addWidget(self.invite_en)
        layout.addStretch(1)

        languages = QHBoxLayout()
        languages.addStretch(1)
        self.language_buttons = {}
        for language in context.services.settings.ui.languages:
            button = make_button("primary", object_name=f"start_{language}")
            button.setText(LANGUAGE_NAMES.get(language, language))
            button.setMinimumWidth(320)
            button.clicked.connect(lambda _=False, lang=language: self._start(lang))
            languages.addWidget(button)
            self.language_buttons[language] = button
        languages.addStretch(1)
        layout.addLayout(languages)
        layout.addStretch(2)

        footer = QHBoxLayout()
        if context.services.settings.devices.simulated:
            # Demo mode: the operator plays the scanner and the printer from here.
            demo = make_button("quiet", object_name="demo_devices_entry")
            demo.setText("Thiết bị mô phỏng · Demo devices")
            demo.clicked.connect(lambda: context.navigator.go(ScreenId.DEMO_DEVICES))
            footer.addWidget(demo)
        footer.addStretch(1)
        self.staff = make_button("quiet", object_name="staff_entry")
        self.staff.setText("Nhân viên · Staff")
        self.staff.clicked.connect(lambda: context.navigator.go(ScreenId.PIN))
        footer.addWidget(self.staff)
        layout.addLayout(footer)

    def retranslate(self) -> None:
        """Both languages are always shown here, so there is nothing to switch."""

    def spoken_text(self) -> str:
        return "Chạm vào màn hình để bắt đầu. Touch the screen to start."

    def _start(self, language: str) -> None:
        session = self.context.services.session
        session.set_preferences(dataclasses.replace(session.preferences, language=language))
        self.context.navigator.home()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.context.navigator.home()
        event.accept()
