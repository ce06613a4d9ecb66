"""Demo mode only: the operator plays the devices (scan a sample slip or ID card, empty the printer).

Everything here is invented sample data; the panel does not exist in kiosk mode.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from devices.cccd import parse_cccd
from devices.id_reader import SimulatedIdReader
from devices.printer import SimulatedPrinter
from devices.scanner import SimulatedScanner
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.grids import reset_grid

SAMPLE_SLIP = "H29.25-000123"
SAMPLE_ID = (
    "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh|20042021"
)
SAMPLE_UNKNOWN = "WIFI:T:WPA;S:cafe;P:12345678;;"


class DemoDevicesScreen(Screen):
    screen_id = ScreenId.DEMO_DEVICES
    citizen_facing = False

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 24, 64, 24)
        layout.setSpacing(12)
        self.title = make_label("title")
        self.state = make_label("body")
        self.state.setObjectName("demo_state")
        grid = QGridLayout()
        grid.setSpacing(12)
        self.buttons: dict[str, QPushButton] = {}
        actions = {
            "scan_slip": lambda: self._scan(SAMPLE_SLIP),
            "scan_id": lambda: self._scan(SAMPLE_ID),
            "scan_unknown": lambda: self._scan(SAMPLE_UNKNOWN),
            "card": self._toggle_card,
            "paper": lambda: self._flip(self._printer(), "paper_out"),
            "cover": lambda: self._flip(self._printer(), "cover_open"),
            "plug": lambda: self._flip(self._printer(), "plugged"),
            "scanner_plug": lambda: self._flip(self._scanner(), "plugged"),
            "reader_plug": lambda: self._flip(self._reader(), "plugged"),
        }
        for name, action in actions.items():
            button = make_button("primary" if name.startswith("scan_") else "", object_name=f"demo_{name}")
            button.clicked.connect(action)
            self.buttons[name] = button
        self._grid = grid
        self._portrait: bool | None = None
        self.set_portrait(False)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        """Two columns on a wide screen, one on a tall one, so the long labels always fit."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        reset_grid(self._grid)
        columns = 1 if portrait else 2
        for index, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, index // columns, index % columns)

    def _printer(self) -> SimulatedPrinter | None:
        printer = self.context.services.hardware.printer
        return printer if isinstance(printer, SimulatedPrinter) else None

    def _scanner(self) -> SimulatedScanner | None:
        scanner = self.context.services.hardware.scanner
        return scanner if isinstance(scanner, SimulatedScanner) else None

    def _flip(self, simulator: object, switch: str) -> None:
        """Turn one of a simulator's fault switches (paper out, cover open, plugged) the other way."""
        if simulator is not None:
            setattr(simulator, switch, not getattr(simulator, switch))
        self.retranslate()

    def _reader(self) -> SimulatedIdReader | None:
        reader = self.context.services.hardware.id_reader
        return reader if isinstance(reader, SimulatedIdReader) else None

    def _toggle_card(self) -> None:
        reader = self._reader()
        if reader is not None:
            # The same invented citizen as the sample QR; the chip opens with 001234.
            reader.card = None if reader.card else parse_cccd(SAMPLE_ID, today=date.today())
        self.retranslate()

    def _scan(self, payload: str) -> None:
        scanner = self._scanner()
        if scanner is not None:
            self.context.navigator.home()  # scans are routed from the citizen's side
            scanner.feed(payload)

    def retranslate(self) -> None:
        self.title.setText(translate("DemoDevices", "Demo devices"))
        texts = {
            "scan_slip": translate("DemoDevices", "Scan a sample appointment slip"),
            "scan_id": translate("DemoDevices", "Scan a sample ID card (invented person)"),
            "scan_unknown": translate("DemoDevices", "Scan an unrelated code"),
            "card": translate("DemoDevices", "ID-card reader: put a sample card on / take it off"),
            "scanner_plug": translate("DemoDevices", "Scanner: plug in / unplug"),
            "reader_plug": translate("DemoDevices", "ID-card reader: plug in / unplug"),
            "paper": translate("DemoDevices", "Printer: paper in / out"),
            "cover": translate("DemoDevices", "Printer: cover closed / open"),
            "plug": translate("DemoDevices", "Printer: plug in / unplug"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        devices = self.context.services.hardware.by_role()
        # Device details are the simulators' own English words, as a technician sees them.
        lines = [f"{device.name}: {device.status().detail}" for device in devices.values()]
        self.state.setText(" · ".join(lines))
