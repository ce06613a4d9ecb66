"""The home screen: the kiosk's main tasks as big tiles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk_app.catalogue.model import Procedure
from kiosk_app.destinations import (
    Assistant,
    BeginProcedure,
    Destination,
    DossierStatus,
    Home,
    IdCard,
    LicenceCheck,
    Procedures,
    Queue,
)
from kiosk_app.identity import IdentityService
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_label
from ui.widgets.tile import Tile, WrappingButton

# The most asked procedures the home screen offers: a ward's ten common ones, so each is one tap
# from the first screen after the language (the journey benchmark counts it).
COMMON_SHOWN = 10

# Each tile: the screen it names (its object name) and where it goes.
TASKS: tuple[tuple[ScreenId, Destination], ...] = (
    (ScreenId.PROCEDURES, Procedures()),
    (ScreenId.DOSSIER_STATUS, DossierStatus()),
    (ScreenId.QUEUE, Queue()),
    (ScreenId.ASSISTANT, Assistant()),
    (ScreenId.LICENCE_CHECK, LicenceCheck()),
)


class HomeScreen(Screen):
    screen_id = ScreenId.HOME
    destination = Home

    def __init__(
        self,
        context: ScreenContext,
        *,
        identity: IdentityService,
        can_listen: Callable[[str], bool],
        most_asked: Callable[[int], list[Procedure]],
    ) -> None:
        super().__init__(context)
        self._identity = identity
        self._can_listen = can_listen
        self._most_asked = most_asked
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(14)
        self.greeting = make_label("title")
        self.question = make_label("subtitle")
        layout.addWidget(self.greeting)
        layout.addWidget(self.question)
        # The procedures citizens here ask for most, one tap from their first question.
        self.common_title = make_label("fact-name")
        self.common = QGridLayout()
        self.common.setSpacing(16)
        self.common_buttons: list[WrappingButton] = []
        self._common_shown: tuple[str, int, tuple[str, ...]] | None = None
        layout.addWidget(self.common_title)
        layout.addLayout(self.common)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        layout.addLayout(self.grid, 1)
        self.tiles: dict[ScreenId, Tile] = {}
        tasks = TASKS + (((ScreenId.ID_CARD, IdCard()),) if identity.can_read_chip else ())
        for task, target in tasks:
            tile = Tile(f"tile_{task.value}")
            tile.clicked.connect(lambda _=False, t=target: context.navigator.go(t))
            self.tiles[task] = tile
        self._columns = 0
        self.set_portrait(False)
        self.retranslate()

    def _common_columns(self) -> int:
        """Four across a landscape screen, two on a portrait one."""
        if self._columns == 2:
            return 2
        return 4

    def _fill_common(self) -> None:
        """Buttons for the most asked procedures, in the citizen's language (rebuilt when it changes)."""
        language = self.context.language
        columns = self._common_columns()
        asked = self._most_asked(COMMON_SHOWN)
        shown = (language, columns, tuple(p.code for p in asked))
        if shown == self._common_shown:
            return  # the grid already shows these: rebuilding would only cost time
        self._common_shown = shown
        for button in self.common_buttons:
            self.common.removeWidget(button)
            button.hide()  # now: deleteLater waits for the event loop, and it would show till then
            button.deleteLater()
        self.common_buttons = []
        for index, procedure in enumerate(asked):
            button = WrappingButton("quick", f"common_{procedure.code}")
            button.set_label(procedure.name.get(language))
            button.clicked.connect(
                lambda _=False, code=procedure.code: self.context.navigator.go(BeginProcedure(code))
            )
            self.common.addWidget(button, index // columns, index % columns)
            self.common_buttons.append(button)
        for column in range(4):
            self.common.setColumnStretch(column, 1 if column < columns else 0)
        self._fit_tiles()

    def catalogue_changed(self) -> None:
        self.retranslate()

    def _fit_tiles(self) -> None:
        """Make room for all the most asked procedures; what steps aside is still spoken.

        Large text leaves the tiles their titles only. A landscape screen drops the line
        "what would you like to do" (the tiles and buttons say it), and with large text
        the greeting and the heading of the most asked too.
        """
        large = self.context.preferences().large_text
        landscape = self._columns == 3
        for tile in self.tiles.values():
            tile.show_hint(not large)
        self.question.setVisible(not landscape)
        self.greeting.setVisible(not (landscape and large))
        self.common_title.setVisible(bool(self.common_buttons) and not (landscape and large))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:  # the theme changed: large text on or off
            self._fill_common()
            self._fit_tiles()
        super().changeEvent(event)

    def set_portrait(self, portrait: bool) -> None:
        columns = 2 if portrait else 3
        if columns == self._columns:
            return
        self._columns = columns
        self._fill_common()
        self._fit_tiles()
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)
        # A short last row is stretched across, so the grid has no hole.
        tiles = list(self.tiles.values())
        short = len(tiles) % columns
        if short:
            row = len(tiles) // columns
            span, extra = divmod(columns, short)
            column = 0
            for index, tile in enumerate(tiles[-short:]):
                width = span + (1 if index < extra else 0)
                self.grid.addWidget(tile, row, column, 1, width)
                column += width

    def on_shown(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        language = self.context.language
        self.common_title.setText(translate("HomeScreen", "Most asked here"))
        self._fill_common()
        identity = self._identity.current
        if identity is not None:
            self.greeting.setText(translate("HomeScreen", "Hello, {name}").format(name=identity.full_name))
        else:
            self.greeting.setText(translate("HomeScreen", "Hello!"))
        self.question.setText(
            translate("HomeScreen", "What would you like to do today? Tap one of the tiles.")
        )
        texts = {
            ScreenId.PROCEDURES: (
                translate("HomeScreen", "Administrative procedures"),
                translate("HomeScreen", "What to bring, fees and time, step by step"),
            ),
            ScreenId.DOSSIER_STATUS: (
                translate("HomeScreen", "Dossier status"),
                translate("HomeScreen", "Scan your appointment slip or type its code"),
            ),
            ScreenId.QUEUE: (
                translate("HomeScreen", "Queue number"),
                translate("HomeScreen", "Take a number for a service counter"),
            ),
            ScreenId.ASSISTANT: (
                translate("HomeScreen", "Ask the assistant"),
                # Speaking is offered only where a speech model listens in this language.
                translate("HomeScreen", "Speak or type your question")
                if self._can_listen(language)
                else translate("HomeScreen", "Type your question"),
            ),
            ScreenId.LICENCE_CHECK: (
                translate("HomeScreen", "Check an e-licence"),
                translate("HomeScreen", "Scan the QR code on an electronic licence"),
            ),
            ScreenId.ID_CARD: (
                translate("HomeScreen", "Use my ID card"),
                translate("HomeScreen", "The kiosk reads your name for the forms, with your permission"),
            ),
        }
        for task, tile in self.tiles.items():
            tile.set_texts(*texts[task])
        self._fit_tiles()

    def spoken_text(self) -> str:
        # Never the citizen's name: speech carries across the hall. The screen may greet by name.
        names = ". ".join(tile.title.text() for tile in self.tiles.values())
        return f"{translate('HomeScreen', 'Hello!')} {self.question.text()} {names}."
