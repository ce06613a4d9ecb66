"""Every scanned code, from any screen, to where the core says it leads.

Codes arrive from the keyboard-wedge filter (GUI thread) or a serial or
HID-POS scanner's reader thread; the ``arrived`` signal brings both to the GUI
thread. The screen showing may deal with a scan itself (the technician's test,
staff areas that ignore the scanner); otherwise the core's ``ScanRouting``
says what the code is and where it goes. Unknown codes get a kind message,
never an error.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk_app.scan_routing import ScanRouting
from ui.i18n import translate
from ui.window import KioskWindow


class ScanRouter(QObject):
    arrived = Signal(str)

    def __init__(self, window: KioskWindow, scans: ScanRouting) -> None:
        super().__init__(window)
        self._window = window
        self._scans = scans
        self.arrived.connect(self.route)

    def route(self, payload: str) -> None:
        window = self._window
        outcome = self._scans.route(payload)
        if window.current_screen.scanned(outcome):
            return
        if outcome.destination is not None:
            window.go(outcome.destination)
        else:
            window.notify(
                translate(
                    "ScanRouter",
                    "The kiosk cannot read that code. It reads the QR codes on appointment slips, "
                    "citizen ID cards and electronic licences.",
                )
            )
