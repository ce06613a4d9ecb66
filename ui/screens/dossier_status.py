"""Dossier status: the slip's code, then the owner's ID number (or the slip's secret), then the answer.

A scanned slip arrives with its code, so a citizen types only the second
factor; one whose ID card was read in this visit taps "Use my ID card". The
code, the second factor and the answer are personal: they live in this
screen's widgets and fields, which are thrown away when the visit ends, and
the lookup itself runs in a background job (``DossierLookup``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk_app import dossier_code
from kiosk_app.destinations import Destination, DossierStatus
from kiosk_app.device_health import DeviceError
from kiosk_app.dossier_lookup import DossierAnswer, DossierLookup, Outcome, present
from kiosk_app.identity import IdentityService
from kiosk_app.printing import PrintOutcome, PrintResult, PrintService
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label, scrolling_card
from ui.widgets.keypad import code_keyboard, type_into

if TYPE_CHECKING:
    from kiosk_app.backend.models import DossierStatusReply


class Stage(enum.Enum):
    CODE = "code"
    OWNER = "owner"
    LOOKING = "looking"
    RESULT = "result"


class DossierStatusScreen(Screen):
    screen_id = ScreenId.DOSSIER_STATUS
    destination = DossierStatus

    def __init__(
        self,
        context: ScreenContext,
        *,
        dossiers: DossierLookup,
        identity: IdentityService,
        printing: PrintService,
    ) -> None:
        super().__init__(context)
        self._dossiers = dossiers
        self._identity = identity
        self._printing = printing
        self._stage = Stage.CODE
        self._code = ""
        self._slip_ref: str | None = None  # a scanned slip URL's opaque id, in place of the code
        self._problem: Outcome | None = None
        self._reply: DossierStatusReply | None = None
        self._checked_at = datetime.now().astimezone()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 32)
        layout.setSpacing(20)
        self.title = make_label("title")
        self.instruction = make_label("body")
        self.field = QLineEdit()
        self.field.setObjectName("dossier_field")
        self.field.setMaxLength(dossier_code.MAX_LENGTH)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.returnPressed.connect(self._next)
        self.next_button = make_button("primary", object_name="look_up")
        self.next_button.clicked.connect(self._next)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.next_button)
        self.use_card = make_button(object_name="use_id_card")
        self.use_card.clicked.connect(self._use_card)
        self.message = make_label("error")
        self.message.setObjectName("dossier_message")
        # The answer: what the status means, the backend's words, what to do, the facts.
        self.answer, answer_layout = scrolling_card()
        self.headline = make_label("title")
        self.headline.setObjectName("dossier_headline")
        self.label = make_label("subtitle")
        self.next_step = make_label("notice")
        self.next_step.setObjectName("dossier_next_step")
        self.details = make_label("body")
        for widget in (self.headline, self.label, self.next_step, self.details):
            answer_layout.addWidget(widget)
        self.again = make_button(object_name="another_dossier")
        self.again.clicked.connect(self._restart)
        self.print_slip = make_button("primary", object_name="print_status")
        self.print_slip.clicked.connect(self._print)
        self.keyboard = code_keyboard()
        self.keyboard.pressed.connect(partial(type_into, self.field))
        layout.addWidget(self.title)
        layout.addWidget(self.instruction)
        layout.addLayout(row)
        layout.addWidget(self.use_card)
        layout.addWidget(self.message)
        layout.addWidget(self.answer, 1)
        # Side by side in landscape; stacked in portrait, where large text needs the whole width.
        self._after = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._after.addWidget(self.again)
        self._after.addWidget(self.print_slip)
        layout.addLayout(self._after)
        # Stretch 0: it takes the spare room (keeping the keyboard at the bottom) only while the
        # answer, with stretch 1, is hidden; once shown the answer gets all of it.
        layout.addStretch(0)
        layout.addWidget(self.keyboard)
        self._show_stage()

    def set_portrait(self, portrait: bool) -> None:
        self._after.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    # --- arriving ------------------------------------------------------------------
    def arrive(self, destination: Destination) -> None:
        """A scanned slip or a spoken code arrives with its code: ask straight for the second factor."""
        if isinstance(destination, DossierStatus) and destination.code:
            code = dossier_code.normalise(destination.code)
            if code is not None:
                self._code, self._slip_ref, self._reply, self._problem = code, None, None, None
                self._stage = Stage.OWNER
                self.field.clear()
        elif isinstance(destination, DossierStatus) and destination.slip_ref:
            self._code, self._slip_ref, self._reply, self._problem = "", destination.slip_ref, None, None
            self._stage = Stage.OWNER
            self.field.clear()
        self._show_stage()

    def _restart(self) -> None:
        self._code, self._slip_ref, self._reply, self._problem = "", None, None, None
        self._stage = Stage.CODE
        self.field.clear()
        self._show_stage()

    # --- typing ------------------------------------------------------------------------
    def _next(self) -> None:
        text = self.field.text()
        if self._stage is Stage.CODE:
            code = dossier_code.normalise(text)
            if code is None:
                self._problem = Outcome.BAD_CODE
            else:
                self._code, self._slip_ref, self._problem = code, None, None
                self._stage = Stage.OWNER
                self.field.clear()
            self._show_stage()
        elif self._stage is Stage.OWNER:
            self._look_up(text)

    def _use_card(self) -> None:
        identity = self._identity.current
        if identity is not None and self._stage is Stage.OWNER:
            self._look_up(identity.id_number)

    def _look_up(self, second: str) -> None:
        code, ref, dossiers = self._code, self._slip_ref, self._dossiers
        self._stage, self._problem = Stage.LOOKING, None
        self.field.clear()
        self._show_stage()
        self.context.jobs.run(
            lambda: dossiers.look_up(code, second, slip_ref=ref), self.show_answer, self._failed
        )

    def show_answer(self, answer: DossierAnswer) -> None:
        """The lookup's outcome (from the background job)."""
        if answer.outcome is Outcome.FOUND and answer.status is not None:
            self._reply, self._stage = answer.status, Stage.RESULT
            self._code = answer.status.code
            self._checked_at = datetime.now().astimezone()
        else:
            self._problem = answer.outcome
            # A wrong second factor may be retyped; every other problem ends this lookup.
            self._stage = Stage.OWNER if answer.outcome is Outcome.BAD_SECOND_FACTOR else Stage.RESULT
        self._show_stage()
        self.context.say(self.spoken_text())

    def _failed(self, error: BaseException) -> None:
        self._stage = Stage.OWNER
        self._show_stage()
        raise error

    # --- showing -----------------------------------------------------------------------
    def _show_stage(self) -> None:
        stage = self._stage
        typing = stage in (Stage.CODE, Stage.OWNER)
        for widget in (self.field, self.next_button, self.keyboard):
            widget.setVisible(typing)
        self.field.setEnabled(typing)
        self.use_card.setVisible(stage is Stage.OWNER and self._identity.current is not None)
        self.answer.setVisible(stage is Stage.RESULT and self._reply is not None)
        self.again.setVisible(stage is Stage.RESULT)
        self.print_slip.setVisible(stage is Stage.RESULT and self._reply is not None)
        if typing:
            self.field.setFocus()
        elif stage is Stage.RESULT:
            self.again.setFocus()  # not wherever Qt would move it from the hidden field
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("DossierStatus", "Dossier status"))
        stage = self._stage
        if stage is Stage.CODE:
            self.instruction.setText(
                translate(
                    "DossierStatus",
                    "Hold the QR code of your appointment slip under the scanner, or type the dossier code.",
                )
            )
            self.field.setPlaceholderText(translate("DossierStatus", "Dossier code"))
            self.field.setAccessibleName(translate("DossierStatus", "Dossier code"))
            self.next_button.setText(translate("DossierStatus", "Next"))
        elif stage is Stage.OWNER and self._slip_ref is not None:
            self.instruction.setText(
                translate(
                    "DossierStatus",
                    "Your appointment slip was read. To keep your dossier private, "
                    "type the owner's ID number (12 digits).",
                )
            )
            self.field.setPlaceholderText(translate("DossierStatus", "ID number"))
            self.field.setAccessibleName(translate("DossierStatus", "ID number"))
            self.next_button.setText(translate("DossierStatus", "Look up"))
        elif stage is Stage.OWNER:
            self.instruction.setText(
                translate(
                    "DossierStatus",
                    "Dossier {code}. To keep it private, type the owner's ID number (12 digits) "
                    "or the lookup code printed on the slip.",
                ).format(code=self._code)
            )
            self.field.setPlaceholderText(translate("DossierStatus", "ID number or slip code"))
            self.field.setAccessibleName(translate("DossierStatus", "ID number or slip code"))
            self.next_button.setText(translate("DossierStatus", "Look up"))
        elif stage is Stage.LOOKING:
            self.instruction.setText(translate("DossierStatus", "Asking the city's system…"))
        elif self._code:
            self.instruction.setText(translate("DossierStatus", "Dossier {code}").format(code=self._code))
        else:
            self.instruction.setText("")
        identity = self._identity.current
        if identity is not None:
            self.use_card.setText(
                translate("DossierStatus", "Use my ID card (number ending {last})").format(
                    last=identity.id_number[-4:]
                )
            )
        self.again.setText(translate("DossierStatus", "Look up another dossier"))
        self.print_slip.setText(
            translate("DossierStatus", "Show it on screen only")
            if self._printing.printer is None or self._printing.blocking_problem() is not None
            else translate("DossierStatus", "Print this status")
        )
        self.message.setText(self._problem_text())
        self.message.setVisible(bool(self.message.text()))
        self._show_answer()

    def _problem_text(self) -> str:
        problem = self._problem
        if problem is Outcome.BAD_CODE:
            return translate(
                "DossierStatus",
                "That does not look like a dossier code. It looks like 000.00.29.H29-251201-0007, "
                "as printed under the QR code on your appointment slip.",
            )
        if problem is Outcome.BAD_SECOND_FACTOR:
            return translate(
                "DossierStatus",
                "Type the owner's ID number (12 digits), or the lookup code printed on the slip.",
            )
        if problem is Outcome.NOT_FOUND:
            return translate(
                "DossierStatus",
                "No dossier matches this code and ID number. Check both against your slip and try again.",
            )
        if problem is Outcome.OFFLINE:
            return (
                translate(
                    "DossierStatus",
                    "The city's system cannot be reached right now, so the kiosk cannot check your dossier.",
                )
                + " "
                + self.context.help_counter_text()
            )
        if problem is Outcome.TOO_MANY:
            return (
                translate(
                    "DossierStatus", "This kiosk has looked up as many dossiers as it may in one visit."
                )
                + " "
                + self.context.help_counter_text()
            )
        return ""

    def _print(self) -> None:
        """The status on paper, in the words the screen shows (the citizen's own dossier, to keep)."""
        if self._reply is None:
            return
        printing = self._printing
        receipt = printing.status_slip(
            dossier_code=self._code,
            status=f"{self.headline.text()} ({self.label.text()})",
            next_step=self.next_step.text() if self.next_step.isVisible() else "",
            details=tuple(line for line in self.details.text().split("\n") if line),
            language=self.context.language,
        )
        self.print_slip.setEnabled(False)
        self.context.jobs.run(lambda: printing.print(receipt), self._printed, self._print_failed)

    def _printed(self, outcome: PrintOutcome) -> None:
        self.print_slip.setEnabled(True)
        if outcome.result is PrintResult.PRINTED:
            self.context.navigator.notify(
                translate("DossierStatus", "Printed. Please take your paper below.")
            )
        else:
            self.context.navigator.notify(
                translate("DossierStatus", "The printer cannot print now: please take a photo of the screen.")
            )

    def _print_failed(self, error: BaseException) -> None:
        self.print_slip.setEnabled(True)
        if not isinstance(error, DeviceError):
            raise error
        self.context.navigator.notify(
            translate("DossierStatus", "The printer cannot print now: please take a photo of the screen.")
            + " "
            + self.context.help_counter_text()
        )

    def _show_answer(self) -> None:
        reply = self._reply
        if reply is None:
            return
        lines = present(reply, self.context.texts, self.context.site, local_time=self._checked_at)
        self.headline.setText(lines.headline)
        self.label.setText(lines.label)
        self.next_step.setText(lines.next_step or "")
        self.next_step.setVisible(bool(lines.next_step))
        self.details.setText("\n".join(lines.details))

    def spoken_text(self) -> str:
        if self._stage is Stage.RESULT:
            parts = [self.title.text()]
            if self._reply is not None:
                parts += [self.headline.text(), self.label.text(), self.next_step.text(), self.details.text()]
            parts.append(self.message.text())
            return ". ".join(p for p in parts if p)
        return f"{self.title.text()}. {self.instruction.text()}"
