"""The home screen: the kiosk's main tasks as big tiles."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk_app.destinations import (
    Assistant,
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
from ui.widgets.tile import Tile

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
        self, context: ScreenContext, *, identity: IdentityService, can_listen: Callable[[str], bool]
    ) -> None:
        super().__init__(context)
        self._identity = identity
        self._can_listen = can_listen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(24)
        self.greeting = make_label("title")
        self.question = make_label("subtitle")
        layout.addWidget(self.greeting)
        layout.addWidget(self.question)
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

    def set_portrait(self, portrait: bool) -> None:
        columns = 1 if portrait else 3
        if columns == self._columns:
            return
        self._columns = columns
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

    def spoken_text(self) -> str:
        # Never the citizen's name: speech carries across the hall. The screen may greet by name.
        names = ". ".join(tile.title.text() for tile in self.tiles.values())
        return f"{translate('HomeScreen', 'Hello!')} {self.question.text()} {names}."
