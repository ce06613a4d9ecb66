"""A big home-screen tile: a title and one line saying what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout

from ui.widgets.basics import make_label


class Tile(QPushButton):
    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setProperty("role", "tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = make_label("tile-title")
        self.subtitle = make_label("hint")
        for label in (self.title, self.subtitle):
            # Taps go to the button, wherever on the tile they land.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 14, 24, 14)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addStretch(1)

    def show_hint(self, shown: bool) -> None:
        """Crowded screens (large text on a landscape one) keep the tile's title and drop its hint."""
        self.subtitle.setVisible(shown and bool(self.subtitle.text()))

    def set_texts(self, title: str, subtitle: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)
