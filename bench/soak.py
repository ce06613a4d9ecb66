"""Soak: thousands of citizen visits through the real kiosk window; does anything grow?

Runs the real kiosk window offscreen (1920x1080) on the example site, demo
devices, a throw-away data folder and a hand-moved clock. One visit is what a
citizen does: a touch on the attract screen (or its English button), Home,
Administrative procedures, a category (turning the page when the procedure is
on the second), the procedure's guide, Start, every question answered by
tapping its buttons (yes/no, a choice, a number on the keypad, "I understand"),
the checklist. Every few visits the procedure is found with the search
keyboard instead, the checklist is printed on the simulated printer, or the
citizen opens the assistant from the navigation bar and types a question on
its keyboard. The procedure, the answers and the language change from visit
to visit. The visit ends the three ways a kiosk session ends: the idle
time-out (warning, then nobody answers), the Finish button, or "Finish now" on
the idle warning. The window then throws every screen away and builds fresh
ones on the next visit, as in the kiosk, so whatever a screen builds is built
again each visit.

Taps are real mouse clicks (QTest) on visible widgets; after each one the
event loop takes a turn: posted events, then the deferred deletes a running
event loop would carry out (``deleteLater`` of dropped screens and rows).

Every ``interval`` visits (1,000; a third of the run when it is shorter than
3,000) it records, after ``gc.collect()``: resident memory, Python objects
(``gc.get_objects()``), open file descriptors, OS threads, live widgets
(``QApplication.allWidgets()``), the QObjects the application owns, and the
gesture types Qt has registered so far (a probe: each ``QScroller.grabGesture``
on a new widget registers one, and Qt never frees it). The first interval is
warm-up; after it, growth per 1,000 visits is the least-squares slope, and
late/early is the figure at the end over the figure after warm-up. The Python
types and Qt classes that gained most after warm-up are listed in the results,
to say what grows.

Baseline, measured in the same run with the same checkpoints: plain Qt, a
window whose stacked page (labels, buttons, a scroll area of rows) is built,
tapped and deleted once per "visit". It shows what Qt and this harness grow by
themselves.

Flat: fewer than 100 Python objects and less than 1 MB of resident memory
gained per 1,000 visits after warm-up. Flatness is reported, never failed on,
and nothing here depends on timing.

    QT_QPA_PLATFORM=offscreen python -m bench.soak [VISITS]      (default 10,000)

Progress and the table go to stderr, the headline figures to stdout as JSON,
everything to bench/results/soak.json. About 2.5 minutes per 1,000 visits on
the project's 2-core machine; runs under 3,000 visits are for trying it out.
"""

from __future__ import annotations

import collections
import dataclasses
import gc
import json
import os
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bench.common import demo_kiosk, save
from devices.printer import SimulatedPrinter
from kiosk_app.catalogue.model import Procedure, StepKind
from kiosk_app.composition import KioskServices
from kiosk_app.session import SessionState
from ui.launcher import KioskRuntime
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen
from ui.screens.procedure_flow import ChecklistScreen, QuestionScreen
from ui.screens.procedures import CategoryScreen, ProceduresScreen, SearchScreen
from ui.start import create_application, route_qt_messages_to_log

VISITS = 10_000
INTERVAL = 1_000
FLAT_OBJECTS = 100  # Python objects gained per 1,000 visits after warm-up
FLAT_RSS_MB = 1.0  # resident memory gained per 1,000 visits after warm-up
MEASURES = ("objects", "rss_mb", "fds", "threads", "widgets", "app_children", "gesture_types")
# Every few visits: which of the extra steps a visit takes (visit number modulo these).
SEARCH_EVERY, ASSISTANT_EVERY, PRINT_EVERY = 5, 5, 10
QUESTION = "le phi bao nhieu"  # typed on the assistant's keyboard: "how much is the fee"
MAX_STEPS = 30


