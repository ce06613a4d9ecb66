"""Take a queue number: counter, lane, one tap; the ticket printed or, by the citizen's choice, on screen.

The screen only shows and forwards taps: numbering, offline reserve, double
taps, voiding and counting are ``kiosk_app.queue.QueueService``'s. Each
intent to take a number has one request key, kept until the ticket is handed
over, so a second tap (or a retry) gets the same ticket.
"""

from __future__ import annotations

import enum
from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk_app.destinations import Destination, Queue
from kiosk_app.device_health import DeviceError, DeviceProblem
from kiosk_app.printing import PrintOutcome, PrintResult, PrintService
from kiosk_app.queue import Handed, Lane, Outcome, QueueService, QueueTicket, TakeResult, service_of
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.keypad import code_keyboard, type_into
from ui.widgets.tile import Tile


class Stage(enum.Enum):
    CHOOSE = "choose"
    BOOKING = "booking"
    WORKING = "working"
    PRINT_FAILED = "print_failed"
    TICKET = "ticket"
    PROBLEM = "problem"


class QueueScreen(Screen):
    screen_id = ScreenId.QUEUE
    destination = Queue

    def __init__(self, context: ScreenContext, *, queue: QueueService, printing: PrintService) -> None:
        super().__init__(context)
        self._queue = queue
        self._printing = printing
        self._stage = Stage.CHOOSE
        self._service: str | None = None
        self._lane = Lane.STANDARD
        self._key = queue.new_request()
        self._ticket: QueueTicket | None = None
        self._handed: Handed | None = None
        self._problem: Outcome | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 28, 64, 28)
        layout.setSpacing(18)
        self.title = make_label("title")
        self.instruction = make_label("body")
        # Counters as tiles: the number, and what the counter handles (wrapped, never cut).
        self.services = QWidget()
        self._grid = QGridLayout(self.services)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(14)
        self.service_buttons: dict[str, Tile] = {}
        for counter in queue.services():
            tile = Tile(f"service_{counter.number}")
            tile.setCheckable(True)
            tile.clicked.connect(lambda _=False, n=counter.number: self._choose(service_of(n)))
            self.service_buttons[service_of(counter.number)] = tile
        self._portrait = False
        self._arrange()
        lanes = QHBoxLayout()
        self.standard = make_button("choice", object_name="lane_standard")
        self.priority = make_button("choice", object_name="lane_priority")
        for button, lane in ((self.standard, Lane.STANDARD), (self.priority, Lane.PRIORITY)):
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, chosen=lane: self._choose_lane(chosen))
            lanes.addWidget(button)
        self.priority.setVisible(bool(queue.priority_groups))
        self.priority_note = make_label("hint")
        self.booking = make_button(object_name="has_booking")
        self.booking.clicked.connect(self._to_booking)
        self.field = QLineEdit()
        self.field.setObjectName("booking_code")
        self.field.setMaxLength(16)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.returnPressed.connect(self._check_in)
        self.keyboard = code_keyboard()
        self.keyboard.pressed.connect(partial(type_into, self.field))
        self.notice = make_label("error")
        self.notice.setObjectName("queue_notice")
        # The ticket, big, as the counters' display will call it.
        self.number = make_label("countdown", align=Qt.AlignmentFlag.AlignCenter)
        self.number.setObjectName("ticket_number")
        self.details = make_label("subtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.details.setObjectName("ticket_details")
        self.take = make_button("primary", object_name="take_number")
        self.take.clicked.connect(self._primary)
        self.keep = make_button("primary", object_name="keep_on_screen")
        self.keep.clicked.connect(self._keep_on_screen)
        self.cancel = make_button(object_name="cancel_ticket")
        self.cancel.clicked.connect(self._cancel)
        self.reprint = make_button(object_name="reprint_ticket")
        self.reprint.clicked.connect(self._reprint)
        self.done = make_button("primary", object_name="ticket_done")
        self.done.clicked.connect(lambda: context.navigator.home())
        actions = QHBoxLayout()
        for button in (self.booking, self.cancel, self.reprint, self.keep, self.take, self.done):
            actions.addWidget(button)
        for widget in (self.title, self.instruction, self.services):
            layout.addWidget(widget)
        layout.addLayout(lanes)
        for widget in (self.priority_note, self.field, self.notice, self.number, self.details):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.keyboard)
        layout.addLayout(actions)
        self._show()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        self._arrange()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:  # the theme changed: large text on or off
            self._show()
        super().changeEvent(event)

    def _arrange(self) -> None:
        """Landscape: three tiles a row; portrait: one a row, each with room for its words."""
        columns = 1 if self._portrait else 3
        for index, tile in enumerate(self.service_buttons.values()):
            self._grid.addWidget(tile, index // columns, index % columns)

    # --- arriving ---------------------------------------------------------------------
    def arrive(self, destination: Destination) -> None:
        if self._stage in (Stage.WORKING,):
            return  # a number is on its way: the same intent continues
        if self._stage in (Stage.TICKET, Stage.PROBLEM) or self._ticket is None:
            self._reset()
        if isinstance(destination, Queue):
            if destination.booking:
                self._stage = Stage.BOOKING
                self.field.setText(destination.booking)
                self._check_in()
                return
            if destination.service:
                self._service = destination.service
        self._show()

    def _reset(self) -> None:
        self._stage, self._ticket, self._handed, self._problem = Stage.CHOOSE, None, None, None
        self._service, self._lane = None, Lane.STANDARD
        self._key = self._queue.new_request()
        self.field.clear()

    # --- choosing ---------------------------------------------------------------------
    def _choose(self, service: str) -> None:
        self._service = service
        self._show()

    def _choose_lane(self, lane: Lane) -> None:
        self._lane = lane
        self._show()

    def _to_booking(self) -> None:
        self._stage = Stage.BOOKING
        self._show()

    # --- taking -------------------------------------------------------------------------
    def _primary(self) -> None:
        if self._stage is Stage.BOOKING:
            self._check_in()
        else:
            self._take()

    def _cannot_print(self) -> bool:
        return self._printing.printer is None or self._printing.blocking_problem() is not None

    def _take(self) -> None:
        service, lane, key, queue = self._service, self._lane, self._key, self._queue
        if service is None or self._stage is Stage.WORKING:
            return
        self._stage = Stage.WORKING
        self._show()
        self.context.jobs.run(lambda: queue.take(service, lane, key), self._taken, self._failed)

    def _check_in(self) -> None:
        code, key, queue = self.field.text(), self._key, self._queue
        if self._stage is Stage.WORKING:
            return
        self._stage = Stage.WORKING
        self._show()
        self.context.jobs.run(lambda: queue.check_in(code, key), self._taken, self._failed)

    def _taken(self, result: TakeResult) -> None:
        if result.ticket is None:
            self._problem = result.outcome
            self._stage = Stage.BOOKING if result.outcome is Outcome.BAD_CODE else Stage.PROBLEM
            self._show()
            self.context.say(self.spoken_text())
            return
        self._ticket = result.ticket
        self._print(result.ticket)

    def _print(self, ticket: QueueTicket) -> None:
        """Print; the ticket counts (once) only when it printed, or when the citizen keeps it on screen."""
        printing, queue = self._printing, self._queue
        receipt = printing.ticket(
            number=ticket.label,
            counter=ticket.counter,
            waiting=ticket.people_ahead,
            lane=self._lane_words(ticket),
            ticket_code=f"STT|{ticket.service}|{ticket.day.isoformat()}|{ticket.number}",
            language=self.context.language,
        )

        def job() -> PrintOutcome:
            outcome = printing.print(receipt)
            if outcome.result is PrintResult.PRINTED:
                queue.hand_over(ticket, Handed.PRINTED)
            return outcome

        self.context.jobs.run(job, self._printed, self._print_failed)

    def _printed(self, outcome: PrintOutcome) -> None:
        if outcome.result is PrintResult.PRINTED:
            self._handed = Handed.PRINTED
            self._stage = Stage.TICKET
            self._show()
        else:
            # The printer was known not to print and the button said "shown on screen":
            # the citizen chose the screen by taking the number.
            self._keep_on_screen()
        self.context.say(self.spoken_text())

    def _print_failed(self, error: BaseException) -> None:
        if not isinstance(error, DeviceError):
            self._stage = Stage.PRINT_FAILED
            self._show()
            raise error
        self._stage = Stage.PRINT_FAILED
        self._show()
        self.context.say(self.spoken_text())

    def _keep_on_screen(self) -> None:
        ticket, queue = self._ticket, self._queue
        if ticket is None:
            return
        self._handed = Handed.ON_SCREEN
        self._stage = Stage.TICKET
        self._show()
        self.context.jobs.run(lambda: queue.hand_over(ticket, Handed.ON_SCREEN), lambda _: None, self._failed)

    def _cancel(self) -> None:
        ticket, queue = self._ticket, self._queue
        if ticket is not None:
            self.context.jobs.run(lambda: queue.void(ticket), lambda _: None, self._failed)
        self._reset()
        self._show()

    def _reprint(self) -> None:
        ticket = self._queue.last_ticket
        if ticket is None:
            return
        printing = self._printing
        receipt = printing.ticket(
            number=ticket.label,
            counter=ticket.counter,
            waiting=None,  # the count has moved on since
            lane=self._lane_words(ticket),
            ticket_code=f"STT|{ticket.service}|{ticket.day.isoformat()}|{ticket.number}",
            language=self.context.language,
        )
        self.context.jobs.run(lambda: printing.print(receipt), self._reprinted, self._reprint_failed)

    def _reprinted(self, outcome: PrintOutcome) -> None:
        if outcome.result is not PrintResult.PRINTED:
            self._reprint_failed(DeviceError(DeviceProblem.FAULT, "not printed"))

    def _reprint_failed(self, error: BaseException) -> None:
        """The ticket was printed and counted before: it stays as it is; only this copy failed."""
        if not isinstance(error, DeviceError):
            raise error
        self.context.navigator.notify(
            translate("QueueScreen", "The printer cannot print a copy now. Your number stays on this screen.")
        )

    def devices_changed(self) -> None:
        """The printer ran out (or came back) while this screen shows: the take button says so."""
        self._show()

    def _failed(self, error: BaseException) -> None:
        self._stage = Stage.PROBLEM
        self._problem = Outcome.UNAVAILABLE
        self._show()
        raise error

    # --- showing ------------------------------------------------------------------------
    def _lane_words(self, ticket: QueueTicket) -> str:
        if ticket.lane is Lane.PRIORITY:
            return translate("QueueScreen", "Priority lane")
        if ticket.lane is Lane.APPOINTMENT and ticket.appointment_at is not None:
            at = ticket.appointment_at.astimezone()
            return translate("QueueScreen", "Appointment at {time}").format(time=f"{at:%H:%M}")
        return ""

    def _show(self) -> None:
        stage = self._stage
        choosing = stage is Stage.CHOOSE
        booking = stage is Stage.BOOKING
        # Large text on a landscape screen: the tiles and buttons say it; the extra lines step aside.
        crowded = self.context.preferences().large_text and not self._portrait
        for widget in (self.services, self.standard, self.booking):
            widget.setVisible(choosing)
        self.priority_note.setVisible(choosing and not crowded and bool(self._queue.priority_groups))
        self.instruction.setVisible(not (crowded and choosing))
        self.priority.setVisible(choosing and bool(self._queue.priority_groups))
        self.field.setVisible(booking)
        self.keyboard.setVisible(booking)
        self.take.setVisible(choosing or booking)
        self.number.setVisible(stage in (Stage.TICKET, Stage.PRINT_FAILED))
        self.details.setVisible(stage in (Stage.TICKET, Stage.PRINT_FAILED))
        self.keep.setVisible(stage is Stage.PRINT_FAILED)
        self.cancel.setVisible(stage in (Stage.PRINT_FAILED, Stage.BOOKING))
        self.reprint.setVisible(stage is Stage.TICKET and self._handed is Handed.PRINTED)
        self.done.setVisible(stage in (Stage.TICKET, Stage.PROBLEM))
        for service, button in self.service_buttons.items():
            button.setChecked(service == self._service)
        self.standard.setChecked(self._lane is Lane.STANDARD)
        self.priority.setChecked(self._lane is Lane.PRIORITY)
        self.take.setEnabled((choosing and self._service is not None) or booking)
        if booking:
            self.field.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("QueueScreen", "Take a queue number"))
        site = self.context.site
        language = self.context.language
        for counter in self._queue.services():
            tile = self.service_buttons.get(service_of(counter.number))
            if tile is not None:
                tile.set_texts(
                    translate("QueueScreen", "Counter {number}").format(number=counter.number),
                    counter.name(language),
                )
                tile.show_hint(True)
        self.standard.setText(translate("QueueScreen", "Standard"))
        self.priority.setText(translate("QueueScreen", "Priority"))
        self.priority_note.setText(self._priority_words())
        self.booking.setText(translate("QueueScreen", "I booked an appointment"))
        self.field.setPlaceholderText(translate("QueueScreen", "Booking code, e.g. LH261202015"))
        self.field.setAccessibleName(translate("QueueScreen", "Booking code"))
        self.keep.setText(translate("QueueScreen", "Keep my number on screen"))
        self.cancel.setText(translate("QueueScreen", "Cancel"))
        self.reprint.setText(translate("QueueScreen", "Print it again"))
        self.done.setText(translate("QueueScreen", "Done"))
        stage = self._stage
        if stage is Stage.BOOKING:
            self.take.setText(translate("QueueScreen", "Check in"))
        else:
            self.take.setText(
                translate("QueueScreen", "Take a number (shown on screen)")
                if self._cannot_print()
                else translate("QueueScreen", "Take a number")
            )
        instructions = {
            Stage.CHOOSE: translate("QueueScreen", "Choose the counter you need, then take a number."),
            Stage.BOOKING: translate(
                "QueueScreen", "Hold the QR code of your booking under the scanner, or type its code."
            ),
            Stage.WORKING: translate("QueueScreen", "Getting your number…"),
            Stage.PRINT_FAILED: translate(
                "QueueScreen",
                "The printer could not print your ticket. Keep your number on screen (take a photo of it), "
                "or cancel.",
            ),
            Stage.TICKET: translate("QueueScreen", "Printed. Please take your ticket below.")
            if self._handed is Handed.PRINTED
            else translate("QueueScreen", "Your number. Show this screen, or a photo of it, at the counter."),
            Stage.PROBLEM: "",
        }
        self.instruction.setText(instructions[stage])
        self.notice.setText(self._problem_words())
        self.notice.setVisible(bool(self.notice.text()))
        ticket = self._ticket
        if ticket is not None:
            self.number.setText(ticket.label)
            lines = []
            if ticket.counter is not None:
                where = site.counter(ticket.counter)
                name = where.name(language) if where is not None else ""
                label = translate("QueueScreen", "Counter {number}: {name}")
                lines.append(label.format(number=ticket.counter, name=name))
            lane = self._lane_words(ticket)
            if lane:
                lines.append(lane)
            if ticket.people_ahead is not None:
                lines.append(
                    translate("QueueScreen", "People before you: {count}").format(count=ticket.people_ahead)
                )
            self.details.setText("\n".join(lines))

    def _priority_words(self) -> str:
        groups = {
            "elderly": translate("QueueScreen", "people aged 60 and over"),
            "disability": translate("QueueScreen", "people with disabilities"),
            "pregnant": translate("QueueScreen", "pregnant women"),
            "child": translate("QueueScreen", "people with a child under 6"),
        }
        named = [groups[g] for g in self._queue.priority_groups if g in groups]
        if not named:
            return ""
        return translate("QueueScreen", "Priority is for {groups}.").format(groups=", ".join(named))

    def _problem_words(self) -> str:
        problem = self._problem
        help_counter = self.context.help_counter_text()
        words = {
            Outcome.NO_NUMBERS_LEFT: translate(
                "QueueScreen", "This kiosk has given out all the numbers it can while offline."
            )
            + " "
            + help_counter,
            Outcome.UNAVAILABLE: translate("QueueScreen", "Queue numbers cannot be given out here right now.")
            + " "
            + help_counter,
            Outcome.NOT_FOUND: translate("QueueScreen", "No booking has this code. Check it and try again."),
            Outcome.WRONG_DAY: translate("QueueScreen", "This booking is for another day.")
            + " "
            + help_counter,
            Outcome.EXPIRED: translate("QueueScreen", "The time of this booking has passed.")
            + " "
            + help_counter,
            Outcome.BAD_CODE: translate("QueueScreen", "A booking code looks like LH261202015."),
        }
        return words.get(problem, "") if problem is not None else ""

    def spoken_text(self) -> str:
        parts = [self.title.text(), self.instruction.text(), self.notice.text()]
        if self._ticket is not None and self._stage in (Stage.TICKET, Stage.PRINT_FAILED):
            parts += [self.number.text(), self.details.text()]
        return ". ".join(p for p in parts if p)
