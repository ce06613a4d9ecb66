"""The idle screen: invites a touch, in both languages at once.

Nobody has chosen a language yet, so this one screen speaks both; a tap on
a language button starts the session in that language, a tap anywhere else
in the site's default language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout

from kiosk_app.destinations import Attract, DemoDevices, PinEntry
from ui.screens.attract_view import INVITE_EN, INVITE_VI, LANGUAGE_NAMES, AttractView
from ui.screens.base import Screen, ScreenContext, ScreenId

__all__ = ["LANGUAGE_NAMES", "AttractScreen"]


class AttractScreen(Screen):
    screen_id = ScreenId.ATTRACT
    destination = Attract
    shows_navigation = False

    def __init__(
        self, context: ScreenContext, *, languages: tuple[str, ...], choose_language: Callable[[str], None]
    ) -> None:
        super().__init__(context)
        self._choose_language = choose_language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = AttractView(
            (context.site.centre_name_vi, context.site.centre_name_en), languages, demo=context.demo
        )
        layout.addWidget(self.view)
        self.view.language_chosen.connect(self._start)
        self.view.touched.connect(context.navigator.home)
        self.view.demo_requested.connect(lambda: context.navigator.go(DemoDevices()))
        self.view.staff_requested.connect(lambda: context.navigator.go(PinEntry()))

    def retranslate(self) -> None:
        """Both languages are always shown here, so there is nothing to switch."""

    def spoken_text(self) -> str:
        return f"{INVITE_VI}. {INVITE_EN}."

    def _start(self, language: str) -> None:
        self._choose_language(language)
        self.context.navigator.home()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.context.navigator.home()
        event.accept()
