"""The citizen's path through the shell, driven by taps on real widgets."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from devices.cccd import CitizenIdentity
from kiosk_app import destinations as to
from kiosk_app.composition import KioskServices
from kiosk_app.session import EndReason, SessionState
from kiosk_app.speech import QuietSpeaker
from tests.conftest import FakeClock
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.home import HomeScreen

ID_NUMBER = "079090001234"
NAME = "NGUYỄN VĂN AN"
DOSSIER = "38.98.H29-251129-0042"


def tap(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not on screen"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def find(runtime: KioskRuntime, name: str) -> QAbstractButton:
    found = runtime.window.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def tick_until(runtime: KioskRuntime, clock: FakeClock, seconds: float) -> None:
    """Move time forward one second a tick, as the real ticker would."""
    for _ in range(int(seconds)):
        clock.advance(1)
        runtime.window.tick()


def every_text(root: QObject) -> str:
    """Every string the widget tree holds or could show, joined."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QObject)]:
        if isinstance(widget, QWidget):
            texts += [
                widget.windowTitle(),
                widget.toolTip(),
                widget.accessibleName(),
                widget.accessibleDescription(),
            ]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText(), widget.displayText()]
            if widget.isUndoAvailable():
                texts.append("<undo available>")
    return "\n".join(texts)


def test_first_touch_leaves_the_attract_screen(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    assert window.current is ScreenId.ATTRACT
    assert not window.navbar.isVisible()
    tap(qtbot, window.screens[ScreenId.ATTRACT])
    assert window.current is ScreenId.HOME
    assert services.session.state is SessionState.ACTIVE
    assert window.navbar.isVisible() and window.header.isVisible()


def test_english_start_button_and_switching_on_every_screen(qtbot: QtBot, runtime: KioskRuntime) -> None:
    window = runtime.window
    tap(qtbot, find(runtime, "start_en"))
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    assert home.tiles[ScreenId.PROCEDURES].title.text() == "Administrative procedures"
    assert window.header.centre.text().startswith("Sài Gòn Ward")
    for screen in (ScreenId.PROCEDURES, ScreenId.DOSSIER_STATUS, ScreenId.QUEUE):
        tap(qtbot, home.tiles[screen])
        tap(qtbot, find(runtime, "nav_lang_vi"))
        assert find(runtime, "nav_home").text() == "Trang chính"
        tap(qtbot, find(runtime, "nav_lang_en"))
        assert find(runtime, "nav_home").text() == "Home"
        tap(qtbot, find(runtime, "nav_back"))
        assert window.current is ScreenId.HOME
    tap(qtbot, find(runtime, "nav_lang_vi"))
    assert home.tiles[ScreenId.PROCEDURES].title.text() == "Thủ tục hành chính"
    assert window.header.centre.text().startswith("Trung tâm Phục vụ")


def test_back_retraces_and_home_resets(qtbot: QtBot, runtime: KioskRuntime) -> None:
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT])
    assert not find(runtime, "nav_back").isEnabled()
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    tap(qtbot, home.tiles[ScreenId.QUEUE])
    assert find(runtime, "nav_back").isEnabled()
    tap(qtbot, find(runtime, "nav_back"))
    assert window.current is ScreenId.HOME
    tap(qtbot, home.tiles[ScreenId.ASSISTANT])
    tap(qtbot, find(runtime, "nav_home"))
    assert window.current is ScreenId.HOME
    assert not find(runtime, "nav_back").isEnabled()


