"""`kiosk diagnose` and `kiosk print test`: the technician's first two commands."""

from __future__ import annotations

import json
import logging

from devices.base import DeviceError
from devices.printer import SimulatedPrinter
from kiosk_app.device_health import DeviceHealthBoard
from kiosk_app.hardware import build_hardware, diagnose
from kiosk_app.messages import MessageCatalogue
from kiosk_app.printing import PrintService
from kiosk_app.settings import Settings

EXIT_OK, EXIT_FAILED = 0, 1


def diagnose_command(settings: Settings, *, as_json: bool) -> int:
    logging.getLogger().setLevel(logging.ERROR)  # the report is the output
    hardware = build_hardware(settings)
    try:
        report = diagnose(hardware)
    finally:
        hardware.close()
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for row in report["devices"]:
            print(f"{row['status']:>9}  {row['kind']:<8} {row['name']}: {row['detail']}")
        if not report["devices"]:
            print("no devices configured")
        print(f"USB: {len(report['usb'])} device(s)")
        for usb in report["usb"]:
            print(f"  {usb['vid']}:{usb['pid']} {usb['manufacturer'] or ''} {usb['product'] or ''}".rstrip())
        print("all required devices work" if report["ok"] else "a required device does not work")
    return EXIT_OK if report["ok"] else EXIT_FAILED


def print_test_command(settings: Settings) -> int:
    hardware = build_hardware(settings)
    printer = hardware.printer
    if printer is None:
        print("kiosk: this site has no printer (printer.connection: none)")
        return EXIT_FAILED
    printing = PrintService(settings.site, printer, DeviceHealthBoard(), MessageCatalogue())
    try:
        printer.open()
        outcome = printing.print(printing.test_page("vi"), for_technician=True)
        if isinstance(printer, SimulatedPrinter):
            # Nothing comes out of a simulator: show the technician the page instead.
            settings.data_dir().mkdir(parents=True, exist_ok=True)
            where = settings.data_dir() / "last-test-page.png"
            outcome.image.save(where, format="PNG")
            print(f"simulated printer: the page is in {where}")
    except DeviceError as exc:
        print(f"kiosk: the test page did not print: {exc}")
        return EXIT_FAILED
    finally:
        hardware.close()
    print(f"test page sent to {printer.name}")
    return EXIT_OK