class ManualClock:
    """Monotonic seconds that move only when the idle time-out is played."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


# --- measuring -----------------------------------------------------------------------


class GestureProbe:
    """Gesture types Qt has registered in this process: one for every grabGesture on a new widget.

    Qt numbers them in order and never reuses a number, so the id a probe widget
    gets tells how many came before. The probes' own registrations are left out,
    and so are the Python objects each probe leaves behind (PySide makes a class for
    a gesture type it has no name for: about ten objects that are never freed).
    """

    def __init__(self) -> None:
        self.probes = 0
        self.objects_left = 0

    def registered(self) -> int:
        gc.collect()
        objects_before = len(gc.get_objects())
        probe = QWidget()
        kind = QScroller.grabGesture(probe, QScroller.ScrollerGestureType.TouchGesture)
        QScroller.ungrabGesture(probe)
        probe.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        before = self.probes
        self.probes += 1
        gc.collect()
        self.objects_left += len(gc.get_objects()) - objects_before
        # The first custom type is CustomGesture + 1.
        return int(kind.value) - int(Qt.GestureType.CustomGesture.value) - 1 - before


GESTURES = GestureProbe()


def measure_now(app: QApplication) -> dict[str, float]:
    gc.collect()
    resident_pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    objects = len(gc.get_objects()) - GESTURES.objects_left  # counted before this checkpoint's probe
    return {
        "objects": objects,
        "rss_mb": round(resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 2),
        "fds": sum(1 for _ in Path("/proc/self/fd").iterdir()),
        "threads": sum(1 for _ in Path("/proc/self/task").iterdir()),
        "widgets": len(app.allWidgets()),
        # QObjects the application owns (translators, timers, helpers parented to it).
        "app_children": len(app.children()),
        "gesture_types": GESTURES.registered(),
    }


def type_counts() -> collections.Counter[str]:
    gc.collect()
    return collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.get_objects())


def qt_counts(app: QApplication) -> collections.Counter[str]:
    """Live widgets, and the QObjects the application owns, by class."""
    counts = collections.Counter(f"widget {type(w).__name__}" for w in app.allWidgets())
    counts.update(f"child of the application {type(o).__name__}" for o in app.children())
    return counts


def growing(before: collections.Counter[str], after: collections.Counter[str]) -> dict[str, int]:
    """The ten kinds that gained most."""
    gained = after.copy()
    gained.subtract(before)
    return {name: count for name, count in gained.most_common(10) if count > 0}


def slope(points: list[tuple[int, float]], per: int = 1_000) -> float:
    """Least-squares growth per ``per`` visits through (visits, value) points."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return per * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


@dataclasses.dataclass
class Soak:
    """Checkpoints of one run: what was measured, and when (after how many visits)."""

    app: QApplication
    interval: int
    checkpoints: list[dict[str, float]] = dataclasses.field(default_factory=list)
    types_after_warm_up: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    qt_after_warm_up: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    started: float = 0.0

    def run(self, visits: int, visit: Callable[[int], None]) -> None:
        type_counts()
        self.started = time.perf_counter()
        self.checkpoint(0)
        for number in range(1, visits + 1):
            visit(number)
            if number % self.interval == 0 or number == visits:
                qt = self.checkpoint(number)
                if number == self.interval:
                    self.types_after_warm_up = type_counts()
                    self.qt_after_warm_up = qt

    def checkpoint(self, visits: int) -> collections.Counter[str]:
        figures: dict[str, float] = {
            "visits": visits,
            "seconds": round(time.perf_counter() - self.started, 1),
        }
        # Seeing an object of a class for the first time makes PySide load that class (thousands of
        # Python objects, once): every checkpoint looks at every widget and child first, then measures.
        qt = qt_counts(self.app)
        figures |= measure_now(self.app)
        self.checkpoints.append(figures)
        print(
            f"  {visits:>6} visits  " + "  ".join(f"{k} {figures[k]:g}" for k in MEASURES),
            file=sys.stderr,
            flush=True,
        )
        return qt

    def summary(self) -> dict[str, Any]:
        after_warm_up = [c for c in self.checkpoints if c["visits"] >= self.interval]
        early, late = after_warm_up[0], after_warm_up[-1]
        visits = int(late["visits"])
        timed = [c for c in self.checkpoints if c["visits"] > 0]
        figures: dict[str, Any] = {
            "visits": visits,
            "warm_up_visits": self.interval,
            "seconds_per_1000_visits": round(1000 * timed[-1]["seconds"] / visits, 1) if timed else 0.0,
        }
        for name in MEASURES:
            figures[f"{name}_start"] = self.checkpoints[0][name]
            figures[f"{name}_after_warm_up"] = early[name]
            figures[f"{name}_end"] = late[name]
            points = [(int(c["visits"]), c[name]) for c in after_warm_up]
            figures[f"{name}_per_1000_visits"] = round(slope(points), 2)
            figures[f"{name}_late_over_early"] = round(late[name] / early[name], 3) if early[name] else None
        figures["flat"] = (
            len(after_warm_up) >= 2
            and figures["objects_per_1000_visits"] < FLAT_OBJECTS
            and figures["rss_mb_per_1000_visits"] < FLAT_RSS_MB
        )
        figures["checkpoints"] = self.checkpoints
        return figures