def test_accessibility_toggles_change_the_look_and_reset_after_the_visit(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    tap(qtbot, window.screens[ScreenId.ATTRACT])
    normal_sheet = runtime.app.styleSheet()
    tile = window.screens[ScreenId.HOME].findChild(QLabel, "")
    assert tile is not None
    tap(qtbot, find(runtime, "nav_large_text"))
    assert services.session.preferences.large_text
    assert runtime.app.styleSheet() != normal_sheet and "font-size: 65px" in runtime.app.styleSheet()
    tap(qtbot, find(runtime, "nav_high_contrast"))
    assert "background: #000000" in runtime.app.styleSheet()
    tap(qtbot, find(runtime, "nav_finish"))
    assert window.current is ScreenId.ATTRACT
    assert runtime.app.styleSheet() == normal_sheet


def test_audio_guidance_reads_each_screen(qtbot: QtBot, runtime: KioskRuntime) -> None:
    speaker = runtime.speaker
    assert isinstance(speaker, QuietSpeaker)
    tap(qtbot, find(runtime, "start_en"))
    assert speaker.said == []
    tap(qtbot, find(runtime, "nav_audio"))
    home = runtime.window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    assert "Administrative procedures" in speaker.said[-1][0] and speaker.said[-1][1] == "en"
    tap(qtbot, home.tiles[ScreenId.QUEUE])
    assert speaker.said[-1][0].startswith("Take a queue number. Choose the counter")


def test_idle_warning_extend_then_timeout_wipes_personal_data(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, clock: FakeClock, tmp_path: Path
) -> None:
    window = runtime.window
    session = services.session
    idle = services.settings.session.idle_timeout_s
    warning = services.settings.session.warning_s
    tap(qtbot, window.screens[ScreenId.ATTRACT])
    assert window.ticker.isActive()

    # An identified citizen types a dossier code on the on-screen keyboard.
    session.personal.identity = CitizenIdentity(
        ID_NUMBER, NAME, date(1990, 3, 15), "male", "12 Lê Lợi, Phường Sài Gòn", date(2021, 4, 20)
    )
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    home.on_shown()
    assert NAME in home.greeting.text()
    tap(qtbot, home.tiles[ScreenId.DOSSIER_STATUS])
    status = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    for char in DOSSIER:
        tap(qtbot, status.keyboard.keys[char])
    assert status.field.text() == DOSSIER
    tap(qtbot, status.next_button)
    # A real code, understood: now the second factor, and the card read in this visit offers it.
    assert DOSSIER in status.instruction.text() and status.field.text() == ""
    assert status.use_card.isVisible()
    tap(qtbot, status.use_card)
    qtbot.waitUntil(lambda: status.again.isVisible(), timeout=5000)
    assert "chưa kết nối được" in status.message.text()  # this kiosk has no backend: said, not guessed
    QGuiApplication.clipboard().setText(DOSSIER)
    tap(qtbot, find(runtime, "nav_lang_en"))

    # Idle: the warning appears with at least 20 s, and "more time" works more than once.
    for _ in range(2):
        tick_until(runtime, clock, idle)
        assert window.overlay.isVisible()
        countdown = int(window.overlay.countdown.text())
        assert countdown >= 20 and countdown == warning
        tick_until(runtime, clock, 5)
        assert int(window.overlay.countdown.text()) == warning - 5
        assert window.overlay.question.text() == "Do you need more time?"
        tap(qtbot, find(runtime, "idle_more_time"))
        assert not window.overlay.isVisible()
        assert window.current is ScreenId.DOSSIER_STATUS

    # Then nobody answers.
    tick_until(runtime, clock, idle + warning)
    assert window.current is ScreenId.ATTRACT
    assert session.state is SessionState.IDLE
    assert not window.ticker.isActive()
    qtbot.wait(1)  # let deleteLater run on the old screens

    held = every_text(window)
    for secret in (ID_NUMBER, NAME, DOSSIER):
        assert secret not in held
        assert secret not in repr(vars(session.personal))
    assert "<undo available>" not in held
    assert session.personal.is_empty()
    assert QGuiApplication.clipboard().text() == ""
    assert services.session.preferences.language == "vi"

    # The visit was counted, with nothing personal in the store.
    assert services.store.visit_count() == 1
    database = services.store.report.path
    rows = sqlite3.connect(database).execute("SELECT reason, language FROM visits").fetchall()
    assert rows == [("timeout", "en")]
    for file in (f for f in database.parent.rglob("*") if f.is_file()):
        content = file.read_bytes()
        assert ID_NUMBER.encode() not in content and DOSSIER.encode() not in content


def test_finish_now_from_the_warning(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, clock: FakeClock
) -> None:
    tap(qtbot, runtime.window.screens[ScreenId.ATTRACT])
    tick_until(runtime, clock, services.settings.session.idle_timeout_s)
    tap(qtbot, find(runtime, "idle_finish"))
    assert runtime.window.current is ScreenId.ATTRACT
    assert services.store.visit_count() == 1


def test_touches_keep_the_session_alive(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, clock: FakeClock
) -> None:
    tap(qtbot, runtime.window.screens[ScreenId.ATTRACT])
    for _ in range(5):
        tick_until(runtime, clock, services.settings.session.idle_timeout_s - 5)
        qtbot.mouseClick(runtime.window.screens[ScreenId.HOME], Qt.MouseButton.LeftButton)
    assert not runtime.window.overlay.isVisible()
    assert services.session.state is SessionState.ACTIVE


@pytest.mark.parametrize("code", ["AB", "ĐĂNG-KÝ", "<script>"])
def test_a_code_that_cannot_be_a_dossier_code_is_explained(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, code: str
) -> None:
    tap(qtbot, find(runtime, "start_en"))
    runtime.window.go(to.DossierStatus())
    status = runtime.window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    status.field.setText(code)
    tap(qtbot, status.next_button)
    assert status.message.isVisible()
    assert "does not look like a dossier code" in status.message.text()
    assert "dossier_code" not in services.session.personal.entries


def test_the_end_of_a_visit_gives_freed_memory_back(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.window
    from kiosk_app import memory

    assert memory._libc() is not None  # glibc, as on the kiosk's Debian
    assert isinstance(memory.release_freed_memory(), bool)
    calls: list[int] = []

    def release() -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(ui.window, "release_freed_memory", release)
    tap(qtbot, find(runtime, "start_en"))
    services.session.end(EndReason.FINISHED)
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
