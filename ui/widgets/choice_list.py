"""A touch-scrollable column of big buttons (procedures, answers, results)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.basics import enable_touch_scrolling
from ui.widgets.tile import Tile


class ChoiceList(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        enable_touch_scrolling(self.viewport())
        self._inner = QWidget()
        self._inner.setProperty("role", "screen")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 12, 0)
        self._layout.setSpacing(16)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self.items: list[Tile] = []

    def spacing(self) -> int:
        return self._layout.spacing()

    def set_items(self, items: list[tuple[str, str, str, Callable[[], None]]]) -> None:
        """(object name, title, subtitle, on tap) for each row."""
        for tile in self.items:
            self._layout.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        self.items = []
        for index, (name, title, subtitle, action) in enumerate(items):
            tile = Tile(name)
            tile.setProperty("role", "list-item")
            tile.set_texts(title, subtitle)
            tile.subtitle.setVisible(bool(subtitle))
            tile.clicked.connect(lambda _=False, act=action: act())
            self._layout.insertWidget(index, tile)
            tile.show()  # a layout shows new children only at the next loop turn; now is better
            self.items.append(tile)
