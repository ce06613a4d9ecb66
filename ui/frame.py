"""The kiosk's one top-level window, painted before anything is behind it.

A kiosk that restarts (a power cut, a watchdog restart, the morning boot)
should show its first screen at once, not after importing and composing
every service. So the frame comes first: it needs only Qt, the theme and the
few facts of kiosk_app/first_screen.py, and shows the attract view (ui/screens/attract_view.py), the same
widgets the attract screen is built from. Once the services exist, the
frame adopts the real window (ui/window.py) in place of that view; both draw
the same pixels, so a citizen sees no change, and a tap made meanwhile waits
in Qt's queue for the real screen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.screens.attract_view import AttractView
from ui.theme import stylesheet

if TYPE_CHECKING:
    from kiosk_app.first_screen import FirstScreen
    from ui.window import KioskWindow

log = logging.getLogger(__name__)


class KioskFrame(QWidget):
    def __init__(self, first: FirstScreen) -> None:
        super().__init__()
        self.setObjectName("KioskFrame")
        self.setWindowTitle(first.title())
        app = QApplication.instance()
        if isinstance(app, QApplication):  # the site's default look; the window keeps it up to date
            app.setStyleSheet(stylesheet(large_text=first.large_text, high_contrast=first.high_contrast))
        # No layout: a layout would hold the window to its minimum size, and the window must fit
        # the screen it is given (it adapts in its own resizeEvent); each child fills the frame.
        self.first_view: AttractView | None = AttractView(
            (first.centre_name_vi, first.centre_name_en), first.languages, demo=first.demo
        )
        self.first_view.setParent(self)
        self.kiosk_window: KioskWindow | None = None

    def adopt(self, window: KioskWindow) -> None:
        """The real window takes the first view's place; the view is thrown away."""
        self.kiosk_window = window
        window.setParent(self)
        window.setGeometry(self.rect())
        window.show()
        if self.first_view is not None:
            self.first_view.hide()
            self.first_view.deleteLater()
            self.first_view = None
        self.setWindowTitle(window.windowTitle())
        window.windowTitleChanged.connect(self.setWindowTitle)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for child in (self.first_view, self.kiosk_window):
            if child is not None:
                child.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only what the window allows (the technician's "Exit kiosk mode"; any close in demo mode).
        if self.kiosk_window is None or self.kiosk_window.may_close:
            event.accept()
        else:
            log.warning("refused a request to close the kiosk window")
            event.ignore()
