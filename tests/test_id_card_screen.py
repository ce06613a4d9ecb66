"""The "Read your ID card" screen over the demo's software card: the real protocol behind real taps.

Covers what a citizen meets: the stages while reading, a wrong access number
with its tries counted, a card whose data does not verify, and the consent
screen saying whether the details were checked.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from devices.cccd import CitizenIdentity
from devices.emrtd.issuing import SampleIssuer
from devices.id_reader import SimulatedIdReader
from kiosk_app import destinations as to
from kiosk_app.composition import KioskServices
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.id_card import IdCardScreen

CARD = CitizenIdentity(
    "079185002468", "PHẠM THỊ MAI", date(1985, 11, 2), "female", "8 Hai Bà Trưng", date(2022, 1, 10)
)


def card_screen(qtbot: QtBot, runtime: KioskRuntime, services: KioskServices) -> IdCardScreen:
    reader = services.hardware.id_reader
    assert isinstance(reader, SimulatedIdReader)
    reader.card = CARD
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    window.go(to.IdCard())
    screen = window.current_screen
    assert isinstance(screen, IdCardScreen)
    return screen


def type_and_read(qtbot: QtBot, screen: IdCardScreen, digits: str) -> None:
    for digit in digits:
        tap(qtbot, screen.pad.keys[digit])
    tap(qtbot, screen.read)
    qtbot.waitUntil(lambda: not screen._reading, timeout=10000)


def test_the_stages_show_and_the_consent_says_the_details_were_checked(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    screen = card_screen(qtbot, runtime, services)
    stages: list[str] = []
    screen.stage.connect(stages.append)
    type_and_read(qtbot, screen, "002468")
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.ID_CONSENT, timeout=5000)
    assert stages == ["opening", "reading", "checking"]
    consent = runtime.window.current_screen
    checked = consent.findChild(QLabel, "consent_checked")
    assert checked is not None and "checked against the issuing authority" in checked.text()
    tap(qtbot, consent.findChild(QPushButton, "consent_yes"))
    accepted = services.identity.current
    assert accepted is not None and accepted.verified and accepted.full_name == "PHẠM THỊ MAI"
    assert not checked.text()  # nothing of the citizen stays in the consent widget


def test_three_wrong_access_numbers_send_the_citizen_to_the_counter(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    screen = card_screen(qtbot, runtime, services)
    for left in (2, 1):
        type_and_read(qtbot, screen, "111111")
        assert f"Tries left: {left}." in screen.message.text()
        assert screen.pad.isEnabled() and not screen.steps.isVisible()
    type_and_read(qtbot, screen, "111111")
    assert "did not accept these digits again" in screen.message.text()
    assert "counter 1" in screen.message.text()
    assert not screen.pad.isEnabled() and not screen.read.isEnabled()
    assert runtime.window.current is ScreenId.ID_CARD and services.identity.current is None


def test_a_card_the_kiosk_cannot_verify_is_not_offered(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    screen = card_screen(qtbot, runtime, services)
    reader = services.hardware.id_reader
    assert isinstance(reader, SimulatedIdReader)
    reader.trust = [SampleIssuer.generate("Some other CSCA").csca]  # the card's issuer is not trusted
    type_and_read(qtbot, screen, "002468")
    assert "could not be verified" in screen.message.text()
    assert runtime.window.current is ScreenId.ID_CARD and services.identity.current is None
    reader.trust = None
    reader.leaves_after = 15  # taken off the reader halfway through
    type_and_read(qtbot, screen, "002468")
    assert "No card was found, or it moved" in screen.message.text()
    assert screen.read.isEnabled() is False and screen.pad.isEnabled()  # digits cleared; typing again works
