"""The parts around every screen: header on top, navigation bar below.

Home, Back, the language switch and the accessibility toggles sit in the bottom
bar, always in the same place: the bottom of a tall kiosk is the part a
wheelchair user can reach (EN 301 549 asks for controls within 380-1220 mm).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk_app.session import Preferences
from kiosk_app.settings import SiteSettings
from ui.i18n import translate
from ui.screens.attract_view import LANGUAGE_NAMES
from ui.screens.base import make_button, make_label
from ui.widgets.grids import reset_grid


class Header(QWidget):
    def __init__(self, site: SiteSettings) -> None:
        super().__init__()
        self._site = site
        self.setProperty("role", "header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 16, 40, 16)
        layout.setSpacing(2)
        self.centre = make_label("header-title")
        self.centre.setObjectName("header_centre")
        self.address = make_label("header-sub")
        layout.addWidget(self.centre)
        layout.addWidget(self.address)
        self.address.setVisible(bool(site.address))
        self.address.setText(site.address)

    def set_language(self, language: str) -> None:
        self.centre.setText(self._site.centre_name(language))


class NavigationBar(QWidget):
    home_requested = Signal()
    back_requested = Signal()
    finish_requested = Signal()
    assistant_requested = Signal()
    preferences_requested = Signal(object)  # the Preferences the citizen asked for

    def __init__(self, languages: tuple[str, ...]) -> None:
        super().__init__()
        self.setProperty("role", "navbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._preferences: Preferences | None = None
        self.home = make_button("nav", object_name="nav_home")
        self.back = make_button("nav", object_name="nav_back")
        self.finish = make_button("nav", object_name="nav_finish")
        self.assistant = make_button("nav", object_name="nav_assistant")
        self.assistant.clicked.connect(self.assistant_requested.emit)
        self.home.clicked.connect(self.home_requested.emit)
        self.back.clicked.connect(self.back_requested.emit)
        self.finish.clicked.connect(self.finish_requested.emit)
        self.languages: dict[str, QPushButton] = {}
        for language in languages:
            button = make_button("toggle", object_name=f"nav_lang_{language}")
            button.setCheckable(True)
            # Each language names itself, so a citizen who cannot read the
            # current one still finds their own.
            button.setText(LANGUAGE_NAMES.get(language, language))
            button.clicked.connect(lambda _=False, lang=language: self._change(language=lang))
            self.languages[language] = button
        self.large_text = make_button("toggle", object_name="nav_large_text")
        self.high_contrast = make_button("toggle", object_name="nav_high_contrast")
        self.audio = make_button("toggle", object_name="nav_audio")
        for toggle in (self.large_text, self.high_contrast, self.audio):
            toggle.setCheckable(True)
        self.large_text.clicked.connect(lambda checked: self._change(large_text=checked))
        self.high_contrast.clicked.connect(lambda checked: self._change(high_contrast=checked))
        self.audio.clicked.connect(lambda checked: self._change(audio_guidance=checked))
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(24, 12, 24, 12)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(10)
        self._portrait: bool | None = None
        self._large_text = False
        self._citizen_facing = True
        self.set_portrait(False)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        self._arrange()

    def _arrange(self) -> None:
        portrait = bool(self._portrait)
        reset_grid(self._grid)
        languages: list[QWidget] = list(self.languages.values())
        looks: list[QWidget] = [self.large_text, self.high_contrast, self.audio]
        if portrait:
            # Three rows on a narrow screen: moving about, language, how it looks.
            # Each row shares the width evenly so long labels are not cut.
            # Staff areas have no Finish or Ask: their rows close up instead of leaving holes.
            citizen = self._citizen_facing
            rows: list[list[QWidget]] = [
                [self.home, self.back, *([self.finish] if citizen else [])],
                [*([self.assistant] if citizen else []), *languages],
                looks,
            ]
            for row, row_widgets in enumerate(rows):
                span = 6 // len(row_widgets)
                for index, widget in enumerate(row_widgets):
                    self._grid.addWidget(widget, row, index * span, 1, span)
            for column in range(6):
                self._grid.setColumnStretch(column, 1)
        elif self._large_text:
            # Large text does not fit one row: moving about above, language and looks below,
            # each row sharing the width so no label is cut.
            own: list[QWidget] = [self.assistant, self.finish] if self._citizen_facing else []
            rows = [[self.home, self.back, *own], [*languages, *looks]]
            columns = 60  # shared evenly by rows of 2 to 6 buttons
            for row, row_widgets in enumerate(rows):
                span = columns // len(row_widgets)
                for index, widget in enumerate(row_widgets):
                    self._grid.addWidget(widget, row, index * span, 1, span)
            for column in range(columns):
                self._grid.setColumnStretch(column, 1)
        else:
            # One row; the gap after Back pushes the rest to the right.
            line: list[QWidget | None] = [
                self.home, self.back, self.assistant, None, *languages, *looks, self.finish
            ]  # fmt: skip
            for column, item in enumerate(line):
                if item is None:
                    self._grid.setColumnStretch(column, 1)
                else:
                    self._grid.addWidget(item, 0, column)

    def show_for(self, *, back_possible: bool, citizen_facing: bool) -> None:
        self.back.setEnabled(back_possible)
        self.finish.setVisible(citizen_facing)
        self.assistant.setVisible(citizen_facing)
        if citizen_facing != self._citizen_facing:
            self._citizen_facing = citizen_facing
            self._arrange()

    def set_preferences(self, preferences: Preferences) -> None:
        self._preferences = preferences
        for language, button in self.languages.items():
            button.setChecked(language == preferences.language)
        self.large_text.setChecked(preferences.large_text)
        self.high_contrast.setChecked(preferences.high_contrast)
        self.audio.setChecked(preferences.audio_guidance)
        if preferences.large_text != self._large_text:
            self._large_text = preferences.large_text
            self._arrange()

    def _change(self, **changes: object) -> None:
        if self._preferences is None:
            return
        current = self._preferences
        wanted = Preferences(
            language=str(changes.get("language", current.language)),
            large_text=bool(changes.get("large_text", current.large_text)),
            high_contrast=bool(changes.get("high_contrast", current.high_contrast)),
            audio_guidance=bool(changes.get("audio_guidance", current.audio_guidance)),
        )
        # Keep the toggles in step even if nothing changes.
        self.set_preferences(current)
        self.preferences_requested.emit(wanted)

    def retranslate(self) -> None:
        self.home.setText(translate("NavigationBar", "Home"))
        self.back.setText(translate("NavigationBar", "Back"))
        self.finish.setText(translate("NavigationBar", "Finish"))
        self.assistant.setText(translate("NavigationBar", "Ask"))
        self.large_text.setText(translate("NavigationBar", "Large text"))
        self.high_contrast.setText(translate("NavigationBar", "High contrast"))
        self.audio.setText(translate("NavigationBar", "Read aloud"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
