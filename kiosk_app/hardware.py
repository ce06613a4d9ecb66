"""The kiosk's devices, chosen from the site file, and the technician's diagnosis of them.

Demo mode (or ``devices.simulated``) uses the simulators. Otherwise each
device is built from its section of the site file; ``none`` means the kiosk
has no such device. When a configured USB printer is not among the USB
devices seen, the log lists what was seen, so a technician can fix the ids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.base import Device, DeviceRole, DeviceStatus, Health
from devices.hid_pos import HidPosScanner
from devices.id_reader import IdChipReader, PcscIdReader, SimulatedIdReader
from devices.microphone import MicrophoneSource, SimulatedMicrophone
from devices.printer import EscposPrinter, Printer, SimulatedPrinter
from devices.receipt import paper_for_profile
from devices.scanner import PayloadScanner, SerialScanner, SimulatedScanner
from devices.speech_output import SpeechOutput
from kiosk_app.settings import PrinterSettings, Settings

log = logging.getLogger(__name__)


@dataclass
class Hardware:
    printer: Printer | None
    scanner: PayloadScanner | None  # keyboard scanners live in the UI
    id_reader: IdChipReader | None
    required: dict[DeviceRole, bool]
    # The assistant's audio: checked by the technician, not polled (see by_role).
    microphone: MicrophoneSource | SimulatedMicrophone | None = None
    speaker: SpeechOutput | None = None

    def by_role(self) -> dict[DeviceRole, Device]:
        """The devices polled for hot-plug: printer, scanner, ID-card reader."""
        roles: dict[DeviceRole, Device | None] = {
            DeviceRole.PRINTER: self.printer,
            DeviceRole.SCANNER: self.scanner,
            DeviceRole.ID_READER: self.id_reader,
        }
        return {role: device for role, device in roles.items() if device is not None}

    def audio(self) -> dict[DeviceRole, Device]:
        roles: dict[DeviceRole, Device | None] = {
            DeviceRole.MICROPHONE: self.microphone,
            DeviceRole.SPEAKER: self.speaker,
        }
        return {role: device for role, device in roles.items() if device is not None}

    def close(self) -> None:
        for device in (*self.by_role().values(), *self.audio().values()):
            device.close()


@dataclass(frozen=True)
class UsbDevice:
    vid: int
    pid: int
    manufacturer: str | None
    product: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "vid": f"{self.vid:04x}",
            "pid": f"{self.pid:04x}",
            "manufacturer": self.manufacturer,
            "product": self.product,
        }


def usb_devices() -> list[UsbDevice]:
    """What is plugged into the USB bus (empty without libusb or without permission to look)."""
    try:
        import usb.core
        import usb.util
    except ImportError:
        return []
    found = []
    try:
        devices = list(usb.core.find(find_all=True) or [])
    except Exception as exc:  # noqa: BLE001 - no backend, no bus: nothing to list
        log.info("cannot list USB devices", extra={"error": str(exc)})
        return []
    for device in devices:
        names: list[str | None] = []
        for index in (device.iManufacturer, device.iProduct):
            try:
                names.append(usb.util.get_string(device, index) if index else None)
            except Exception:  # noqa: BLE001 - strings need permission to open the device
                names.append(None)
        found.append(UsbDevice(device.idVendor, device.idProduct, names[0], names[1]))
    return found


def _escpos_factory(config: PrinterSettings) -> tuple[Any, bool]:
    """A function making the python-escpos connection, and whether it can read status back."""
    from escpos import printer as escpos_printer

    timeout = config.timeout_ms
    if config.connection == "usb":
        return (
            lambda: escpos_printer.Usb(
                config.usb_vendor_id, config.usb_product_id, timeout=timeout,
                in_ep=config.usb_in_endpoint, out_ep=config.usb_out_endpoint, profile=config.profile,
            ),
            True,
        )  # fmt: skip
    if config.connection == "serial":
        return (
            lambda: escpos_printer.Serial(
                devfile=config.serial_port,
                baudrate=config.serial_baudrate,
                timeout=0.1,
                profile=config.profile,
            ),
            True,
        )
    if config.connection == "network":
        return (
            lambda: escpos_printer.Network(
                config.host, port=config.port, timeout=timeout / 1000, profile=config.profile
            ),
            True,
        )
    if config.connection == "file":
        return lambda: escpos_printer.File(devfile=config.file, profile=config.profile), False
    return lambda: escpos_printer.CupsPrinter(printer_name=config.cups_name, profile=config.profile), False


def build_hardware(settings: Settings, *, is_speaking: Callable[[], bool] = lambda: False) -> Hardware:
    """The site's devices; ``is_speaking`` mutes the microphone while the kiosk talks."""
    required = {
        DeviceRole.PRINTER: settings.printer.required and settings.printer.connection != "none",
        DeviceRole.SCANNER: settings.scanner.required
        and settings.scanner.connection in ("serial", "hid_pos"),
        DeviceRole.ID_READER: settings.id_reader.required and settings.id_reader.connection != "none",
    }
    if settings.devices.simulated:
        simulated = SimulatedPrinter(profile=settings.printer.profile)
        hardware = Hardware(simulated, SimulatedScanner(), SimulatedIdReader(), required)
        if settings.assistant.enabled:
            hardware.microphone = SimulatedMicrophone()
            hardware.speaker = _speech_output(settings, simulated=True)
        return hardware
    printer: Printer | None = None
    if settings.printer.connection != "none":
        factory, reads_status = _escpos_factory(settings.printer)
        paper = paper_for_profile(settings.printer.profile)
        printer = EscposPrinter(
            f"{settings.printer.connection} printer", factory, paper, reads_status=reads_status
        )
        if settings.printer.connection == "usb":
            _log_if_absent("printer", settings.printer.usb_vendor_id, settings.printer.usb_product_id)
    scanner: PayloadScanner | None = None
    config = settings.scanner
    if config.connection == "serial":
        scanner = SerialScanner("serial scanner", config.serial_port, baudrate=config.serial_baudrate)
    elif config.connection == "hid_pos":
        scanner = HidPosScanner("HID-POS scanner", config.usb_vendor_id, config.usb_product_id)
        _log_if_absent("scanner", config.usb_vendor_id, config.usb_product_id)
    id_reader: IdChipReader | None = None
    if settings.id_reader.connection == "pcsc":
        trust = settings.id_reader.country_signing_ca
        id_reader = PcscIdReader(
            "PC/SC ID-card reader",
            settings.id_reader.reader_name,
            trust_file=Path(trust).expanduser() if trust else None,
        )
    hardware = Hardware(printer, scanner, id_reader, required)
    if settings.assistant.enabled:
        hardware.microphone = MicrophoneSource(is_speaking=is_speaking)
        hardware.speaker = _speech_output(settings, simulated=False)
    return hardware


