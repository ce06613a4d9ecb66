"""Finding a procedure: by category tile, or by searching with the on-screen keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.destinations import BeginProcedure, Category, Destination, Procedures, Search
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.choice_list import ChoiceList
from ui.widgets.tile import Tile
from ui.widgets.vietnamese_keyboard import VietnameseKeyboard

SEARCH_RESULTS = 6


def open_procedure(context: ScreenContext, procedure: Procedure) -> None:
    """Chosen by name: straight to its first question (the overview is one Back away)."""
    context.navigator.go(BeginProcedure(procedure.code))


class ProceduresScreen(Screen):
    """Category tiles, and a search button above them."""

    screen_id = ScreenId.PROCEDURES
    destination = Procedures

    def __init__(self, context: ScreenContext, *, catalogue: CatalogueService) -> None:
        super().__init__(context)
        self._catalogue = catalogue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        self.title = make_label("title")
        self.search = make_button("primary", object_name="open_search")
        self.search.setProperty("emphasis", "big")
        self.search.clicked.connect(lambda: context.navigator.go(Search()))
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addLayout(self.grid, 1)
        self.tiles: dict[str, Tile] = {}
        self._columns = 0
        self._portrait = False
        self.catalogue_changed()

    def catalogue_changed(self) -> None:
        """Tiles for the categories as loaded now (the catalogue loads after the first screen)."""
        categories = list(self._catalogue.catalogue.categories.values())
        if [c.id for c in categories] != list(self.tiles):
            for tile in self.tiles.values():
                self.grid.removeWidget(tile)
                tile.deleteLater()
            self.tiles = {}
            for category in categories:
                tile = Tile(f"category_{category.id}")
                tile.clicked.connect(lambda _=False, c=category.id: self.context.navigator.go(Category(c)))
                self.tiles[category.id] = tile
            self._columns = 0
            self.set_portrait(self._portrait)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        columns = 2 if portrait else 3
        if columns == self._columns:
            return
        self._columns = columns
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)
        self._fit_tiles()

    def retranslate(self) -> None:
        language = self.context.language
        self.title.setText(translate("ProceduresScreen", "Administrative procedures"))
        self.search.setText(translate("ProceduresScreen", "Search for a procedure by name"))
        catalogue = self._catalogue.catalogue
        for category_id, tile in self.tiles.items():
            category = catalogue.categories[category_id]
            count = len(catalogue.in_category(category_id))
            subtitle = category.description.get(language)
            tile.set_texts(category.name.get(language), subtitle)
            tile.setEnabled(count > 0)
        self._fit_tiles()

    def _fit_tiles(self) -> None:
        crowded = self.context.preferences().large_text and self._columns > 2
        for tile in self.tiles.values():
            tile.show_hint(not crowded)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:  # the theme changed: large text on or off
            self._fit_tiles()
        super().changeEvent(event)

    def on_shown(self) -> None:
        self.retranslate()

    def spoken_text(self) -> str:
        names = ". ".join(tile.title.text() for tile in self.tiles.values())
        return f"{self.title.text()}. {self.search.text()}. {names}."


class CategoryScreen(Screen):
    """The procedures of one category, a page at a time (a long scroll loses people)."""

    screen_id = ScreenId.CATEGORY
    destination = Category
    PAGE = 8  # at most, on a tall screen; fewer when fewer fit whole (see _overflowed)

    def __init__(
        self,
        context: ScreenContext,
        *,
        catalogue: CatalogueService,
        order: Callable[[Iterable[Procedure], str], list[Procedure]],
    ) -> None:
        super().__init__(context)
        self._catalogue = catalogue
        self._order = order  # most asked first (kiosk_app/procedure_use.py), not alphabetical
        self._category: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(20)
        self.title = make_label("title")
        self.hint = make_label("subtitle")
        self.list = ChoiceList()
        self.list.installEventFilter(self)
        # Rows whose texts wrap are taller than estimated: if the page still scrolls, one row less.
        self.list.verticalScrollBar().rangeChanged.connect(self._overflowed)
        pages = QHBoxLayout()
        self.previous = make_button(object_name="page_previous")
        self.previous.clicked.connect(lambda: self._turn(-1))
        self.page_label = make_label("hint", align=Qt.AlignmentFlag.AlignCenter)
        self.next = make_button(object_name="page_next")
        self.next.clicked.connect(lambda: self._turn(1))
        pages.addWidget(self.previous)
        pages.addWidget(self.page_label, 1)
        pages.addWidget(self.next)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(pages)
        self._page = 0
        self.page_size = self.PAGE
        self._shown: tuple[str | None, str, int, int] | None = None  # what the list holds now

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, Category):
            self._category = destination.category_id
        if self._shown is None or self._shown[0] != self._category:
            self._page = 0
        self.retranslate()

    def catalogue_changed(self) -> None:
        self._shown = None
        self.retranslate()

    def _turn(self, step: int) -> None:
        self._page += step
        self.retranslate()

    def retranslate(self) -> None:
        language = self.context.language
        catalogue = self._catalogue.catalogue
        category = catalogue.categories.get(self._category or "")
        self.title.setText(category.name.get(language) if category else "")
        self.hint.setText(translate("CategoryScreen", "Tap the procedure you need."))
        procedures = self._order(catalogue.in_category(category.id), language) if category else []
        pages = max(1, -(-len(procedures) // self.page_size))
        self._page = min(max(self._page, 0), pages - 1)
        self.previous.setText(translate("CategoryScreen", "Previous page"))
        self.next.setText(translate("CategoryScreen", "Next page"))
        self.page_label.setText(
            translate("CategoryScreen", "Page {page} of {pages}").format(page=self._page + 1, pages=pages)
        )
        for widget in (self.previous, self.next, self.page_label):
            widget.setVisible(pages > 1)
        self.previous.setEnabled(self._page > 0)
        self.next.setEnabled(self._page < pages - 1)
        shown = (category.id if category else None, language, self._page, self.page_size)
        if shown == self._shown:
            return  # the list already holds this page: rebuilding it would only cost time
        self._shown = shown
        first = self._page * self.page_size
        self.list.set_items(
            [
                (
                    f"procedure_{p.code}",
                    p.name.get(language),
                    p.summary.get(language),
                    lambda p=p: open_procedure(self.context, p),  # type: ignore[misc]
                )
                for p in procedures[first : first + self.page_size]
            ]
        )

    def _overflowed(self, _minimum: int, maximum: int) -> None:
        """The page scrolls: one row less a page, until it does not (pages never scroll and turn both)."""
        if maximum > 0 and self.page_size > 1 and self.isVisible():
            first = self._page * self.page_size
            self.page_size -= 1
            self._page = first // self.page_size
            self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # More room (a taller screen, the page bar hidden): try a full page again; a page
        # that then scrolls loses rows in _overflowed. Less room needs nothing here.
        grew = isinstance(event, QResizeEvent) and event.size().height() > event.oldSize().height()
        if watched is self.list and grew and self.page_size < self.PAGE:
            first = self._page * self.page_size
            self.page_size = self.PAGE
            self._page = first // self.page_size
            self.retranslate()
        return False

    def spoken_text(self) -> str:
        names = ". ".join(item.title.text() for item in self.list.items)
        return f"{self.title.text()}. {self.hint.text()} {names}."


class SearchScreen(Screen):
    """Type a few words (any spelling, with or without accents); results follow each key."""

    screen_id = ScreenId.SEARCH
    destination = Search

    def __init__(self, context: ScreenContext, *, catalogue: CatalogueService) -> None:
        super().__init__(context)
        self._catalogue = catalogue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(16)
        self.title = make_label("title")
        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setMaxLength(60)
        self.query.textChanged.connect(self._search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        self.results = ChoiceList()
        self.nothing = make_label("notice")
        self.nothing.hide()
        self.keyboard = VietnameseKeyboard(self.query)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.nothing)
        # Landscape: results beside the keyboard; portrait: results above it.
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.setSpacing(24)
        self.split.addWidget(self.results, 1)
        self.split.addWidget(self.keyboard, 1)
        layout.addLayout(self.split, 1)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        self.split.setDirection(direction)

    def catalogue_changed(self) -> None:
        self._search()  # results from the catalogue as it is now

    def _search(self) -> None:
        text = self.query.text()
        # Results follow each key: the last word is still being typed.
        hits = self._catalogue.search(text, limit=SEARCH_RESULTS, typing=True) if text.strip() else []
        language = self.context.language
        self.results.set_items(
            [
                (
                    f"result_{h.procedure.code}",
                    h.procedure.name.get(language),
                    "",
                    lambda p=h.procedure: open_procedure(self.context, p),  # type: ignore[misc]
                )
                for h in hits
            ]
        )
        self.nothing.setVisible(bool(text.strip()) and not hits)

    def retranslate(self) -> None:
        self.title.setText(translate("SearchScreen", "Search for a procedure"))
        self.query.setPlaceholderText(translate("SearchScreen", "For example: khai sinh, kết hôn, sao y"))
        self.query.setAccessibleName(translate("SearchScreen", "Words to search for"))
        self.nothing.setText(
            translate("SearchScreen", "No procedure matches. Try other words, or browse the categories.")
        )
        self._search()

    def spoken_text(self) -> str:
        return f"{self.title.text()}. {self.query.placeholderText()}"
