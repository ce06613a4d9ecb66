"""Scans from any screen reach the right screen; the ID card needs consent; failed prints say why."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.printer import SimulatedPrinter
from devices.scanner import SimulatedScanner
from kiosk_app import destinations as to
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.composition import KioskServices
from kiosk_app.dossier_code import hibc_wrapped
from kiosk_app.speech import QuietSpeaker
from tests.conftest import TECHNICIAN_PIN, FakeClock
from tests.ui_helpers import enter_area
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.home import HomeScreen
from ui.screens.procedure_flow import ChecklistScreen
from ui.screens.staff import TechnicianScreen

CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé|20042021"


def tap(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def scan_from_another_thread(services: KioskServices, payload: str) -> None:
    scanner = services.hardware.scanner
    assert isinstance(scanner, SimulatedScanner)
    worker = threading.Thread(target=scanner.feed, args=(payload,))
    worker.start()
    worker.join()


def test_a_slip_scanned_on_the_attract_screen_opens_its_dossier(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    # Printed HIBC-wrapped, as some one-stop systems print slips: the check character is verified.
    scan_from_another_thread(services, hibc_wrapped("000.00.29.H29-251201-0007"))
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.DOSSIER_STATUS, timeout=2000)
    screen = runtime.window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(screen, DossierStatusScreen)
    # Understood as a code: the screen asks straight for the owner's ID number (Vietnamese by default).
    assert "000.00.29.H29-251201-0007" in screen.instruction.text()
    assert "số định danh" in screen.instruction.text() and screen.field.text() == ""
    assert not screen.use_card.isVisible()  # no ID card read in this visit
    assert services.session.personal.is_empty()  # the code lives in the screen, not in a shared record


def test_an_id_card_is_used_only_after_yes(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    scan_from_another_thread(services, CCCD)
    qtbot.waitUntil(lambda: window.current is ScreenId.ID_CONSENT, timeout=2000)
    consent = window.screens[ScreenId.ID_CONSENT]
    who = consent.findChild(QWidget, "consent_who")
    assert who is not None and "NGUYỄN VĂN AN" in who.text() and "1234" in who.text()  # type: ignore[attr-defined]
    assert "079090001234" not in who.text()  # type: ignore[attr-defined]
    assert services.session.personal.identity is None
    tap(qtbot, consent.findChild(QPushButton, "consent_yes"))
    assert window.current is ScreenId.HOME
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen) and "NGUYỄN VĂN AN" in home.greeting.text()
    assert services.session.personal.identity is not None


def test_declining_forgets_the_card(qtbot: QtBot, runtime: KioskRuntime, services: KioskServices) -> None:
    scan_from_another_thread(services, CCCD)
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.ID_CONSENT, timeout=2000)
    tap(qtbot, runtime.window.screens[ScreenId.ID_CONSENT].findChild(QPushButton, "consent_no"))
    assert services.session.personal.is_empty()


@pytest.mark.parametrize("payload", ["HELLO WORLD", "079090001234|not|a|card|at|all", "https://example.org/"])
def test_codes_the_kiosk_cannot_use_get_a_kind_message(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, payload: str
) -> None:
    tap(qtbot, runtime.window.screens[ScreenId.ATTRACT])
    scan_from_another_thread(services, payload)
    qtbot.waitUntil(runtime.window.banner.isVisible, timeout=2000)
    assert (
        "cannot read that code" in runtime.window.banner.text()
        or "không đọc được" in runtime.window.banner.text()
    )
    assert runtime.window.current is ScreenId.HOME


def test_a_keyboard_scanner_burst_is_routed_not_typed(
    qtbot: QtBot, runtime: KioskRuntime, clock: FakeClock
) -> None:
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT])
    window.go(to.DossierStatus())
    screen = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(screen, DossierStatusScreen)
    screen.field.setFocus()
    # A real scanner's burst: every key within a few milliseconds, then Enter.
    for char in "38.98.H29-210519-0013":
        key = Qt.Key(ord(char)) if char.isalnum() else {"-": Qt.Key.Key_Minus, ".": Qt.Key.Key_Period}[char]
        QApplication.sendEvent(
            screen.field, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        )
    QApplication.sendEvent(
        screen.field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    )
    # Routed as a scan: the code is taken and the second factor asked; nothing was typed.
    qtbot.waitUntil(lambda: "38.98.H29-210519-0013" in screen.instruction.text(), timeout=2000)
    assert screen.field.text() == ""


@pytest.mark.parametrize(
    ("switch", "words"),
    [("paper_out", "out of paper"), ("cover_open", "cover is open"), ("plugged", "not working")],
)
def test_a_failed_print_says_why_and_where_to_go(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, switch: str, words: str
) -> None:
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    procedure = services.catalogue.catalogue.procedures["1.004194"]
    flow = GuidedFlow(procedure)
    flow.answer(True)
    services.session.personal.flow = flow
    window.go(to.ChecklistView())
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter)
    setattr(printer, switch, switch != "plugged")
    checklist = window.screens[ScreenId.CHECKLIST]
    assert isinstance(checklist, ChecklistScreen)
    tap(qtbot, checklist.print_button)
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert words in window.banner.text() and "counter 1" in window.banner.text()
    assert printer.printed == [] and checklist.print_button.isEnabled()


def test_technician_sees_devices_tests_the_printer_and_the_scanner(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    technician = enter_area(qtbot, runtime, TECHNICIAN_PIN, ScreenId.TECHNICIAN)
    assert isinstance(technician, TechnicianScreen)
    qtbot.waitUntil(lambda: "Printer: working — ready" in technician.devices.text(), timeout=5000)
    assert "Scanner: working" in technician.devices.text()
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.paper_out = True
    tap(qtbot, technician.check)
    qtbot.waitUntil(lambda: "Printer: not working — paper out" in technician.devices.text(), timeout=5000)
    tap(qtbot, technician.test_print)
    qtbot.waitUntil(lambda: "did not print" in technician.devices.text(), timeout=5000)
    printer.paper_out = False
    tap(qtbot, technician.test_print)
    qtbot.waitUntil(lambda: technician.devices.text() == "Test page printed.", timeout=5000)
    assert len(printer.printed) == 1
    scan_from_another_thread(services, CCCD)
    qtbot.waitUntil(lambda: "citizen_id" in technician.last_scan.text(), timeout=2000)
    assert "NGUYỄN" not in technician.last_scan.text() and window.current is ScreenId.TECHNICIAN
    assert not isinstance(window.current_destination, to.IdConsent)  # nothing offered
    tap(qtbot, technician.check)
    qtbot.waitUntil(lambda: "Microphone: working" in technician.devices.text(), timeout=5000)
    assert "Speech output: working" in technician.devices.text()
    tap(qtbot, technician.test_speech)
    speaker = runtime.speaker
    assert isinstance(speaker, QuietSpeaker) and speaker.said[-1][1] == "vi"
    tap(qtbot, technician.test_microphone)
    qtbot.waitUntil(lambda: "microphone works" in technician.devices.text(), timeout=5000)


def test_demo_panel_plays_the_devices(qtbot: QtBot, runtime: KioskRuntime, services: KioskServices) -> None:
    from ui.screens.demo_devices import DemoDevicesScreen

    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "demo_devices_entry"))
    panel = window.screens[ScreenId.DEMO_DEVICES]
    assert isinstance(panel, DemoDevicesScreen) and window.current is ScreenId.DEMO_DEVICES
    tap(qtbot, panel.buttons["paper"])
    assert "paper out" in panel.state.text()
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter) and printer.paper_out
    tap(qtbot, panel.buttons["scan_slip"])
    qtbot.waitUntil(lambda: window.current is ScreenId.DOSSIER_STATUS, timeout=2000)
    window.go(to.DemoDevices())
    tap(qtbot, panel.buttons["scan_id"])
    qtbot.waitUntil(lambda: window.current is ScreenId.ID_CONSENT, timeout=2000)


def test_kiosk_mode_has_no_demo_panel(qtbot: QtBot, services: KioskServices) -> None:
    import dataclasses

    from kiosk_app.run_mode import RunMode
    from ui.launcher import build_runtime

    real = dataclasses.replace(
        services,
        mode=RunMode.KIOSK,
        settings=dataclasses.replace(
            services.settings, devices=dataclasses.replace(services.settings.devices, simulated=False)
        ),
    )
    built = build_runtime(real)
    try:
        assert built.window.screens[ScreenId.ATTRACT].findChild(QPushButton, "demo_devices_entry") is None
    finally:
        built.close()