# --- baseline: plain Qt ---------------------------------------------------------------


def baseline(app: QApplication, visits: int, interval: int) -> dict[str, Any]:
    """A window whose page (labels, buttons, a scroll area of rows) is built, tapped and dropped per visit."""
    window = QWidget()
    stack = QStackedWidget()
    QVBoxLayout(window).addWidget(stack)
    window.resize(1920, 1080)
    window.show()
    turn(app)
    taps = [0]

    def visit(number: int) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        for index in range(4):
            layout.addWidget(QLabel(f"label {number} {index}"))
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        buttons = []
        for index in range(6):
            button = QPushButton(f"row {index}")
            button.clicked.connect(lambda: taps.__setitem__(0, taps[0] + 1))
            rows_layout.addWidget(button)
            buttons.append(button)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(rows)
        layout.addWidget(area, 1)
        stack.addWidget(page)
        stack.setCurrentWidget(page)
        turn(app)
        QTest.mouseClick(buttons[number % len(buttons)], Qt.MouseButton.LeftButton)
        turn(app)
        stack.removeWidget(page)
        page.deleteLater()
        turn(app)

    soak = Soak(app, interval)
    soak.run(visits, visit)
    window.close()
    window.deleteLater()
    turn(app)
    if taps[0] != visits:
        raise RuntimeError(f"baseline: {taps[0]} taps for {visits} visits")
    return soak.summary()


# --- the kiosk ------------------------------------------------------------------------


def turn(app: QApplication) -> None:
    """One turn of the event loop: posted events, then the deletes a running loop would do."""
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def folded(text: str) -> str:
    """What a citizen types on the keyboard for a Vietnamese name: no tones, no marks, lower case."""
    plain = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in plain if c.isascii() and (c.isalnum() or c == " "))


