"""Every scanned code, from any screen, to the screen that handles it.

Codes arrive from the keyboard-wedge filter (GUI thread) or a serial
scanner's reader thread; the ``arrived`` signal brings both to the GUI
thread, where the code is classified and routed. Unknown codes get a kind
message, never an error.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, Signal

from kiosk_app.composition import KioskServices
from kiosk_app.scans import ScanKind, classify
from ui.i18n import translate
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.staff import TechnicianScreen
from ui.window import KioskWindow

log = logging.getLogger(__name__)


class ScanRouter(QObject):
    arrived = Signal(str)

    def __init__(self, window: KioskWindow, services: KioskServices) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.arrived.connect(self.route)

    def route(self, payload: str) -> None:
        services, window = self._services, self._window
        scan = classify(payload, today=date.today())
        if window.current is ScreenId.TECHNICIAN:
            technician = window.screens[ScreenId.TECHNICIAN]
            if isinstance(technician, TechnicianScreen):
                technician.show_scan(scan.kind.value, len(payload))
            return
        if window.current in (ScreenId.PIN, ScreenId.STAFF, ScreenId.STAFF_EDIT):
            return  # staff areas ignore the scanner
        services.session.touch()
        log.info("code scanned", extra={"kind": scan.kind.value})  # never the code itself
        if scan.kind is ScanKind.CITIZEN_ID:
            services.session.personal.pending_identity = scan.identity
            window.go(ScreenId.ID_CONSENT)
        elif scan.kind is ScanKind.DOSSIER:
            window.go(ScreenId.DOSSIER_STATUS)
            screen = window.screens[ScreenId.DOSSIER_STATUS]
            if isinstance(screen, DossierStatusScreen):
                screen.look_up_code(scan.value)
        elif scan.kind is ScanKind.LICENCE:
            window.go(ScreenId.LICENCE_CHECK)
        else:
            window.notify(
                translate(
                    "ScanRouter",
                    "The kiosk cannot read that code. It reads the QR codes on appointment slips, "
                    "citizen ID cards and electronic licences.",
                )
            )
