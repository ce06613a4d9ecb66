"""Grid arrangements screens share."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget


def reset_grid(grid: QGridLayout) -> None:
    """Empty a grid (its widgets stay alive) and forget its stretches, to lay it out again."""
    while grid.count():
        grid.takeAt(0)
    for index in range(max(grid.rowCount(), grid.columnCount())):
        grid.setRowStretch(index, 0)
        grid.setColumnStretch(index, 0)
        grid.setColumnMinimumWidth(index, 0)


class PadLayout:
    """Texts and an action beside a number pad (landscape) or above it (portrait).

    Landscape keeps the pad to the right, so it fits a 1080-pixel-high screen
    even with large text; portrait stacks everything in one centred column.
    """

    def __init__(
        self,
        owner: QWidget,
        texts: Sequence[QWidget],
        pad: QWidget,
        action: QWidget,
        *,
        text_width: int,
        portrait_width: int,
    ) -> None:
        self._texts, self._pad, self._action = tuple(texts), pad, action
        self._widths = (text_width, portrait_width)
        self._grid = QGridLayout(owner)
        self._grid.setContentsMargins(64, 32, 64, 32)
        self._grid.setHorizontalSpacing(64)
        self._grid.setVerticalSpacing(16)
        self._portrait: bool | None = None
        self.set_portrait(False)

    def set_portrait(self, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        grid = self._grid
        reset_grid(grid)
        count = len(self._texts)
        if portrait:
            for row, widget in enumerate((*self._texts, self._pad, self._action), start=1):
                grid.addWidget(widget, row, 1)
            grid.setRowStretch(0, 1)
            grid.setRowStretch(count + 3, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(2, 1)
            grid.setColumnMinimumWidth(1, self._widths[1])
        else:
            for row, widget in enumerate((*self._texts, self._action), start=1):
                grid.addWidget(widget, row, 1)
            grid.addWidget(self._pad, 0, 2, count + 3, 1)
            grid.setRowStretch(0, 1)
            grid.setRowStretch(count + 2, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(3, 1)
            grid.setColumnMinimumWidth(1, self._widths[0])
            grid.setColumnMinimumWidth(2, 480)