class Citizen:
    """Drives one visit after another through the real window, by taps and typed destinations."""

    def __init__(
        self, app: QApplication, services: KioskServices, runtime: KioskRuntime, clock: ManualClock
    ) -> None:
        self.app, self.services, self.window, self.clock = app, services, runtime.window, clock
        catalogue = services.catalogue.catalogue
        # (category, position in it, procedure) for every procedure a category lists.
        self.procedures: list[tuple[str, int, Procedure]] = [
            (category_id, index, procedure)
            for category_id in catalogue.categories
            for index, procedure in enumerate(catalogue.in_category(category_id))
        ]
        if not self.procedures:
            raise RuntimeError("the example catalogue has no procedures")
        self.printed = 0
        self.searched_hits = 0

    # --- steps ---

    def tap(self, widget: QWidget | None) -> None:
        if widget is None or not widget.isVisible():
            raise RuntimeError(f"cannot tap {widget.objectName() if widget else 'a missing widget'}")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        turn(self.app)

    def button(self, name: str) -> QPushButton:
        found = self.window.current_screen.findChild(QPushButton, name)
        if found is None:
            found = self.window.findChild(QPushButton, name)
        if found is None:
            raise RuntimeError(f"no button {name} on {self.window.current}")
        return found

    def expect(self, screen: ScreenId) -> None:
        if self.window.current is not screen:
            raise RuntimeError(f"expected {screen.value}, the window shows {self.window.current.value}")

    def type_on(self, keys: dict[str, QPushButton], text: str) -> None:
        for char in text:
            self.tap(keys[char])

    # --- one visit ---

    def visit(self, number: int) -> None:
        window = self.window
        category_id, position, procedure = self.procedures[number % len(self.procedures)]
        self.expect(ScreenId.ATTRACT)
        if number % 4 == 3:
            self.tap(self.button("start_en"))
        else:
            self.tap(window.current_screen)  # a touch anywhere: the site's default language
        self.expect(ScreenId.HOME)
        home = window.current_screen
        assert isinstance(home, HomeScreen)
        self.tap(home.tiles[ScreenId.PROCEDURES])
        self.expect(ScreenId.PROCEDURES)
        if number % SEARCH_EVERY == 2:
            self.search(procedure)
        else:
            self.browse(category_id, position, procedure)
        # Chosen by name, a procedure opens at its first question (or its checklist).
        self.answer_questions(number)
        self.expect(ScreenId.CHECKLIST)
        if number % PRINT_EVERY == 7:
            self.print_checklist()
        if number % ASSISTANT_EVERY == 4:
            self.ask_assistant()
        self.end(number)

    def browse(self, category_id: str, position: int, procedure: Procedure) -> None:
        procedures = self.window.current_screen
        assert isinstance(procedures, ProceduresScreen)
        self.tap(procedures.tiles[category_id])
        self.expect(ScreenId.CATEGORY)
        category = self.window.current_screen
        assert isinstance(category, CategoryScreen)
        # Lists are ordered by use and pages hold what fits: turn pages until the row shows.
        wanted = f"procedure_{procedure.code}"
        while not any(item.objectName() == wanted for item in category.list.items):
            if not category.next.isEnabled():
                raise RuntimeError(f"{wanted} is on no page of {category_id}")
            self.tap(category.next)
        row = next(item for item in category.list.items if item.objectName() == wanted)
        category.list.ensureWidgetVisible(row)
        self.tap(row)

    def search(self, procedure: Procedure) -> None:
        procedures = self.window.current_screen
        assert isinstance(procedures, ProceduresScreen)
        self.tap(procedures.search)
        self.expect(ScreenId.SEARCH)
        search = self.window.current_screen
        assert isinstance(search, SearchScreen)
        words = folded(procedure.name.get("vi")).split()
        self.type_on(search.keyboard.keys, " ".join(words[:2]))
        wanted = search.findChild(QPushButton, f"result_{procedure.code}")
        if wanted is not None:
            self.searched_hits += 1
        self.tap(wanted if wanted is not None else search.results.items[0])

    def answer_questions(self, number: int) -> None:
        flow = self.services.guide.flow
        for step_number in range(MAX_STEPS):
            if self.window.current is not ScreenId.QUESTION:
                return
            question = self.window.current_screen
            assert isinstance(question, QuestionScreen)
            step = flow.current() if flow is not None else None
            if step is None:
                raise RuntimeError("a question screen without a question")
            vary = number + step_number
            if step.kind is StepKind.YES_NO:
                self.tap(self.button("answer_yes" if vary % 2 == 0 else "answer_no"))
            elif step.kind is StepKind.ONE_OF:
                option = step.options[vary % len(step.options)]
                self.tap(self.button(f"answer_{option.id}"))
            elif step.kind is StepKind.NUMBER:
                value = step.minimum + vary % (step.maximum - step.minimum + 1)
                for digit in str(value):
                    self.tap(self.button(f"key_{ord(digit):x}"))
                self.tap(question.number_ok)
            else:
                self.tap(self.button("answer_next"))
        raise RuntimeError(f"more than {MAX_STEPS} questions")

    def print_checklist(self) -> None:
        checklist = self.window.current_screen
        assert isinstance(checklist, ChecklistScreen)
        self.tap(checklist.print_button)
        deadline = time.monotonic() + 10
        while not checklist.preview_area.isVisible():
            if time.monotonic() > deadline:
                raise RuntimeError("the checklist never printed")
            turn(self.app)
            time.sleep(0.001)
        self.printed += 1
        # The demo's printer keeps every receipt for tests to look at; a real one's paper
        # leaves the kiosk. Emptied, so the soak measures the kiosk and not that record.
        printer = self.services.hardware.printer
        if isinstance(printer, SimulatedPrinter):
            printer.printed.clear()

    def ask_assistant(self) -> None:
        self.tap(self.window.navbar.assistant)
        self.expect(ScreenId.ASSISTANT)
        assistant = self.window.current_screen
        assert isinstance(assistant, AssistantScreen)
        self.type_on(assistant.keyboard.keys, QUESTION)
        self.tap(assistant.ask)
        if not assistant.reply.isVisible():
            raise RuntimeError("the assistant did not answer")

    def end(self, number: int) -> None:
        """The three ways a visit ends; the window then drops every screen."""
        window, session = self.window, self.services.session
        way = number % 3
        if way == 1:
            self.tap(window.navbar.finish)
            if window.finish_question.isVisible():  # answers to lose: Finish asks first
                self.tap(window.finish_question.leave)
        else:
            self.clock.now += self.services.settings.session.idle_timeout_s
            window.tick()  # the ticker does this every second
            turn(self.app)
            if not window.overlay.isVisible():
                raise RuntimeError("no idle warning")
            if way == 2:
                self.tap(window.overlay.finish)
            else:
                self.clock.now += session.warning_s
                window.tick()
                turn(self.app)
        self.expect(ScreenId.ATTRACT)
        if session.state is not SessionState.IDLE:
            raise RuntimeError("the session did not end")


