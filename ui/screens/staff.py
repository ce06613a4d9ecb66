"""The technician area, behind the PIN: facts, every device's status and a test for each, the way out."""

from __future__ import annotations

import sys
from datetime import datetime

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk_app import __version__
from kiosk_app.backend.service import LinkProblem
from kiosk_app.destinations import Technician
from kiosk_app.device_health import DeviceRole, DeviceStatus, Health
from kiosk_app.printing import PrintOutcome, PrintResult
from kiosk_app.scan_routing import ScanOutcome
from kiosk_app.session import EndReason
from kiosk_app.technician import KioskFacts, TechnicianService
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label, scrolling


class TechnicianScreen(Screen):
    screen_id = ScreenId.TECHNICIAN
    destination = Technician
    citizen_facing = False

    def __init__(self, context: ScreenContext, *, tools: TechnicianService) -> None:
        super().__init__(context)
        self._tools = tools
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(20)
        self.title = make_label("title")
        layout.addWidget(self.title)
        # Everything between the title and the exit buttons scrolls: paths and
        # device details can be long, and the screen may be a portrait one.
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 12, 0)
        body.setSpacing(16)
        layout.addWidget(scrolling(content), 1)
        self.facts = QGridLayout()
        self.facts.setVerticalSpacing(12)
        self.facts.setHorizontalSpacing(24)
        self.facts.setColumnStretch(1, 1)
        body.addLayout(self.facts)
        self.devices_title = make_label("subtitle")
        self.devices = make_label("body")
        self.devices.setObjectName("device_statuses")
        self.last_scan = make_label("hint")
        self.last_scan.setObjectName("last_scan")
        device_buttons = QGridLayout()
        self.check = make_button(object_name="check_devices")
        self.check.clicked.connect(self.check_devices)
        self.test_print = make_button(object_name="test_print")
        self.test_print.clicked.connect(self._test_print)
        self.test_speech = make_button(object_name="test_speech")
        self.test_speech.clicked.connect(self._test_speech)
        self.test_microphone = make_button(object_name="test_microphone")
        self.test_microphone.clicked.connect(self._test_microphone)
        # Two by two: four long labels do not fit one row of a portrait screen.
        for index, button in enumerate((self.check, self.test_print, self.test_speech, self.test_microphone)):
            device_buttons.addWidget(button, index // 2, index % 2)
        body.addWidget(self.devices_title)
        body.addWidget(self.devices)
        body.addWidget(self.last_scan)
        body.addLayout(device_buttons)
        body.addStretch(1)
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
        facts = self._tools.facts()
        store_state = (
            translate("TechnicianScreen", "ok")
            if facts.store_ok
            else translate(
                "TechnicianScreen",
                "was damaged; a fresh store was made, the old one kept at {path}",
            ).format(path=facts.store_moved_aside)
        )
        return [
            (
                translate("TechnicianScreen", "Software"),
                f"kiosk {__version__}, PySide6 {pyside_version}, Python {sys.version.split()[0]}",
            ),
            (translate("TechnicianScreen", "Kiosk"), facts.kiosk_id),
            (translate("TechnicianScreen", "Site file"), facts.site_file),
            (translate("TechnicianScreen", "Run mode"), facts.run_mode),
            (translate("TechnicianScreen", "Local store"), f"{facts.store_path} ({store_state})"),
            (translate("TechnicianScreen", "Visits recorded"), str(facts.visits)),
            (translate("TechnicianScreen", "Log file"), facts.log_file or "-"),
            (translate("TechnicianScreen", "Backend"), f"{facts.backend_url} ({self._backend_state(facts)})"),
            (
                translate("TechnicianScreen", "E-licence data"),
                translate(
                    "TechnicianScreen", "{count} licences, {keys} signing keys, complete as of {when}"
                ).format(count=facts.licences, keys=facts.trusted_keys, when=_when(facts.licences_as_of)),
            ),
            (
                translate("TechnicianScreen", "Events to send"),
                translate("TechnicianScreen", "{pending} waiting, {dead} refused by the backend").format(
                    pending=facts.outbox_pending, dead=facts.outbox_given_up
                ),
            ),
        ]

    @staticmethod
    def _backend_state(facts: KioskFacts) -> str:
        if facts.backend_problem_kind is LinkProblem.NO_CREDENTIAL:
            return translate("TechnicianScreen", "not in use: no credential (the file in backend.token_file)")
        if facts.backend_problem is not None:
            # The detail names the setting and its value, which a technician needs as written.
            return translate("TechnicianScreen", "not in use, a setting is wrong: {reason}").format(
                reason=facts.backend_problem
            )
        if facts.backend_online is None:
            return translate("TechnicianScreen", "not contacted yet")
        if facts.backend_online:
            return translate("TechnicianScreen", "answering")
        return translate("TechnicianScreen", "not answering; the kiosk serves from its store")

    def retranslate(self) -> None:
        self.title.setText(translate("TechnicianScreen", "Technician area"))
        self.leave.setText(translate("TechnicianScreen", "Back to citizen mode"))
        self.exit.setText(translate("TechnicianScreen", "Exit kiosk mode"))
        self.devices_title.setText(translate("TechnicianScreen", "Devices"))
        self.check.setText(translate("TechnicianScreen", "Check again"))
        self.test_print.setText(translate("TechnicianScreen", "Print a test page"))
        self.test_speech.setText(translate("TechnicianScreen", "Say a test sentence"))
        self.test_microphone.setText(translate("TechnicianScreen", "Test the microphone"))
        if not self.last_scan.text():
            self.last_scan.setText(translate("TechnicianScreen", "Scan any code now to test the scanner."))
        while self.facts.count():
            item = self.facts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for row, (name, value) in enumerate(self._facts()):
            # One line each: a scroll area gives wrapped labels one line's height and they overlap.
            label = make_label("body", wrap=False)
            label.setText(name)
            shown = make_label("hint", wrap=False)
            shown.setText(value)
            self.facts.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(shown, row, 1, Qt.AlignmentFlag.AlignTop)

    def on_shown(self) -> None:
        self.retranslate()
        self.check_devices()

    def check_devices(self) -> None:
        """Ask every device how it is, off the GUI thread (a serial query can take a moment)."""
        self.devices.setText(translate("TechnicianScreen", "Checking…"))
        self.context.jobs.run(self._tools.check_devices, self._show_statuses)

    def _show_statuses(self, statuses: dict[DeviceRole, DeviceStatus]) -> None:
        if not statuses:
            self.devices.setText(translate("TechnicianScreen", "No devices are configured."))
            return
        roles = {
            DeviceRole.PRINTER: translate("TechnicianScreen", "Printer"),
            DeviceRole.SCANNER: translate("TechnicianScreen", "Scanner"),
            DeviceRole.ID_READER: translate("TechnicianScreen", "ID-card reader"),
            DeviceRole.MICROPHONE: translate("TechnicianScreen", "Microphone"),
            DeviceRole.SPEAKER: translate("TechnicianScreen", "Speech output"),
        }
        health = {
            Health.OK: translate("TechnicianScreen", "working"),
            Health.DEGRADED: translate("TechnicianScreen", "needs attention"),
            Health.OFFLINE: translate("TechnicianScreen", "not working"),
        }
        # The detail stays as the device reported it: it is what a manual or a search will match.
        lines = [
            f"{roles[role]}: {health[status.health]} — {status.detail}" for role, status in statuses.items()
        ]
        self.devices.setText("\n".join(lines))

    def _test_print(self) -> None:
        if not self._tools.has_printer:
            self.devices.setText(translate("TechnicianScreen", "No printer is configured."))
            return
        self.test_print.setEnabled(False)
        self.context.jobs.run(self._tools.print_test_page, self._printed, self._printed)

    def _printed(self, outcome: PrintOutcome | BaseException) -> None:
        self.test_print.setEnabled(True)
        if isinstance(outcome, PrintOutcome) and outcome.result is PrintResult.PRINTED:
            self.devices.setText(translate("TechnicianScreen", "Test page printed."))
        else:
            self.devices.setText(
                translate("TechnicianScreen", "The test page did not print: {reason}").format(
                    reason=str(outcome)
                )
            )

    def _test_speech(self) -> None:
        # In the language of the citizens, at the configured voice and rate.
        self.context.speaker.say("Xin chào. Đây là câu thử loa của ki-ốt.", "vi")
        self.devices.setText(translate("TechnicianScreen", "Speaking a test sentence in Vietnamese."))

    def _test_microphone(self) -> None:
        if not self._tools.has_microphone:
            self.devices.setText(translate("TechnicianScreen", "No microphone is configured."))
            return
        self.test_microphone.setEnabled(False)
        self.devices.setText(translate("TechnicianScreen", "Listening for 3 seconds: say something."))
        self.context.jobs.run(self._tools.microphone_peak, self._heard_level, self._heard_level)

    def _heard_level(self, result: float | BaseException) -> None:
        self.test_microphone.setEnabled(True)
        if isinstance(result, BaseException):
            self.devices.setText(
                translate("TechnicianScreen", "The microphone did not work: {reason}").format(
                    reason=str(result)
                )
            )
        elif result < 0.2:
            self.devices.setText(translate("TechnicianScreen", "The microphone heard almost nothing."))
        else:
            self.devices.setText(
                translate("TechnicianScreen", "The microphone works (loudest {percent} %).").format(
                    percent=round(100 * result)
                )
            )

    def scanned(self, outcome: ScanOutcome) -> bool:
        """A code scanned while here: what it was, never what it said (it may be an ID card)."""
        self.last_scan.setText(
            translate("TechnicianScreen", "Last scan: {kind}, {length} characters").format(
                kind=outcome.kind.value, length=outcome.length
            )
        )
        return True


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return translate("TechnicianScreen", "never")
    return f"{datetime.fromtimestamp(timestamp):%d/%m/%Y %H:%M}"
