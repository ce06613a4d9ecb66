"""A bad procedure script is a problem report, never a crash, a lost edit or a frozen screen.

Each case reproduces what an independent probe broke: odd plain values, a
5,000-digit number, bytes that are not UTF-8, a script built to be slow to
check, a publish killed half-way (see test_publish_crash.py for the kills).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk_app.assistant.understand import MAX_QUESTION_CHARACTERS
from kiosk_app.catalogue import conditions, loader
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import load_catalogue
from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.model import Condition
from kiosk_app.catalogue.reader import ScriptProblem
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.composition import KioskServices
from kiosk_app.destinations import StaffEdit
from tests.catalogue_helpers import SHIPPED, heavy_script, load, run_cli, script
from tests.conftest import STAFF_PIN
from tests.ui_helpers import enter_area, tap
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.staff_editor import StaffEditScreen
from ui.window import KioskWindow

ODD_PLAIN_VALUES = ["._", ".e5", "-.", "+.", "-._", "+._", ".", "._e5", "1.2.3", "9" * 5000, "-" + "9" * 4400]


@pytest.mark.parametrize("value", ODD_PLAIN_VALUES, ids=lambda v: v[:8])
def test_odd_numbers_are_problems_at_their_place(value: str) -> None:
    procedure, problems = load(script().replace("counter: 2", f"counter: {value}"))
    assert procedure is None
    counter = [p for p in problems if "counter" in p.message]
    assert len(counter) == 1, problems
    assert (counter[0].line, counter[0].column) == (8, 10)


def test_a_huge_number_says_it_is_too_large() -> None:
    _, problems = load(script().replace("counter: 2", "counter: " + "9" * 5000))
    assert any("far too large" in p.message for p in problems)


def test_the_check_command_reports_instead_of_crashing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ncounter: ._\n")
    result = run_cli("check", str(bad), "--json", data=tmp_path / "data")
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    problems = json.loads(result.stdout)
    assert {
        "file": str(bad),
        "line": 2,
        "column": 10,
        "message": "counter must be a whole number",
    } in problems


@pytest.mark.parametrize(
    ("data", "line", "column", "says"),
    [
        (b"format: 1\ncode: a\x00b\n", 2, 8, "U+0000"),
        (b"format: 1\nname: {vi: x, en: \x1b}\n", 2, 19, "U+001B"),
        (b"format: 1\ncode: \xc3\xa9\xff\n", 2, 8, "0xFF"),
        ("format: 1\n# Tên\nname: {vi: \u0085}\n".encode(), 3, 12, "U+0085"),
    ],
)
def test_bad_bytes_are_reported_where_they_are(data: bytes, line: int, column: int, says: str) -> None:
    _, problems = loader.load_procedure(data, "x.yaml", {})
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, column)
    assert says in problems[0].message


@pytest.mark.expect_logs("the procedure checker failed on a script")
def test_a_checker_bug_is_a_problem_of_that_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "_read_procedure", broken)
    procedure, problems = load(script())
    assert procedure is None
    assert [p.message for p in problems] == [
        "the kiosk could not check this script (RecursionError); tell the developers"
    ]


@pytest.mark.expect_logs("procedure script has problems")
def test_one_broken_live_file_leaves_the_rest_serving(tmp_path: Path) -> None:
    folder = tmp_path / "live"
    shutil.copytree(SHIPPED, folder)
    (folder / "birth-registration.yaml").write_text("format: 1\ncounter: ._\n")
    (folder / "huge-number.yaml").write_text("format: 1\ncounter: " + "9" * 5000 + "\n")
    catalogue = load_catalogue(folder)
    shipped = len(list(SHIPPED.glob("*.yaml"))) - 1  # categories.yaml is not a procedure
    assert len(catalogue.procedures) == shipped - 1
    assert "1.001193" not in catalogue.procedures
    assert catalogue.files["birth-registration.yaml"].problems
    assert catalogue.files["huge-number.yaml"].problems


def test_a_script_built_to_be_slow_is_checked_within_a_bounded_work(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real_holds = conditions.holds

    def counting(condition: Condition | None, answers: Mapping[str, AnswerValue]) -> bool:
        nonlocal calls
        calls += 1
        return real_holds(condition, answers)

    monkeypatch.setattr(loader, "holds", counting)
    text = heavy_script(questions=12, never_true=670)
    _, problems = load(text)
    # Every never-true document is still found...
    assert len([p for p in problems if "can never be shown" in p.message]) == 670
    # ...with far fewer evaluations than every answer set times every condition (2.7 million).
    assert calls < 100_000, calls


def test_the_reachability_work_budget_stops_a_hostile_script(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "REACHABILITY_BUDGET", 4096 * 10)
    _, problems = load(heavy_script(questions=12, never_true=670))
    found = [p for p in problems if "can never be shown" in p.message]
    # Distinct question pairs beyond the budget are left unchecked, not waited for.
    assert 0 < len(found) < 670


def test_a_long_question_is_read_only_up_to_its_bound(services: KioskServices) -> None:
    assistant = services.voice.assistant()
    code = "000.00.29.H29-251201-0007"
    near = assistant.ask(f"hồ sơ {code}", "vi").understanding
    assert near.slots.get("dossier_code") == code
    far = assistant.ask("a-" * (MAX_QUESTION_CHARACTERS // 2) + f" hồ sơ {code}", "vi").understanding
    assert "dossier_code" not in far.slots
    flood = assistant.ask("a-" * 50_000, "vi").understanding
    assert flood.intent == "unknown"


# --- the staff editor -------------------------------------------------------------------------


def open_editor(qtbot: QtBot, runtime: KioskRuntime, file_name: str) -> StaffEditScreen:
    enter_area(qtbot, runtime, STAFF_PIN, ScreenId.STAFF)
    window: KioskWindow = runtime.window
    window.go(StaffEdit(file_name))
    editor = window.screens[ScreenId.STAFF_EDIT]
    assert isinstance(editor, StaffEditScreen)
    return editor


def test_check_runs_off_the_gui_thread_and_keeps_the_screen_answering(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, runtime, "birth-registration.yaml")
    release = threading.Event()
    threads: list[str] = []
    real_examine = services.catalogue.examine

    def slow_examine(name: str, data: bytes) -> tuple[object, list[ScriptProblem]]:
        threads.append(threading.current_thread().name)
        release.wait(10)
        return real_examine(name, data)

    monkeypatch.setattr(services.catalogue, "examine", slow_examine)
    tap(qtbot, editor.check)
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    # The check is still running, yet the GUI thread processes events: the screen answers.
    assert threads[0] != threading.main_thread().name
    assert not editor.check.isEnabled()
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: editor.check.isEnabled(), timeout=5000)
    assert editor.state.text().startswith("No problems found.")


@pytest.mark.expect_logs("a staff editor job failed")
def test_a_failing_job_keeps_the_edit(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, runtime, "birth-registration.yaml")
    tap(qtbot, editor.mode)
    editor.raw.setPlainText(editor.raw.toPlainText() + "# a note\n")
    edited = editor.raw.toPlainText()

    def disk_full(name: str, data: bytes) -> list[ScriptProblem]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services.catalogue, "publish", disk_full)
    tap(qtbot, editor.publish)
    qtbot.waitUntil(lambda: "your edit is kept" in editor.problems.text(), timeout=5000)
    assert "No space left on device" in editor.problems.text()
    assert runtime.window.current is ScreenId.STAFF_EDIT
    assert editor.raw.toPlainText() == edited
    assert editor.publish.isEnabled()


def test_publishing_the_live_text_again_adds_no_history(tmp_path: Path) -> None:
    service = CatalogueService(tmp_path / "live", SHIPPED, calendar=WorkCalendar())
    service.load()
    live = service.folder / "birth-registration.yaml"
    assert service.publish(live.name, live.read_bytes()) == []
    assert service.history(live.name) == []
