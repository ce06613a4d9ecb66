"""The idle screen: invites a touch, in both languages at once.

Nobody has chosen a language yet, so this one screen speaks both; a tap on
a language button starts the session in that language, a tap anywhere else
in the site's default language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk_app.destinations import Attract, DemoDevices, PinEntry
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class AttractScreen(Screen):
    screen_id = ScreenId.ATTRACT
    destination = Attract
    shows_navigation = False

    def __init__(
        self, context: ScreenContext, *, languages: tuple[str, ...], choose_language: Callable[[str], None]
    ) -> None:
        super().__init__(context)
        self._choose_language = choose_language
        site = context.site
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

        choices = QHBoxLayout()
        choices.addStretch(1)
        self.language_buttons = {}
        for language in languages:
            button = make_button("primary", object_name=f"start_{language}")
            button.setText(LANGUAGE_NAMES.get(language, language))
            button.setProperty("wide", True)  # the theme's min-width: a stylesheet overrides setMinimumWidth
            button.clicked.connect(lambda _=False, lang=language: self._start(lang))
            choices.addWidget(button)
            self.language_buttons[language] = button
        choices.addStretch(1)
        layout.addLayout(choices)
        layout.addStretch(2)

        footer = QHBoxLayout()
        if context.demo:
            # Demo mode: the operator plays the scanner and the printer from here.
            demo = make_button("quiet", object_name="demo_devices_entry")
            demo.setText("Thiết bị mô phỏng · Demo devices")
            demo.clicked.connect(lambda: context.navigator.go(DemoDevices()))
            footer.addWidget(demo)
        footer.addStretch(1)
        self.staff = make_button("quiet", object_name="staff_entry")
        self.staff.setText("Nhân viên · Staff")
        self.staff.clicked.connect(lambda: context.navigator.go(PinEntry()))
        footer.addWidget(self.staff)
        layout.addLayout(footer)

    def retranslate(self) -> None:
        """Both languages are always shown here, so there is nothing to switch."""

    def spoken_text(self) -> str:
        return "Chạm vào màn hình để bắt đầu. Touch the screen to start."

    def _start(self, language: str) -> None:
        self._choose_language(language)
        self.context.navigator.home()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.context.navigator.home()
        event.accept()
