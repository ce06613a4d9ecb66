"""Demo mode only: the operator plays the devices (scan a sample slip or ID card, empty the printer).

Everything here is invented sample data; the panel does not exist in kiosk mode.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from kiosk_app.demo_panel import SAMPLE_ID, SAMPLE_SLIP, SAMPLE_UNKNOWN, DemoPanel, Switch, sample_booking
from kiosk_app.destinations import DemoDevices
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.grids import reset_grid


class DemoDevicesScreen(Screen):
    screen_id = ScreenId.DEMO_DEVICES
    destination = DemoDevices
    citizen_facing = False

    def __init__(self, context: ScreenContext, *, panel: DemoPanel) -> None:
        super().__init__(context)
        self._panel = panel
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
            "scan_booking": lambda: self._scan(sample_booking()),
            "scan_unknown": lambda: self._scan(SAMPLE_UNKNOWN),
            "card": self._toggle_card,
            **{switch.value: self._flipper(switch) for switch in Switch},
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

    def _flipper(self, switch: Switch) -> Callable[[], None]:
        return lambda: self._flip(switch)

    def _flip(self, switch: Switch) -> None:
        self._panel.flip(switch)
        self.retranslate()

    def _toggle_card(self) -> None:
        self._panel.toggle_card()
        self.retranslate()

    def _scan(self, payload: str) -> None:
        self.context.navigator.home()  # scans are routed from the citizen's side
        self._panel.scan(payload)

    def retranslate(self) -> None:
        self.title.setText(translate("DemoDevices", "Demo devices"))
        texts = {
            "scan_slip": translate("DemoDevices", "Scan a sample appointment slip"),
            "scan_id": translate("DemoDevices", "Scan a sample ID card (invented person)"),
            "scan_booking": translate("DemoDevices", "Scan a sample booking for today"),
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
        self.state.setText(" · ".join(self._panel.states()))
