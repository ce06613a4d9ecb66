"""Demo mode only: the operator plays the devices (scan a sample slip or ID card, empty the printer).

Everything here is invented sample data. The panel drives the simulators the
composition root built; in kiosk mode there are none, and every switch does nothing.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta, timezone

from devices.cccd import parse_cccd
from devices.id_reader import SimulatedIdReader
from devices.printer import SimulatedPrinter
from devices.scanner import SimulatedScanner
from kiosk_app.dossier_code import hibc_wrapped
from kiosk_app.hardware import Hardware

# An invented dossier, printed HIBC-wrapped as some one-stop systems print slips.
SAMPLE_DOSSIER = "000.00.29.H29-251201-0007"
SAMPLE_SLIP = hibc_wrapped(SAMPLE_DOSSIER)
SAMPLE_ID = (
    "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh|20042021"
)
SAMPLE_UNKNOWN = "WIFI:T:WPA;S:cafe;P:12345678;;"


def sample_booking(now: datetime | None = None) -> str:
    """A booking code for the next quarter-hour slot today, as the simulator makes them up (Vietnam time)."""
    now = now or datetime.now(timezone(timedelta(hours=7)))
    slot = min(96, (now.hour * 60 + now.minute) // 15 + 1)
    return f"LH{now:%y%m%d}{slot:03d}"


class Switch(enum.Enum):
    PAPER = "paper"
    COVER = "cover"
    PRINTER_PLUG = "plug"
    SCANNER_PLUG = "scanner_plug"
    READER_PLUG = "reader_plug"


class DemoPanel:
    def __init__(self, hardware: Hardware) -> None:
        self._hardware = hardware

    def _printer(self) -> SimulatedPrinter | None:
        printer = self._hardware.printer
        return printer if isinstance(printer, SimulatedPrinter) else None

    def _scanner(self) -> SimulatedScanner | None:
        scanner = self._hardware.scanner
        return scanner if isinstance(scanner, SimulatedScanner) else None

    def _reader(self) -> SimulatedIdReader | None:
        reader = self._hardware.id_reader
        return reader if isinstance(reader, SimulatedIdReader) else None

    def scan(self, payload: str) -> bool:
        """Feed the simulated scanner as if a code were held under it; False without one."""
        scanner = self._scanner()
        if scanner is None:
            return False
        scanner.feed(payload)
        return True

    def toggle_card(self) -> None:
        """Put the invented citizen's card on the simulated reader, or take it off (opens with 001234)."""
        reader = self._reader()
        if reader is not None:
            reader.card = None if reader.card else parse_cccd(SAMPLE_ID, today=date.today())

    def flip(self, switch: Switch) -> None:
        """Turn one of a simulator's fault switches the other way."""
        targets: dict[Switch, tuple[object | None, str]] = {
            Switch.PAPER: (self._printer(), "paper_out"),
            Switch.COVER: (self._printer(), "cover_open"),
            Switch.PRINTER_PLUG: (self._printer(), "plugged"),
            Switch.SCANNER_PLUG: (self._scanner(), "plugged"),
            Switch.READER_PLUG: (self._reader(), "plugged"),
        }
        simulator, attribute = targets[switch]
        if simulator is not None:
            setattr(simulator, attribute, not getattr(simulator, attribute))

    def states(self) -> list[str]:
        """Each simulator's state, in the simulators' own (English) words, as a technician sees them."""
        return [f"{device.name}: {device.status().detail}" for device in self._hardware.by_role().values()]
