"""The guided procedure on real widgets: browse or search, answer, get the checklist, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.printer import SimulatedPrinter
from kiosk_app import destinations as to
from kiosk_app.composition import KioskServices
from kiosk_app.session import SessionState
from kiosk_app.speech import QuietSpeaker
from tests.conftest import FakeClock
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen
from ui.screens.procedure_flow import ChecklistScreen, ProcedureScreen, QuestionScreen
from ui.screens.procedures import CategoryScreen, ProceduresScreen, SearchScreen
from ui.widgets.vietnamese_keyboard import add_tone


def tap(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def button(screen: QWidget, name: str) -> QPushButton | None:
    """The visible button of that name (replaced ones may linger, hidden, until deleted)."""
    found = [b for b in screen.findChildren(QPushButton, name) if b.isVisible()]
    return found[0] if found else None


def texts(screen: QWidget) -> str:
    return "\n".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())


def start(qtbot: QtBot, runtime: KioskRuntime, language: str) -> None:
    tap(qtbot, button(runtime.window.screens[ScreenId.ATTRACT], f"start_{language}"))
    home = runtime.window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    tap(qtbot, home.tiles[ScreenId.PROCEDURES])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "vi",
            {
                "title": "Giấy chứng sinh",
                "fee": "8.000 đồng",
                "total": "Tổng cộng: 16.000 đồng",
                "counter": "Quầy số 2 (Hộ tịch)",
            },
        ),
        (
            "en",
            {
                "title": "Birth notice from the hospital",
                "fee": "8,000 VND",
                "total": "Total: 16,000 VND",
                "counter": "Counter 2 (Civil status)",
            },
        ),
    ],
)
def test_browse_answer_and_get_the_checklist(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, language: str, words: dict[str, str]
) -> None:
    window = runtime.window
    start(qtbot, runtime, language)
    procedures = window.screens[ScreenId.PROCEDURES]
    assert isinstance(procedures, ProceduresScreen)
    tap(qtbot, procedures.tiles["civil_status"])
    category = window.screens[ScreenId.CATEGORY]
    assert isinstance(category, CategoryScreen)
    tap(qtbot, button(category, "procedure_1.001193"))
    # Chosen by name: straight to the first question; the overview is one Back away.
    assert window.current is ScreenId.QUESTION
    tap(qtbot, window.navbar.back)
    overview = window.screens[ScreenId.PROCEDURE]
    assert isinstance(overview, ProcedureScreen)
    assert window.current is ScreenId.PROCEDURE
    assert words["counter"] in texts(overview)
    tap(qtbot, overview.start)

    question = window.screens[ScreenId.QUESTION]
    assert isinstance(question, QuestionScreen)
    tap(qtbot, button(question, "answer_yes"))  # has the birth notice
    tap(qtbot, button(question, "answer_no"))  # not on time
    tap(qtbot, button(question, "answer_yes"))  # parents married
    # Back changes the last answer, not the screen.
    tap(qtbot, window.navbar.back)
    assert (
        window.current is ScreenId.QUESTION
        and "parents_married" not in services.session.personal.flow.answers
    )
    tap(qtbot, button(question, "answer_yes"))
    tap(qtbot, button(question, "key_31"))  # one extra extract
    tap(qtbot, question.number_ok)
    tap(qtbot, button(question, "answer_next"))  # the late-registration note

    assert window.current is ScreenId.CHECKLIST
    checklist = window.screens[ScreenId.CHECKLIST]
    assert isinstance(checklist, ChecklistScreen)
    shown = texts(checklist)
    assert words["title"] in shown and words["fee"] in shown and words["total"] in shown
    assert words["counter"] in checklist.where.text()
    assert "witness" not in shown.lower() and "làm chứng" not in shown

    assert ("Was the baby born less than 60 days ago? — No" in shown) or (
        "Bé sinh ra chưa quá 60 ngày? — Không" in shown
    )

    # Back reopens the last step; answering it again returns to the checklist.
    tap(qtbot, window.navbar.back)
    assert window.current is ScreenId.QUESTION
    tap(qtbot, button(question, "answer_next"))
    assert window.current is ScreenId.CHECKLIST

    tap(qtbot, checklist.print_button)
    printer = services.hardware.printer
    assert isinstance(printer, SimulatedPrinter)
    qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=5000)
    qtbot.waitUntil(checklist.preview_area.isVisible, timeout=5000)
    image, data = printer.printed[0]
    assert image.width == printer.paper.width_px and b"\x1dv0" in data
    assert not checklist.preview.pixmap().isNull() and checklist.preview.pixmap().width() == image.width
    assert window.banner.isVisible()

    tap(qtbot, checklist.queue_button)
    assert window.current is ScreenId.QUEUE


def test_switching_language_mid_flow_keeps_the_answers(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    start(qtbot, runtime, "vi")
    window.go(to.ProcedureGuide("1.000894"))
    tap(qtbot, window.screens[ScreenId.PROCEDURE].start)  # type: ignore[attr-defined]
    question = window.screens[ScreenId.QUESTION]
    assert isinstance(question, QuestionScreen)
    assert question.question.text() == "Cả hai người đều cư trú tại phường này?"
    tap(qtbot, button(question, "answer_no"))
    tap(qtbot, window.navbar.languages["en"])
    assert question.question.text() == "Has either partner been married before?"
    assert services.session.personal.flow is not None
    assert services.session.personal.flow.answers == {"both_live_here": False}


def test_search_with_the_on_screen_keyboard(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    start(qtbot, runtime, "vi")
    procedures = window.screens[ScreenId.PROCEDURES]
    assert isinstance(procedures, ProceduresScreen)
    tap(qtbot, procedures.search)
    search = window.screens[ScreenId.SEARCH]
    assert isinstance(search, SearchScreen)
    for key in ("k", "ê", "t", "◌́", " ", "h", "ô", "n"):
        tap(qtbot, search.keyboard.keys[key])
    assert search.query.text() == "kết hôn"
    first = search.results.items[0]
    assert first.title.text() == "Đăng ký kết hôn"
    tap(qtbot, first)
    assert window.current is ScreenId.QUESTION  # a result opens its first question
    assert services.guide.flow is not None and services.guide.flow.procedure.code == "1.000894"
    tap(qtbot, window.navbar.back)
    assert window.current is ScreenId.PROCEDURE  # the overview, one Back away
    tap(qtbot, window.navbar.back)
    search.query.setText("xyzzy")
    assert search.nothing.isVisible() and search.results.items == []


@pytest.mark.parametrize(
    ("typed", "mark", "expected"),
    [
        ("ke", "\u0301", "ké"),
        ("kêt", "\u0301", "kết"),  # the tone may come after the whole word
        ("đăng ki", "\u0301", "đăng kí"),
        ("ké", "\u0300", "kè"),  # a new tone replaces the old one
        ("hoa", "\u0300", "hòa"),
        ("hoan", "\u0300", "hoàn"),
        ("nguoi", "\u0300", "nguòi"),
        ("người", "\u0303", "ngưỡi"),
        ("quyêt", "\u0301", "quyết"),
        ("gia", "\u0309", "giả"),
        ("mua", "\u0301", "múa"),
        ("ngoai", "\u0300", "ngoài"),
        ("tư", "\u0323", "tự"),
        ("kn", "\u0301", "kn"),
        ("", "\u0301", ""),
    ],
)
def test_tones_go_where_vietnamese_writes_them(typed: str, mark: str, expected: str) -> None:
    assert add_tone(typed, mark) == expected


def test_number_questions_refuse_out_of_range(qtbot: QtBot, runtime: KioskRuntime) -> None:
    window = runtime.window
    start(qtbot, runtime, "en")
    window.go(to.ProcedureGuide("2.000815.000.00.00.H29"))
    tap(qtbot, window.screens[ScreenId.PROCEDURE].start)  # type: ignore[attr-defined]
    question = window.screens[ScreenId.QUESTION]
    assert isinstance(question, QuestionScreen)
    assert not question.number_ok.isEnabled()
    for key in ("9", "9", "9"):
        tap(qtbot, button(question, f"key_{ord(key):x}"))
    assert not question.number_ok.isEnabled() and question.number_ok.text() == "Continue"
    assert question.number_range.text() == "Enter a number from 1 to 500"  # a label, not the button
    tap(qtbot, button(question, "key_backspace"))
    assert question.number_ok.isEnabled()


def test_the_answers_are_wiped_with_the_session(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, clock: FakeClock
) -> None:
    window = runtime.window
    start(qtbot, runtime, "vi")
    window.go(to.ProcedureGuide("1.004873"))
    tap(qtbot, window.screens[ScreenId.PROCEDURE].start)  # type: ignore[attr-defined]
    tap(qtbot, button(window.screens[ScreenId.QUESTION], "answer_yes"))
    assert services.session.personal.flow is not None
    # One tap on Finish does not wipe the answers: it asks first, and "No" keeps everything.
    tap(qtbot, window.navbar.finish)
    assert window.finish_question.isVisible()
    assert services.session.state is not SessionState.IDLE
    tap(qtbot, window.finish_question.stay)
    assert not window.finish_question.isVisible()
    assert services.session.personal.flow is not None and window.current is ScreenId.CHECKLIST
    tap(qtbot, window.navbar.finish)
    tap(qtbot, window.finish_question.leave)
    # A visit that did something is asked how it was; finishing without rating is one tap.
    assert window.current is ScreenId.RATING and not window.finish_question.isVisible()
    tap(qtbot, window.current_screen.findChild(QPushButton, "rating_skip"))
    assert services.session.state is SessionState.IDLE
    assert services.session.personal.flow is None
    assert window.current is ScreenId.ATTRACT and window.current_destination == to.Attract()
    assert not window.finish_question.isVisible()


def test_finish_with_nothing_to_lose_ends_at_once(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    start(qtbot, runtime, "en")
    assert services.session.personal.is_empty()
    tap(qtbot, window.navbar.finish)
    assert not window.finish_question.isVisible()
    assert services.session.state is SessionState.IDLE and window.current is ScreenId.ATTRACT


def test_audio_guidance_reads_the_question(qtbot: QtBot, runtime: KioskRuntime) -> None:
    speaker = runtime.speaker
    assert isinstance(speaker, QuietSpeaker)
    window = runtime.window
    start(qtbot, runtime, "en")
    tap(qtbot, window.navbar.audio)
    window.go(to.ProcedureGuide("1.004194"))
    assert "Temporary residence registration" in speaker.said[-1][0]
    tap(qtbot, window.screens[ScreenId.PROCEDURE].start)  # type: ignore[attr-defined]
    assert speaker.said[-1][0].startswith("Are you renting the home or room?")


def test_in_portrait_the_answers_sit_low_within_reach(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    window.resize(1080, 1920)
    start(qtbot, runtime, "en")
    window.go(to.BeginProcedure("2.000815.000.00.00.H29"))
    question = window.screens[ScreenId.QUESTION]
    while services.guide.flow is not None and (step := services.guide.flow.current()) is not None:
        if step.kind.value == "yes_no":
            break
        services.guide.answer(step.minimum if step.kind.value == "number" else None)
        question.retranslate()
    yes = button(question, "answer_yes")
    assert yes is not None
    QApplication.processEvents()
    # The answer is in the lower half of the screen, not right under the question.
    assert yes.mapTo(window, yes.rect().center()).y() > window.height() / 2
