"""Hot-plug: the health poll notices unplugging and replugging, and citizens hear about it in time."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from devices.base import DeviceProblem, DeviceRole, DeviceStatus, Health
from devices.printer import SimulatedPrinter
from kiosk_app import destinations as to
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.composition import KioskServices
from kiosk_app.device_health import DeviceHealthBoard
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.demo_devices import DemoDevicesScreen
from ui.screens.procedure_flow import ChecklistScreen

PAPER_OUT = DeviceStatus(Health.OFFLINE, DeviceProblem.PAPER_OUT, "paper out")


@pytest.mark.expect_logs("device health changed")
def test_the_board_logs_changes_once_and_knows_what_blocks(caplog: pytest.LogCaptureFixture) -> None:
    board = DeviceHealthBoard()
    caplog.set_level(logging.INFO, logger="kiosk_app.device_health")
    assert board.update({DeviceRole.PRINTER: DeviceStatus.ok(), DeviceRole.SCANNER: DeviceStatus.ok()}) == {
        DeviceRole.PRINTER,
        DeviceRole.SCANNER,
    }
    assert board.update({DeviceRole.PRINTER: DeviceStatus.ok("still fine")}) == set()
    assert board.update({DeviceRole.PRINTER: PAPER_OUT}) == {DeviceRole.PRINTER}
    assert board.update({DeviceRole.PRINTER: PAPER_OUT}) == set()
    changes = [r for r in caplog.records if r.getMessage() == "device health changed"]
    assert [vars(r)["health"] for r in changes] == ["ok", "ok", "offline"]
    assert board.blocking_problem(DeviceRole.PRINTER) is DeviceProblem.PAPER_OUT
    assert (
        board.blocking_problem(DeviceRole.SCANNER) is None
        and board.blocking_problem(DeviceRole.ID_READER) is None
    )
    board.update({DeviceRole.PRINTER: DeviceStatus(Health.DEGRADED, DeviceProblem.PAPER_LOW, "near end")})
    assert board.blocking_problem(DeviceRole.PRINTER) is None  # it still prints: citizens need not know


def open_checklist(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, language: str = "en"
) -> ChecklistScreen:
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, f"start_{language}"))
    procedure = services.catalogue.catalogue.procedures["1.004194"]
    flow = GuidedFlow(procedure)
    flow.answer(True)
    services.session.personal.flow = flow
    window.go(to.ChecklistView())
    checklist = window.screens[ScreenId.CHECKLIST]
    assert isinstance(checklist, ChecklistScreen)
    return checklist


def poll(qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, expected: Health) -> None:
    runtime.monitor.poll()
    qtbot.waitUntil(
        lambda: services.device_health.statuses.get(DeviceRole.PRINTER, PAPER_OUT).health is expected,
        timeout=5000,
    )


@pytest.mark.expect_logs("device health changed")
def test_unplug_and_replug_the_printer_while_a_citizen_reads_the_checklist(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    checklist = open_checklist(qtbot, runtime, services)
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter)
    poll(qtbot, runtime, services, Health.OK)
    assert not checklist.printer_notice.isVisible()
    assert checklist.print_button.text() == "Print this checklist"

    printer.plugged = False
    poll(qtbot, runtime, services, Health.OFFLINE)
    # Said before anyone presses Print, with where to get help; the list can still be shown.
    assert checklist.printer_notice.isVisible()
    assert "not working" in checklist.printer_notice.text() and "counter 1" in checklist.printer_notice.text()
    assert checklist.print_button.text() == "Show this checklist on screen"
    tap(qtbot, checklist.print_button)
    qtbot.waitUntil(checklist.preview_area.isVisible, timeout=5000)
    assert printer.printed == []

    printer.plugged = True  # back in: found at the next poll, no restart
    poll(qtbot, runtime, services, Health.OK)
    assert not checklist.printer_notice.isVisible()
    tap(qtbot, checklist.print_button)
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=5000)


@pytest.mark.expect_logs("device health changed")
def test_paper_out_is_named_in_the_citizens_language(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    checklist = open_checklist(qtbot, runtime, services, "vi")
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter)
    printer.paper_out = True
    poll(qtbot, runtime, services, Health.OFFLINE)
    assert "hết giấy" in checklist.printer_notice.text()


def open_demo_panel(qtbot: QtBot, runtime: KioskRuntime) -> DemoDevicesScreen:
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "demo_devices_entry"))
    panel = window.screens[ScreenId.DEMO_DEVICES]
    assert isinstance(panel, DemoDevicesScreen)
    return panel


def test_an_id_card_read_from_its_chip_waits_for_consent(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    from devices.id_reader import SimulatedIdReader
    from ui.screens.home import HomeScreen
    from ui.screens.id_card import IdCardScreen

    window = runtime.window
    panel = open_demo_panel(qtbot, runtime)
    tap(qtbot, panel.buttons["card"])
    reader = services.hardware.id_reader
    assert isinstance(reader, SimulatedIdReader) and reader.card is not None
    assert "card present" in panel.state.text()
    window.show_destination(to.Attract())
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    tap(qtbot, home.tiles[ScreenId.ID_CARD])
    screen = window.screens[ScreenId.ID_CARD]
    assert isinstance(screen, IdCardScreen)
    assert not screen.read.isEnabled()  # six digits first
    for digit in "999999":
        tap(qtbot, screen.pad.keys[digit])
    tap(qtbot, screen.read)
    qtbot.waitUntil(lambda: "did not accept these 6 digits" in screen.message.text(), timeout=5000)
    assert "Tries left: 2" in screen.message.text()
    assert window.current is ScreenId.ID_CARD  # nothing read, nothing offered
    assert screen.display.text() == "_ _ _ _ _ _"  # the wrong digits are not kept
    for digit in reader.card.id_number[-6:]:
        tap(qtbot, screen.pad.keys[digit])
    tap(qtbot, screen.read)
    qtbot.waitUntil(lambda: window.current is ScreenId.ID_CONSENT, timeout=5000)
    assert services.session.personal.identity is None  # not used before yes
    offered = window.current_destination
    assert isinstance(offered, to.IdConsent) and offered.identity.id_number == reader.card.id_number
    tap(qtbot, window.screens[ScreenId.ID_CONSENT].findChild(QPushButton, "consent_yes"))
    # The demo's software card went through PACE and passive authentication; the chip adds the expiry.
    accepted = services.session.personal.identity
    assert accepted is not None and accepted.verified and accepted.expiry_date is not None
    assert accepted == dataclasses.replace(reader.card, verified=True, expiry_date=accepted.expiry_date)


def test_no_card_on_the_reader_is_said_plainly(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    from ui.screens.id_card import IdCardScreen

    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    window.go(to.IdCard())
    screen = window.screens[ScreenId.ID_CARD]
    assert isinstance(screen, IdCardScreen)
    for digit in "001234":
        tap(qtbot, screen.pad.keys[digit])
    tap(qtbot, screen.read)
    qtbot.waitUntil(lambda: "No card" in screen.message.text(), timeout=5000)
    assert "Lay it flat" in screen.message.text()  # what to do: try again, not go to a counter


def test_every_demo_switch_turns_its_simulator_and_back(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    from devices.id_reader import SimulatedIdReader
    from devices.scanner import SimulatedScanner

    panel = open_demo_panel(qtbot, runtime)
    printer, scanner, reader = (
        services.hardware.printer,
        services.hardware.scanner,
        services.hardware.id_reader,
    )
    assert isinstance(printer, SimulatedPrinter) and isinstance(scanner, SimulatedScanner)
    assert isinstance(reader, SimulatedIdReader)
    switches = {
        "paper": (printer, "paper_out"), "cover": (printer, "cover_open"), "plug": (printer, "plugged"),
        "scanner_plug": (scanner, "plugged"), "reader_plug": (reader, "plugged"),
    }  # fmt: skip
    for button, (simulator, switch) in switches.items():
        before = getattr(simulator, switch)
        tap(qtbot, panel.buttons[button])
        assert getattr(simulator, switch) is not before, button
        tap(qtbot, panel.buttons[button])
        assert getattr(simulator, switch) is before, button
    assert "unplugged" not in panel.state.text()