def _speech_output(settings: Settings, *, simulated: bool) -> SpeechOutput:
    return SpeechOutput((settings.assistant.voice_vi, settings.assistant.voice_en), simulated=simulated)


def _log_if_absent(role: str, vendor_id: int, product_id: int) -> None:
    seen = usb_devices()
    if seen and not any(d.vid == vendor_id and d.pid == product_id for d in seen):
        log.warning(
            "a configured USB device is not plugged in",
            extra={
                "role": role,
                "wanted": f"{vendor_id:04x}:{product_id:04x}",
                "seen": ", ".join(f"{d.vid:04x}:{d.pid:04x} {d.product or ''}".strip() for d in seen),
            },
        )


def diagnose(hardware: Hardware) -> dict[str, Any]:
    """``kiosk diagnose``'s report: every device with its status, and the USB bus."""
    rows = []
    ok = True
    # Audio is listed for the technician but never fails the diagnosis: the kiosk works without it.
    for role, device in (*hardware.by_role().items(), *hardware.audio().items()):
        status: DeviceStatus = device.status()
        rows.append(
            {"name": device.name, "kind": device.kind, "status": status.health.value, "detail": status.detail}
        )
        # A required ID reader that cannot open chips (no PACE yet) is not doing its job either.
        cannot_read = role is DeviceRole.ID_READER and not getattr(device, "can_read_chip", True)
        if hardware.required.get(role) and (status.health is Health.OFFLINE or cannot_read):
            ok = False
    return {"ok": ok, "devices": rows, "usb": [d.as_dict() for d in usb_devices()]}


def check_for_technician(hardware: Hardware) -> dict[DeviceRole, DeviceStatus]:
    """Every device including the audio ones, for the technician screen (off the GUI thread)."""
    return {**check_all(hardware), **{role: d.status() for role, d in hardware.audio().items()}}


def check_all(hardware: Hardware) -> dict[DeviceRole, DeviceStatus]:
    """Each device's status by role; may block on I/O, so callers run it off the GUI thread."""
    return {role: device.status() for role, device in hardware.by_role().items()}
