"""One procedure, start to finish: overview, one question a screen, the tailored checklist.

Everything shown comes from the procedure script through the Qt-free guide
(``kiosk_app.guide``): the checklist's rows are the ones the receipt prints and
audio guidance reads (``kiosk_app.checklist_text``). The answers are personal
(family situation, marital status): the guide keeps them in the session's
record, never here.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.catalogue.model import Procedure, Step, StepKind
from kiosk_app.checklist_text import ChecklistText, RowKind
from kiosk_app.destinations import ChecklistView, Destination, IdCard, ProcedureGuide, Questions, Queue
from kiosk_app.documents_on_file import DocumentsOnFileService, OnFile
from kiosk_app.guide import GuideService
from kiosk_app.printing import PrintOutcome, PrintResult, PrintService
from kiosk_app.queue import service_of
from kiosk_app.wording import channels_text, counter_label, fee_summary, processing_time
from ui.device_words import print_failure, printer_problem
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label, scrolling
from ui.widgets.choice_list import ChoiceList
from ui.widgets.keypad import BACKSPACE, CLEAR, KeyGrid, typed

if TYPE_CHECKING:
    from PIL import Image

# How big each kind of checklist row shows (the receipt picks its own sizes).
ROW_ROLES = {RowKind.SECTION: "subtitle", RowKind.ITEM: "body", RowKind.HINT: "hint"}


class ProcedureScreen(Screen):
    """What a procedure is, what it costs, how long it takes, where it is done."""

    screen_id = ScreenId.PROCEDURE
    destination = ProcedureGuide

    def __init__(self, context: ScreenContext, *, guide: GuideService) -> None:
        super().__init__(context)
        self._guide = guide
        self._procedure: Procedure | None = None
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
        if self._procedure is not None:
            self.context.navigator.go(self._guide.start(self._procedure))

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, ProcedureGuide):
            self._procedure = self._guide.procedure(destination)
        self.retranslate()

    def procedure_in_view(self) -> str | None:
        return self._procedure.code if self._procedure is not None else None

    def retranslate(self) -> None:
        procedure = self._procedure
        if procedure is None:
            return
        language = self.context.language
        texts = self.context.texts
        self.title.setText(procedure.name.get(language))
        self.summary.setText(procedure.summary.get(language))
        self.sample.setText(
            translate("ProcedureFlow", "Sample information: please confirm the details at the counter.")
        )
        self.sample.setVisible(procedure.sample)
        time_text = processing_time(procedure.processing.working_days, texts)
        if procedure.processing.note:
            time_text += "\n" + procedure.processing.note.get(language)
        facts = [
            (translate("ProcedureFlow", "Time"), time_text),
            (translate("ProcedureFlow", "Fee"), fee_summary(procedure, texts)),
            (
                translate("ProcedureFlow", "Where"),
                procedure.agency.get(language)
                + "\n"
                + counter_label(self.context.site, procedure.counter, texts),
            ),
            (translate("ProcedureFlow", "How"), channels_text(procedure, texts)),
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
    destination = Questions

    def __init__(self, context: ScreenContext, *, guide: GuideService) -> None:
        super().__init__(context)
        self._guide = guide
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
        self._portrait = False

    @property
    def flow(self) -> GuidedFlow | None:
        return self._guide.flow

    def procedure_in_view(self) -> str | None:
        flow = self._guide.flow
        return flow.procedure.code if flow is not None else None

    def on_shown(self) -> None:
        self.retranslate()

    def handle_back(self) -> bool:
        if not self._guide.back():
            return False
        self.retranslate()
        self.context.say(self.spoken_text())
        return True

    def _answer(self, value: AnswerValue | None) -> None:
        following = self._guide.answer(value)
        if following is not None:
            self.context.navigator.go(following)
        else:
            self.retranslate()
            self.context.say(self.spoken_text())

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self._portrait:
            self._portrait = portrait
            self.retranslate()

    def _answers_to_the_bottom(self) -> None:
        """On a tall screen the answers sit low, in reach of a seated or short citizen."""
        last = self.answers_layout.count() - 1
        item = self.answers_layout.itemAt(last) if last >= 0 else None
        if item is not None and item.spacerItem() is not None:
            self.answers_layout.takeAt(last)
            self.answers_layout.insertStretch(0, 1)

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
        if self._portrait:
            self._answers_to_the_bottom()
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
        self.number_display = make_label("number-display", align=Qt.AlignmentFlag.AlignCenter)
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
        # What to enter is said by a label; the button only ever says what it does.
        self.number_range = make_label("hint", align=Qt.AlignmentFlag.AlignCenter)
        self.number_range.setObjectName("number_range")
        self.answers_layout.addWidget(self.number_range)
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
        self.number_ok.setText(translate("QuestionScreen", "Continue"))
        self.number_range.setText(
            translate("QuestionScreen", "Enter a number from {low} to {high}").format(low=low, high=high)
        )

    def _submit_number(self) -> None:
        if self._number.isdigit():
            self._answer(int(self._number))

    def spoken_text(self) -> str:
        return f"{self.question.text()} {self.help.text()}".strip()


class ChecklistScreen(Screen):
    """The tailored checklist and the summary: what to bring, what it costs, when, where."""

    screen_id = ScreenId.CHECKLIST
    destination = ChecklistView

    def __init__(
        self,
        context: ScreenContext,
        *,
        guide: GuideService,
        printing: PrintService,
        on_file: DocumentsOnFileService,
    ) -> None:
        super().__init__(context)
        self._guide = guide
        self._printing = printing
        self._on_file = on_file
        self._on_file_state: OnFile | None = None
        self._asking = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(14)
        self.title = make_label("title")
        self.where = make_label("notice")
        self.where.setObjectName("checklist_where")
        # Papers the city already holds: offered when the kiosk has a backend.
        self.on_file_bar = QWidget()
        bar = QHBoxLayout(self.on_file_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.on_file_text = make_label("hint")
        self.on_file_text.setObjectName("on_file_text")
        self.on_file_button = make_button(object_name="on_file_card")
        self.on_file_button.clicked.connect(lambda: context.navigator.go(IdCard()))
        bar.addWidget(self.on_file_text, 1)
        bar.addWidget(self.on_file_button)
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
        self.queue_button.clicked.connect(self._take_number)
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
        layout.addWidget(self.on_file_bar)
        layout.addWidget(self.preview_area, 1)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.printer_notice)
        layout.addLayout(buttons)
        self.text: ChecklistText | None = None

    def on_shown(self) -> None:
        self.preview_area.hide()
        self.scroll_area.show()
        self._ask_city()
        self.retranslate()

    def _ask_city(self) -> None:
        """With a chip-verified identity, ask once per procedure which papers the city holds."""
        code = self.procedure_in_view()
        service = self._on_file
        if code is None or not service.available or self._asking:
            return
        ready = service.readiness()
        if ready is not OnFile.FOUND:
            self._on_file_state = ready
            return
        self._asking = True
        self._on_file_state = None
        self.context.jobs.run(lambda: service.fetch(code), self._city_answered, self._city_failed)

    def _city_answered(self, state: OnFile) -> None:
        self._asking = False
        self._on_file_state = state
        self.retranslate()

    def _city_failed(self, error: BaseException) -> None:
        self._asking = False
        raise error

    def _take_number(self) -> None:
        """Queue numbers for this procedure's counter."""
        flow = self._guide.flow
        counter = flow.procedure.counter if flow is not None else None
        self.context.navigator.go(Queue(service=service_of(counter) if counter else None))

    def _show_on_file(self) -> None:
        service = self._on_file
        self.on_file_bar.setVisible(service.available and self.text is not None)
        state = self._on_file_state
        self.on_file_button.setVisible(state in (OnFile.NO_IDENTITY, OnFile.NOT_VERIFIED))
        self.on_file_button.setText(translate("ChecklistScreen", "Read my ID card"))
        if self._asking:
            text = translate("ChecklistScreen", "Asking the city which of these papers it already holds…")
        elif state is OnFile.NO_IDENTITY:
            text = translate(
                "ChecklistScreen", "The city may already hold some of these papers. Read your ID card to see."
            )
        elif state is OnFile.NOT_VERIFIED:
            text = translate(
                "ChecklistScreen",
                "Your card was read from its QR code, which anyone could copy. "
                "To see papers the city holds for you, put the card on the reader.",
            )
        elif state is OnFile.OFFLINE:
            text = translate(
                "ChecklistScreen", "The city's records cannot be reached now: bring every paper listed."
            )
        elif state is OnFile.FOUND:
            text = translate("ChecklistScreen", "Checked with the city's records for you.")
        else:
            text = ""
        self.on_file_text.setText(text)

    def procedure_in_view(self) -> str | None:
        flow = self._guide.flow
        return flow.procedure.code if flow is not None else None

    def handle_back(self) -> bool:
        """Back from the checklist reopens the last question, unanswered."""
        self._guide.back()
        return False  # the window then shows the question screen from its history

    def retranslate(self) -> None:
        # Tailored again on every showing and language switch: "due" dates move with the clock.
        self.text = text = self._guide.checklist_text(self.context.language)
        while self.body.count():
            item = self.body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._show_printer_state()
        self._show_on_file()
        self.queue_button.setText(translate("ChecklistScreen", "Take a queue number"))
        if text is None:
            self.title.setText("")
            self.where.setText("")
            return
        self.title.setText(
            translate("ChecklistScreen", "Your checklist: {procedure}").format(procedure=text.title)
        )
        self.where.setText(text.where)
        for row in text.rows:
            label = make_label(ROW_ROLES[row.kind])
            label.setText(row.text)
            self.body.addWidget(label)
            label.show()
        self.body.addStretch(1)

    def _show_printer_state(self) -> None:
        """Before anyone presses Print: if the printer cannot print, say so and offer the screen."""
        problem = self._printing.blocking_problem()
        if problem is None:
            self.printer_notice.hide()
            self.print_button.setText(translate("ChecklistScreen", "Print this checklist"))
            return
        self.printer_notice.setText(f"{printer_problem(problem)} {self.context.help_counter_text()}")
        self.printer_notice.show()
        self.print_button.setText(translate("ChecklistScreen", "Show this checklist on screen"))

    def devices_changed(self) -> None:
        self._show_printer_state()

    def _print(self) -> None:
        """Render and print off the GUI thread, then show what came out."""
        if self.text is None:
            return
        printing = self._printing
        receipt = printing.checklist_receipt(self.text, self.context.language)
        self.print_button.setEnabled(False)
        self.context.jobs.run(lambda: printing.print(receipt), self._printed, self._print_failed)

    def _printed(self, outcome: PrintOutcome) -> None:
        """The list on screen; the message says what really happened, decided when it was sent."""
        self.print_button.setEnabled(True)
        self._show_image(outcome.image)
        messages = {
            PrintResult.PRINTED: translate("ChecklistScreen", "Printed. Please take your paper below."),
            PrintResult.NO_PRINTER: translate(
                "ChecklistScreen", "This kiosk has no printer: here is your list on screen."
            ),
            PrintResult.PRINTER_UNAVAILABLE: translate(
                "ChecklistScreen", "Here is your list on screen. You can photograph it."
            ),
        }
        self.context.navigator.notify(messages[outcome.result])

    def _show_image(self, image: Image.Image) -> None:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self.preview.setPixmap(pixmap)
        self.scroll_area.hide()
        self.preview_area.show()

    def _print_failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.context.navigator.notify(f"{print_failure(error)} {self.context.help_counter_text()}")

    def spoken_text(self) -> str:
        if self.text is None:
            return ""
        return f"{self.title.text()}. {self.text.where} " + " ".join(row.text for row in self.text.rows)
