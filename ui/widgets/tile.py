"""A big home-screen tile: a title and one line saying what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
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


class WrappingButton(QPushButton):
    """A button whose text wraps onto a second line instead of being cut (long procedure names)."""

    MIN_HEIGHT = 72  # comfortably above the touch-target floor, for unsteady fingers

    def __init__(self, role: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label = make_label(f"{role}-title", align=Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(14, 8, 14, 8)
        self._box.addWidget(self.label)

    def set_label(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Grid layouts do not ask a wrapped label how tall it is at its width: tell them.
        margins = self._box.contentsMargins()
        width = max(1, self.width() - margins.left() - margins.right())
        needed = max(self.MIN_HEIGHT, self.label.heightForWidth(width) + margins.top() + margins.bottom())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