def kiosk(app: QApplication, visits: int, interval: int) -> dict[str, Any]:
    clock = ManualClock()
    with demo_kiosk(clock=clock) as (services, runtime):
        turn(app)
        citizen = Citizen(app, services, runtime, clock)
        soak = Soak(app, interval)
        soak.run(visits, citizen.visit)
        figures = soak.summary()
        figures["visits_recorded"] = services.store.visit_count()
        figures["checklists_printed"] = citizen.printed
        figures["searches_found_their_procedure"] = citizen.searched_hits
        figures["growing_python_types_after_warm_up"] = growing(soak.types_after_warm_up, type_counts())
        figures["growing_qt_objects_after_warm_up"] = growing(soak.qt_after_warm_up, qt_counts(app))
    return figures


def table(base: dict[str, Any], ours: dict[str, Any]) -> str:
    lines = [
        f"{'per 1,000 visits after warm-up':<32}{'baseline':>12}{'kiosk':>12}"
        f"{'kiosk after warm-up':>22}{'kiosk end':>12}{'end/early':>11}"
    ]
    for name in MEASURES:
        ratio = ours[f"{name}_late_over_early"]
        lines.append(
            f"{name:<32}{base[f'{name}_per_1000_visits']:>12g}{ours[f'{name}_per_1000_visits']:>12g}"
            f"{ours[f'{name}_after_warm_up']:>22g}{ours[f'{name}_end']:>12g}"
            f"{ratio if ratio is not None else '-':>11}"
        )
    verdict = "flat" if ours["flat"] else "GROWING"
    lines.append(
        f"{ours['visits']} visits, {ours['seconds_per_1000_visits']} s per 1,000; kiosk {verdict} "
        f"(flat: < {FLAT_OBJECTS} objects and < {FLAT_RSS_MB:g} MB per 1,000 visits); "
        f"baseline {'flat' if base['flat'] else 'GROWING'}"
    )
    return "\n".join(lines)


def measure(visits: int = VISITS) -> dict[str, Any]:
    interval = INTERVAL if visits >= 3 * INTERVAL else max(1, visits // 3)
    app = create_application()
    route_qt_messages_to_log()  # as the kiosk does: Qt's platform noise is dropped, the rest logged
    print("baseline (plain Qt):", file=sys.stderr)
    base = baseline(app, visits, interval)
    print("kiosk:", file=sys.stderr)
    ours = kiosk(app, visits, interval)
    print(table(base, ours), file=sys.stderr)
    return {
        "visits": visits,
        "interval": interval,
        "flat_objects_per_1000": FLAT_OBJECTS,
        "flat_rss_mb_per_1000": FLAT_RSS_MB,
        "kiosk_flat": ours["flat"],
        "objects_per_1000_visits": ours["objects_per_1000_visits"],
        "rss_mb_per_1000_visits": ours["rss_mb_per_1000_visits"],
        "objects_late_over_early": ours["objects_late_over_early"],
        "rss_late_over_early": ours["rss_mb_late_over_early"],
        "baseline_objects_per_1000_visits": base["objects_per_1000_visits"],
        "baseline_rss_mb_per_1000_visits": base["rss_mb_per_1000_visits"],
        "baseline": base,
        "kiosk": ours,
    }


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else VISITS)
    print(json.dumps({k: v for k, v in result.items() if k not in ("baseline", "kiosk")}, indent=2))
    save("soak", result)
