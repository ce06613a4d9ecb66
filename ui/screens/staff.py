"""The technician area, behind the PIN.

Device diagnostics arrive with the device layer; what is here now is the way
out of kiosk mode and the facts a technician needs first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout

from kiosk_app import __version__
from kiosk_app.session import EndReason
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label


class TechnicianScreen(Screen):
    screen_id = ScreenId.TECHNICIAN
    citizen_facing = False

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(20)
        self.title = make_label("title")
        layout.addWidget(self.title)
        self.facts = QFormLayout()
        self.facts.setVerticalSpacing(12)
        self.fact_labels: list[tuple[Callable[[], str], Callable[[], str]]] = []
        layout.addLayout(self.facts)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.leave = make_button("primary", object_name="leave_technician")
        self.leave.clicked.connect(lambda: context.navigator.end_session(EndReason.RESET))
        self.exit = make_button(object_name="exit_kiosk")
        self.exit.clicked.connect(context.navigator.quit_kiosk)
        row.addWidget(self.leave)
        row.addStretch(1)
        row.addWidget(self.exit)
        layout.addLayout(row)
        self.retranslate()

    def _facts(self) -> list[tuple[str, str]]:
        services = self.context.services
        report = services.store.report
        store_state = (
            translate("TechnicianScreen", "ok")
            if report.integrity_ok
            else translate(
                "TechnicianScreen",
                "was damaged; a fresh store was made, the old one kept at {path}",
            ).format(path=report.moved_aside)
        )
        return [
            (
                translate("TechnicianScreen", "Software"),
                f"kiosk {__version__}, PySide6 {pyside_version}, Python {sys.version.split()[0]}",
            ),
            (translate("TechnicianScreen", "Kiosk"), services.settings.site.kiosk_id),
            (translate("TechnicianScreen", "Site file"), services.settings.source),
            (translate("TechnicianScreen", "Run mode"), services.mode.value),
            (translate("TechnicianScreen", "Local store"), f"{report.path} ({store_state})"),
            (translate("TechnicianScreen", "Visits recorded"), str(services.store.visit_count())),
            (translate("TechnicianScreen", "Log file"), str(services.log_file or "-")),
            (translate("TechnicianScreen", "Backend"), services.settings.backend.url),
        ]

    def retranslate(self) -> None:
        self.title.setText(translate("TechnicianScreen", "Technician area"))
        self.leave.setText(translate("TechnicianScreen", "Back to citizen mode"))
        self.exit.setText(translate("TechnicianScreen", "Exit kiosk mode"))
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for name, value in self._facts():
            label = make_label("body")
            label.setText(name)
            shown = make_label("hint")
            shown.setText(value)
            self.facts.addRow(label, shown)

    def on_shown(self) -> None:
        self.retranslate()
