"""The assistant screen by typing: answers shown in place, choices, actions, language change."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app import destinations as to
from kiosk_app.composition import KioskServices
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen


def open_assistant(qtbot: QtBot, runtime: KioskRuntime, language: str) -> AssistantScreen:
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, f"start_{language}"))
    tap(qtbot, window.navbar.assistant)
    screen = window.screens[ScreenId.ASSISTANT]
    assert isinstance(screen, AssistantScreen)
    return screen


def test_typed_questions_on_the_assistant_screen(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    screen = open_assistant(qtbot, runtime, "vi")
    # No Vietnamese speech model in this set-up: no microphone to press in vain, typing works.
    assert not screen.mic.isVisible() and "gõ" in screen.status.text()
    screen.text.setText("dang ky ket hon o quay nao")
    tap(qtbot, screen.ask)
    assert window.current is ScreenId.ASSISTANT and "quầy số 2 (hộ tịch)" in screen.reply.text().lower()
    assert "Đăng ký kết hôn" in screen.action.text()
    open_guide = next(b for b in screen.choices if b.isVisible())
    tap(qtbot, open_guide)
    assert window.current is ScreenId.QUESTION and services.guide.flow is not None
    assert services.guide.flow.procedure.code == "1.000894"
    tap(qtbot, window.navbar.assistant)
    screen.text.setText("chuyển sang tiếng anh")
    tap(qtbot, screen.ask)
    assert services.session.preferences.language == "en"
    assert screen.title.text() == "Ask the assistant"


def test_a_question_about_the_procedure_on_screen(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    open_assistant(qtbot, runtime, "en")
    window.go(to.ProcedureGuide("2.000815.000.00.00.H29"))  # the citizen reads its guide, then asks
    tap(qtbot, window.navbar.assistant)
    screen = window.screens[ScreenId.ASSISTANT]
    assert isinstance(screen, AssistantScreen)
    screen.text.setText("how long does it take")
    tap(qtbot, screen.ask)
    procedure = services.catalogue.catalogue.procedures["2.000815.000.00.00.H29"]
    assert procedure.name.get("en") in screen.reply.text()
    assert window.current is ScreenId.ASSISTANT


def test_a_dossier_code_typed_goes_to_its_status(qtbot: QtBot, runtime: KioskRuntime) -> None:
    screen = open_assistant(qtbot, runtime, "en")
    screen.text.setText("is my dossier 000.00.29.H29-251201-0007 ready")
    tap(qtbot, screen.ask)
    window = runtime.window
    assert window.current is ScreenId.DOSSIER_STATUS
    status = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    # The code was understood: the screen asks straight for the owner's ID number.
    assert "000.00.29.H29-251201-0007" in status.instruction.text()
    assert "ID number" in status.instruction.text() and status.field.text() == ""


def test_a_typed_question_not_understood_is_not_said_to_be_unheard(
    qtbot: QtBot, runtime: KioskRuntime
) -> None:
    screen = open_assistant(qtbot, runtime, "en")
    screen.text.setText("what colour is the sky on mars")
    tap(qtbot, screen.ask)
    assert "did not understand that question" in screen.reply.text()
    assert "catch" not in screen.reply.text()


def test_a_reopened_assistant_starts_clean(qtbot: QtBot, runtime: KioskRuntime) -> None:
    window = runtime.window
    screen = open_assistant(qtbot, runtime, "en")
    screen.text.setText("how much is birth registration")
    tap(qtbot, screen.ask)
    assert screen.reply.isVisible() and screen.heard.text()
    tap(qtbot, window.navbar.home)
    tap(qtbot, window.navbar.assistant)
    assert window.current is ScreenId.ASSISTANT
    assert not screen.reply.isVisible() and not screen.action.isVisible()
    assert screen.heard.text() == "" and screen.text.text() == ""


@pytest.mark.parametrize("model_listens", [False, True])
def test_the_assistant_tile_offers_speaking_only_where_a_model_listens(
    qtbot: QtBot,
    runtime: KioskRuntime,
    services: KioskServices,
    monkeypatch: pytest.MonkeyPatch,
    model_listens: bool,
) -> None:
    monkeypatch.setattr(services.voice, "can_listen", lambda language: model_listens)
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    home = window.screens[ScreenId.HOME]
    tile = home.findChild(QPushButton, "tile_assistant")
    assert tile is not None
    subtitle = tile.accessibleDescription()
    assert subtitle == ("Speak or type your question" if model_listens else "Type your question")
