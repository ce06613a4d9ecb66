"""A banner under the header for short news: "Printed", "That code cannot be read here".

It goes away by itself after a few seconds, or when the citizen moves on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel


class NoticeBanner(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice_banner")
        self.setProperty("role", "banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_notice)
        self.hide()

    def show_notice(self, text: str, seconds: float = 10) -> None:
        self.setText(text)
        self.show()
        self._timer.start(round(seconds * 1000))

    def clear_notice(self) -> None:
        self._timer.stop()
        self.clear()
        self.hide()
