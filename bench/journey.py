"""Journey: taps from the attract screen to the tailored checklist, through the real window.

For each of the ten procedures a ward centre handles most (the example site's
``catalogue.common``), in both languages and both orientations, a citizen
reaches the checklist three ways, each tap a real click on a visible widget:

- home: the attract screen, then the procedure among the home screen's most
  asked (only those the home screen shows in that orientation);
- browse: the attract screen, Administrative procedures, the category (and its
  next page if needed), the procedure;
- search: the attract screen, Administrative procedures, Search, the first two
  words of the name typed without marks on the on-screen keyboard (each key a
  tap), the result;
- assistant: the attract screen, Ask the assistant, one sentence typed without
  marks on its keyboard ("toi muon lam ..." / "I need ..." and the name), Ask.
  Its keys are counted apart: the goal there is one sentence plus the answers.

Each in standard and in large text, since large text changes what fits.

Then every question is answered (yes, the first option, the smallest number,
"I understand"), each key of a number a tap, until the checklist shows. The
goal is 2 taps plus the answers; the baseline is the same count with the
path the kiosk had before (attract, procedures, category, procedure, Start).

Run: QT_QPA_PLATFORM=offscreen python -m bench.journey
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPushButton

from bench.common import demo_kiosk, save
from bench.soak import Citizen, ManualClock, folded, turn
from kiosk_app.catalogue.model import Procedure, StepKind
from kiosk_app.session import EndReason, Preferences
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen
from ui.screens.procedures import CategoryScreen, ProceduresScreen, SearchScreen
from ui.start import create_application

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
THEMES = {"standard": False, "large text": True}
PATHS = ("home", "browse", "search", "assistant")
# What a first-time citizen types to the assistant: a plain request naming the procedure.
SENTENCES = {"vi": "toi muon lam {name}", "en": "i need {name}"}
OLD_PATH_BEFORE_QUESTIONS = 5  # attract, procedures, category, procedure, Start (page turns aside)


class CountingCitizen(Citizen):
    """A citizen whose every tap is counted, answering the simplest way."""

    taps = 0
    answer_taps = 0

    def tap(self, widget: Any) -> None:
        super().tap(widget)
        self.taps += 1

    def answer_all(self) -> int:
        """Answer until the checklist; the number of questions (and notes) met."""
        met = 0
        self.answer_taps = 0
        flow = self.services.guide.flow
        while self.window.current is ScreenId.QUESTION and flow is not None:
            step = flow.current()
            if step is None:
                break
            met += 1
            before = self.taps
            if step.kind is StepKind.YES_NO:
                self.tap(self.button("answer_yes"))
            elif step.kind is StepKind.ONE_OF:
                self.tap(self.button(f"answer_{step.options[0].id}"))
            elif step.kind is StepKind.NUMBER:
                for digit in str(step.minimum):
                    self.tap(self.button(f"key_{ord(digit):x}"))
                question = self.window.current_screen
                self.tap(question.number_ok)  # type: ignore[attr-defined]
            else:
                self.tap(self.button("answer_next"))
            self.answer_taps += self.taps - before
        self.expect(ScreenId.CHECKLIST)
        return met


def run_path(
    citizen: CountingCitizen, language: str, procedure: Procedure, path: str
) -> dict[str, Any] | None:
    window = citizen.window
    citizen.taps = 0
    citizen.tap(citizen.button(f"start_{language}"))
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    keys = 0
    if path == "home":
        wanted = [b for b in home.common_buttons if b.objectName() == f"common_{procedure.code}"]
        if not wanted:
            return None  # not on the home screen in this orientation
        citizen.tap(wanted[0])
    elif path == "assistant":
        citizen.tap(home.tiles[ScreenId.ASSISTANT])
        assistant = window.current_screen
        assert isinstance(assistant, AssistantScreen)
        # Punctuation is not on the keyboard: "civil-status" is typed "civil status".
        name = re.sub(r"[^\w\s]", " ", procedure.name.get(language).lower())
        sentence = " ".join(folded(SENTENCES[language].format(name=name)).split())
        before = citizen.taps
        citizen.type_on(assistant.keyboard.keys, sentence)
        keys, citizen.taps = citizen.taps - before, before
        citizen.tap(assistant.ask)
        turn(citizen.app)
        if window.current is ScreenId.ASSISTANT:  # not opened: a choice naming it is one more tap
            name = procedure.name.get(language)
            offered = [b for b in assistant.choices if b.isVisible() and name in b.text()]
            if not offered:
                return {"taps": None, "questions": None, "found": False, "keys": keys}
            citizen.tap(offered[0])
    else:
        citizen.tap(home.tiles[ScreenId.PROCEDURES])
        procedures = window.current_screen
        assert isinstance(procedures, ProceduresScreen)
        if path == "browse":
            citizen.tap(procedures.tiles[procedure.category])
            category = window.current_screen
            assert isinstance(category, CategoryScreen)
            while category.findChild(QPushButton, f"procedure_{procedure.code}") is None or not any(
                item.objectName() == f"procedure_{procedure.code}" for item in category.list.items
            ):
                citizen.tap(category.next)
            row = next(i for i in category.list.items if i.objectName() == f"procedure_{procedure.code}")
            category.list.ensureWidgetVisible(row)
            citizen.tap(row)
        else:
            citizen.tap(procedures.search)
            search = window.current_screen
            assert isinstance(search, SearchScreen)
            # Word by word, as a person does, until the procedure is among the first three results.
            typed = ""
            found: list[Any] = []
            for word in folded(procedure.name.get(language)).split():
                citizen.type_on(search.keyboard.keys, (" " if typed else "") + word)
                typed += (" " if typed else "") + word
                found = [i for i in search.results.items[:3] if i.objectName() == f"result_{procedure.code}"]
                if found:
                    break
            if not found:
                return {"taps": None, "questions": None, "found": False, "keys": 0}
            search.results.ensureWidgetVisible(found[0])
            citizen.tap(found[0])
    before_questions = citizen.taps
    questions = citizen.answer_all()
    return {
        "taps": citizen.taps,
        "to_first_question": before_questions,
        "questions": questions,
        "answer_taps": citizen.answer_taps,
        "found": True,
        "keys": keys,
    }


def measure() -> dict[str, Any]:
    app = create_application()
    results: dict[str, Any] = {}
    clock = ManualClock()
    with demo_kiosk(clock=clock) as (services, runtime):
        window = runtime.window
        common = list(services.settings.catalogue.common)
        catalogue = services.catalogue.catalogue
        for orientation, size in SIZES.items():
            window.resize(*size)
            turn(app)
            for theme, large in THEMES.items():
                for language in ("vi", "en"):
                    citizen = CountingCitizen(app, services, runtime, clock)
                    for code in common:
                        procedure = catalogue.procedures[code]
                        row: dict[str, Any] = {}
                        for path in PATHS:
                            services.session.end(EndReason.RESET)
                            services.session.set_preferences(Preferences(language, large, False, False))
                            turn(app)
                            row[path] = run_path(citizen, language, procedure, path)
                        services.session.end(EndReason.RESET)
                        turn(app)
                        results[f"{orientation}/{theme}/{language}/{code}"] = row
    return summarise(results, common)


def summarise(results: dict[str, Any], common: list[str]) -> dict[str, Any]:
    lines = []
    met, total, assistant_met, understood = 0, 0, 0, 0
    for key, row in results.items():
        taps_only = [
            r["taps"] for p, r in row.items() if p != "assistant" and r and r.get("taps") is not None
        ]
        best = min(taps_only, default=None)
        done = next((r for r in row.values() if r and r.get("questions") is not None), None)
        questions = done["questions"] if done else 0
        answers = done["answer_taps"] if done else 0  # a number is its digits and Continue
        goal = 2 + answers
        before = OLD_PATH_BEFORE_QUESTIONS + answers
        total += 1
        met += best is not None and best <= goal
        spoken = row["assistant"]
        if spoken and spoken.get("taps") is not None:
            understood += 1
            # Attract and the assistant tile, the sentence and Ask, then only the answers.
            assistant_met += spoken["taps"] <= 3 + answers
        row["best"], row["goal"], row["before"] = best, goal, before
        cells = []
        for path in PATHS:
            r = row[path]
            cells.append("-" if r is None else ("not found" if not r["found"] else str(r["taps"])))
        keys = row["assistant"]["keys"] if row["assistant"] else 0
        lines.append(f"{key:<50} home {cells[0]:>3} browse {cells[1]:>3} search {cells[2]:>9} "
                     f"assistant {cells[3]:>9} (+{keys} keys) questions {questions} best {best} goal {goal} "
                     f"before {before}")  # fmt: skip
    summary = {
        "journeys": total,
        "goal_met": met,
        "assistant_understood": understood,
        "assistant_sentence_plus_answers": assistant_met,
        "results": results,
    }
    print("\n".join(lines), file=sys.stderr)
    print(f"goal (2 taps + answers) met in {met} of {total} journeys", file=sys.stderr)
    print(
        f"assistant: understood {understood} of {total}; one sentence + answers in {assistant_met}",
        file=sys.stderr,
    )
    return summary


if __name__ == "__main__":
    if QApplication.instance() is None:
        create_application()
    figures = measure()
    save("journey", figures)
    print(json.dumps({k: v for k, v in figures.items() if k != "results"}))
