"""One procedure, start to finish: overview, one question a screen, the tailored checklist.

Everything shown comes from the procedure script through the Qt-free engine
(``kiosk_app.catalogue.engine``), so the screens, the printed checklist and the
assistant give the same answer. The answers are personal (family situation,
marital status): they live in the session's ``PersonalData.flow`` and go with it.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from devices.base import DeviceError, DeviceProblem
from devices.receipt import PAPER_80, render
from kiosk_app import receipts
from kiosk_app.catalogue.engine import Checklist, GuidedFlow
from kiosk_app.catalogue.model import Procedure, Step, StepKind
from ui.device_words import printer_problem
from ui.formatting import day, money, processing_time
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label, scrolling
from ui.screens.services import help_counter_text
from ui.widgets.choice_list import ChoiceList
from ui.widgets.keypad import BACKSPACE, CLEAR, KeyGrid, typed

if TYPE_CHECKING:
    from PIL import Image


def selected_procedure(context: ScreenContext) -> Procedure | None:
    if context.selection.preview is not None:
        return context.selection.preview
    return context.services.catalogue.catalogue.get(context.selection.procedure_code or "")


def counter_text(context: ScreenContext, number: int) -> str:
    counter = next((c for c in context.services.settings.site.counters if c.number == number), None)
    if counter is None:
        return translate("ProcedureFlow", "Counter {number}").format(number=number)
    return translate("ProcedureFlow", "Counter {number} ({name})").format(
        number=number, name=counter.name(context.language)
    )


def fee_summary(procedure: Procedure, language: str) -> str:
    if not procedure.fees:
        return translate("ProcedureFlow", "Free")
    if all(fee.when is None and fee.per_unit_of is None and fee.times is None for fee in procedure.fees):
        return money(sum(fee.amount for fee in procedure.fees), language)
    return translate("ProcedureFlow", "Depends on your answers; shown on your checklist")


def channels_text(procedure: Procedure) -> str:
    names = {
        "in_person": translate("ProcedureFlow", "in person"),
        "online": translate("ProcedureFlow", "online"),
        "post": translate("ProcedureFlow", "by post"),
    }
    online = {
        "full": translate("ProcedureFlow", "Can be done fully online."),
        "partial": translate("ProcedureFlow", "Can be started online; some steps are in person."),
        "none": translate("ProcedureFlow", "In person only."),
    }[procedure.online]
    listed = ", ".join(names[c] for c in procedure.channels)
    return translate("ProcedureFlow", "Submit {channels}. {online}").format(channels=listed, online=online)


class ProcedureScreen(Screen):
    """What a procedure is, what it costs, how long it takes, where it is done."""

    screen_id = ScreenId.PROCEDURE

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(18)
        self.title = make_label("title")
        self.summary = make_label("subtitle")
        self.sample = make_label("hint")
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(24)
        self.facts.setVerticalSpacing(14)
        self.fact_names = [make_label("body") for _ in range(4)]
        self.fact_values = [make_label("body") for _ in range(4)]
        for row, (name, value) in enumerate(zip(self.fact_names, self.fact_values, strict=True)):
            name.setProperty("role", "fact-name")
            self.facts.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(value, row, 1)
        self.facts.setColumnStretch(1, 1)
        self.start = make_button("primary", object_name="start_procedure")
        self.start.setProperty("emphasis", "big")
        self.start.clicked.connect(self._start)
        # Title and Start stay put; whatever the script says in between scrolls.
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 12, 0)
        details_layout.setSpacing(18)
        details_layout.addWidget(self.summary)
        details_layout.addWidget(self.sample)
        details_layout.addLayout(self.facts)
        details_layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(scrolling(details), 1)
        self.start_hint = make_label("body")
        layout.addWidget(self.start_hint)
        layout.addWidget(self.start)

    def _start(self) -> None:
        procedure = selected_procedure(self.context)
        if procedure is None:
            return
        flow = GuidedFlow(procedure)
        self.context.services.session.personal.flow = flow
        self.context.navigator.go(ScreenId.CHECKLIST if flow.finished else ScreenId.QUESTION)

    def on_shown(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        procedure = selected_procedure(self.context)
        if procedure is None:
            return
        language = self.context.language
        self.title.setText(procedure.name.get(language))
        self.summary.setText(procedure.summary.get(language))
        self.sample.setText(
            translate("ProcedureFlow", "Sample information: please confirm the details at the counter.")
        )
        self.sample.setVisible(procedure.sample)
        time_text = processing_time(procedure.processing.working_days)
        if procedure.processing.note:
            time_text += "\n" + procedure.processing.note.get(language)
        facts = [
            (translate("ProcedureFlow", "Time"), time_text),
            (translate("ProcedureFlow", "Fee"), fee_summary(procedure, language)),
            (
                translate("ProcedureFlow", "Where"),
                f"{procedure.agency.get(language)}\n{counter_text(self.context, procedure.counter)}",
            ),
            (translate("ProcedureFlow", "How"), channels_text(procedure)),
        ]
        for (name, value), name_label, value_label in zip(
            facts, self.fact_names, self.fact_values, strict=True
        ):
            name_label.setText(name)
            value_label.setText(value)
        questions = sum(1 for s in procedure.steps if s.is_question)
        # Short button labels fit a portrait screen with large text; the hint explains.
        if questions:
            self.start_hint.setText(
                translate("ProcedureFlow", "Answer a few questions to get the list of papers you need.")
            )
            self.start.setText(translate("ProcedureFlow", "Start"))
        else:
            self.start_hint.setText(translate("ProcedureFlow", "No questions: your list of papers is ready."))
            self.start.setText(translate("ProcedureFlow", "See what to bring"))

    def spoken_text(self) -> str:
        facts = " ".join(
            f"{n.text()}: {v.text()}." for n, v in zip(self.fact_names, self.fact_values, strict=True)
        )
        return f"{self.title.text()}. {self.summary.text()} {facts}"


class QuestionScreen(Screen):
    """One question at a time, big answers, Back to change the last answer."""

    screen_id = ScreenId.QUESTION

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 32)
        layout.setSpacing(20)
        self.progress = make_label("hint")
        self.progress.setObjectName("question_progress")
        self.question = make_label("title")
        self.question.setObjectName("question_text")
        self.help = make_label("subtitle")
        self.answers = QWidget()
        self.answers_layout = QVBoxLayout(self.answers)
        self.answers_layout.setContentsMargins(0, 0, 0, 0)
        self.answers_layout.setSpacing(16)
        layout.addWidget(self.progress)
        layout.addWidget(self.question)
        layout.addWidget(self.help)
        layout.addWidget(self.answers, 1)
        self._number = ""
        self._step_range = (0, 0)
        self._unit = ""

    @property
    def flow(self) -> GuidedFlow | None:
        return self.context.services.session.personal.flow

    def on_shown(self) -> None:
        self.retranslate()

    def handle_back(self) -> bool:
        flow = self.flow
        if flow is None or not flow.back():
            return False
        self.retranslate()
        self._speak()
        return True

    def _answer(self, value: bool | str | int | None) -> None:
        flow = self.flow
        if flow is None:
            return
        flow.answer(value)
        if flow.finished:
            self.context.navigator.go(ScreenId.CHECKLIST)
        else:
            self.retranslate()
            self._speak()

    def _speak(self) -> None:
        preferences = self.context.services.session.preferences
        if preferences.audio_guidance:
            self.context.speaker.say(self.spoken_text(), preferences.language)

    def _clear_answers(self) -> None:
        while self.answers_layout.count():
            item = self.answers_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted at the next loop turn
                widget.deleteLater()

    def retranslate(self) -> None:
        flow = self.flow
        step = flow.current() if flow else None
        self._clear_answers()
        if flow is None or step is None:
            return
        language = self.context.language
        number, total = flow.position()
        self.progress.setText(
            translate("QuestionScreen", "{procedure} · step {number} of {total}").format(
                procedure=flow.procedure.name.get(language), number=number, total=total
            )
        )
        self.question.setText(step.text.get(language))
        self.help.setText(step.help.get(language) if step.help else "")
        self.help.setVisible(step.help is not None)
        if step.kind is StepKind.YES_NO:
            self._yes_no()
        elif step.kind is StepKind.ONE_OF:
            self._one_of(step)
        elif step.kind is StepKind.NUMBER:
            self._number_entry(step)
        else:
            next_button = make_button("primary", object_name="answer_next")
            next_button.setProperty("emphasis", "big")
            next_button.setText(translate("QuestionScreen", "I understand, continue"))
            next_button.clicked.connect(lambda: self._answer(None))
            self.answers_layout.addWidget(next_button)
            self.answers_layout.addStretch(1)
        # New answer widgets show at once, not at the next event-loop turn.
        for index in range(self.answers_layout.count()):
            item = self.answers_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()

    def _yes_no(self) -> None:
        row = QHBoxLayout()
        for value, name, text in (
            (True, "answer_yes", translate("QuestionScreen", "Yes")),
            (False, "answer_no", translate("QuestionScreen", "No")),
        ):
            button = make_button("primary" if value else "", object_name=name)
            button.setProperty("emphasis", "big")
            button.setText(text)
            button.clicked.connect(lambda _=False, v=value: self._answer(v))
            row.addWidget(button)
        holder = QWidget()
        holder.setLayout(row)
        self.answers_layout.addWidget(holder)
        self.answers_layout.addStretch(1)

    def _one_of(self, step: Step) -> None:
        choices = ChoiceList()
        language = self.context.language
        choices.set_items(
            [
                (f"answer_{o.id}", o.label.get(language), "", lambda v=o.id: self._answer(v))  # type: ignore[misc]
                for o in step.options
            ]
        )
        self.answers_layout.addWidget(choices, 1)

    def _number_entry(self, step: Step) -> None:
        self._number = ""
        self._step_range = (step.minimum, step.maximum)
        self._unit = step.unit.get(self.context.language) if step.unit else ""
        self.number_display = make_label("pin-display", align=Qt.AlignmentFlag.AlignCenter)
        self.number_display.setObjectName("number_display")
        self.answers_layout.addWidget(self.number_display)
        pad = KeyGrid(
            [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], [CLEAR, "0", BACKSPACE]], key_height=72
        )
        pad.pressed.connect(self._number_key)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(pad, 2)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self.answers_layout.addWidget(holder)
        self.number_ok = make_button("primary", object_name="answer_number")
        self.number_ok.setProperty("emphasis", "big")
        self.number_ok.clicked.connect(self._submit_number)
        self.answers_layout.addWidget(self.number_ok)
        self._show_number()

    def _number_key(self, key: str) -> None:
        number = typed(self._number, key, limit=6)
        if key not in (BACKSPACE, CLEAR):
            number = number.lstrip("0") or "0"  # a count: "007" is 7
        self._number = number
        self._show_number()

    def _show_number(self) -> None:
        low, high = self._step_range
        shown = f"{self._number or '–'} {self._unit}".strip()
        self.number_display.setText(shown)
        valid = self._number.isdigit() and low <= int(self._number) <= high
        self.number_ok.setEnabled(valid)
        self.number_ok.setText(
            translate("QuestionScreen", "Continue")
            if valid
            else translate("QuestionScreen", "Enter a number from {low} to {high}").format(low=low, high=high)
        )

    def _submit_number(self) -> None:
        if self._number.isdigit():
            self._answer(int(self._number))

    def spoken_text(self) -> str:
        return f"{self.question.text()} {self.help.text()}".strip()


class ChecklistScreen(Screen):
    """The tailored checklist and the summary: what to bring, what it costs, when, where."""

    screen_id = ScreenId.CHECKLIST

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(14)
        self.title = make_label("title")
        self.where = make_label("notice")
        self.where.setObjectName("checklist_where")
        self.printer_notice = make_label("error")
        self.printer_notice.setObjectName("printer_notice")
        self.printer_notice.hide()
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 12, 0)
        self.body.setSpacing(10)
        self.scroll_area = scrolling(content)
        buttons = QHBoxLayout()
        self.print_button = make_button("primary", object_name="print_checklist")
        self.print_button.clicked.connect(self._print)
        self.queue_button = make_button("primary", object_name="take_ticket")
        self.queue_button.clicked.connect(lambda: context.navigator.go(ScreenId.QUEUE))
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.queue_button)
        self.preview = make_label("receipt", wrap=False)
        self.preview.setObjectName("receipt_preview")
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.addStretch(1)
        holder_layout.addWidget(self.preview)
        holder_layout.addStretch(1)
        self.preview_area = scrolling(holder)
        self.preview_area.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.preview_area, 1)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.printer_notice)
        layout.addLayout(buttons)
        self.checklist: Checklist | None = None

    def on_shown(self) -> None:
        flow = self.context.services.session.personal.flow
        self.checklist = (
            self.context.services.catalogue.tailor(flow.procedure, flow.answers) if flow else None
        )
        self.preview_area.hide()
        self.scroll_area.show()
        self.retranslate()

    def _lines(self) -> list[tuple[str, str]]:
        """(role, text) rows of the checklist, shared by the screen and the receipt preview."""
        checklist = self.checklist
        if checklist is None:
            return []
        language = self.context.language
        rows: list[tuple[str, str]] = [("section", translate("ChecklistScreen", "Papers to bring"))]
        for document in checklist.documents:
            counts = []
            if document.originals == 1:
                counts.append(translate("ChecklistScreen", "1 original"))
            elif document.originals:
                counts.append(translate("ChecklistScreen", "{n} originals").format(n=document.originals))
            if document.copies == 1:
                counts.append(translate("ChecklistScreen", "1 copy"))
            elif document.copies:
                counts.append(translate("ChecklistScreen", "{n} copies").format(n=document.copies))
            rows.append(("item", f"• {document.name.get(language)} — {', '.join(counts)}"))
            if document.form:
                rows.append(("hint", "   " + document.form.get(language)))
        rows.append(("section", translate("ChecklistScreen", "Fees")))
        for line in checklist.fees:
            rows.append(("item", f"• {line.label.get(language)}: {money(line.amount, language)}"))
        rows.append(
            (
                "item",
                translate("ChecklistScreen", "Total: {total}").format(
                    total=money(checklist.total_fee, language)
                ),
            )
        )
        rows.append(("section", translate("ChecklistScreen", "Time")))
        rows.append(("item", processing_time(checklist.working_days)))
        if checklist.return_date is not None:
            rows.append(
                (
                    "item",
                    translate("ChecklistScreen", "If you hand it in now, the result is due {date}.").format(
                        date=day(checklist.return_date, language)
                    ),
                )
            )
        for note in checklist.notes:
            rows.append(("hint", "ⓘ " + note.text.get(language)))
        rows += self._answer_rows()
        return rows

    def handle_back(self) -> bool:
        """Back from the checklist reopens the last question, unanswered."""
        flow = self.context.services.session.personal.flow
        if flow is not None:
            flow.back()
        return False  # the window then shows the question screen from its history

    def _answer_rows(self) -> list[tuple[str, str]]:
        """What the citizen answered, so they can check it (Back changes an answer)."""
        flow = self.context.services.session.personal.flow
        if flow is None or not flow.answers:
            return []
        language = self.context.language
        rows = [("section", translate("ChecklistScreen", "Your answers (tap Back to change one)"))]
        for step in flow.procedure.steps:
            if step.id not in flow.answers:
                continue
            value = flow.answers[step.id]
            if step.kind is StepKind.YES_NO:
                shown = translate("QuestionScreen", "Yes") if value else translate("QuestionScreen", "No")
            elif step.kind is StepKind.ONE_OF:
                shown = next((o.label.get(language) for o in step.options if o.id == value), str(value))
            else:
                unit = step.unit.get(language) if step.unit else ""
                shown = f"{value} {unit}".strip()
            rows.append(("hint", f"{step.text.get(language)} — {shown}"))
        return rows

    def retranslate(self) -> None:
        checklist = self.checklist
        language = self.context.language
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._show_printer_state()
        self.queue_button.setText(translate("ChecklistScreen", "Take a queue number"))
        if checklist is None:
            self.title.setText("")
            self.where.setText("")
            return
        procedure = checklist.procedure
        self.title.setText(
            translate("ChecklistScreen", "Your checklist: {procedure}").format(
                procedure=procedure.name.get(language)
            )
        )
        self.where.setText(
            translate("ChecklistScreen", "Go to {counter}. Take a queue number first.").format(
                counter=counter_text(self.context, procedure.counter)
            )
        )
        roles = {"section": "subtitle", "item": "body", "hint": "hint"}
        for role, text in self._lines():
            label = make_label(roles[role])
            label.setText(text)
            self.body.addWidget(label)
            label.show()
        self.body.addStretch(1)

    def _printer_blocked(self) -> DeviceProblem | None:
        if self.context.services.hardware.printer is None:
            return None
        return self.context.services.device_health.blocking_problem("printer")

    def _show_printer_state(self) -> None:
        """Before anyone presses Print: if the printer cannot print, say so and offer the screen."""
        problem = self._printer_blocked()
        if problem is None:
            self.printer_notice.hide()
            self.print_button.setText(translate("ChecklistScreen", "Print this checklist"))
            return
        self.printer_notice.setText(f"{printer_problem(problem)} {help_counter_text(self.context)}")
        self.printer_notice.show()
        self.print_button.setText(translate("ChecklistScreen", "Show this checklist on screen"))

    def devices_changed(self) -> None:
        self._show_printer_state()

    def _print(self) -> None:
        """Render off the GUI thread, print if there is a printer that can, and show what came out."""
        checklist = self.checklist
        if checklist is None:
            return
        services = self.context.services
        printer = None if self._printer_blocked() else services.hardware.printer
        paper = printer.paper if printer is not None else PAPER_80
        receipt = receipts.checklist(
            services.settings.site, checklist, printed_at=datetime.now(), language=self.context.language
        )

        def job() -> tuple[Image.Image, bool]:
            image = render(receipt, paper)
            if printer is not None:
                printer.print_image(image)  # raises DeviceError: reported, never "done"
            return image, printer is not None

        self.print_button.setEnabled(False)
        self.context.jobs.run(job, self._printed, self._print_failed)

    def _printed(self, result: tuple[Image.Image, bool]) -> None:
        """The list on screen; the message says what really happened, decided when it was sent."""
        image, printed = result
        self.print_button.setEnabled(True)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self.preview.setPixmap(pixmap)
        self.scroll_area.hide()
        self.preview_area.show()
        if printed:
            self.context.navigator.notify(
                translate("ChecklistScreen", "Printed. Please take your paper below.")
            )
        elif self.context.services.hardware.printer is None:
            self.context.navigator.notify(
                translate("ChecklistScreen", "This kiosk has no printer: here is your list on screen.")
            )
        else:
            self.context.navigator.notify(
                translate("ChecklistScreen", "Here is your list on screen. You can photograph it.")
            )

    def _print_failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(True)
        problem = error.problem if isinstance(error, DeviceError) else DeviceProblem.FAULT
        self.context.navigator.notify(f"{printer_problem(problem)} {help_counter_text(self.context)}")
        if not isinstance(error, DeviceError):
            raise error

    def spoken_text(self) -> str:
        parts = [self.title.text(), self.where.text()] + [text for _, text in self._lines()]
        return " ".join(parts)
