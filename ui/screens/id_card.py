"""Reading the chip of a citizen ID card: the card on the reader, six digits, then consent.

The chip opens only with its access number, the last 6 digits of the ID
number printed on the card, so the citizen types them on big keys. The
reading runs off the GUI thread; what it returns waits for the citizen's
yes on the consent screen, exactly like an ID card's QR code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from kiosk_app.destinations import IdCard, IdConsent
from kiosk_app.device_health import DeviceError, DeviceProblem
from kiosk_app.identity import CAN_DIGITS, CAN_TRIES, IdentityService
from ui.device_words import id_reader_problem
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.basics import set_role
from ui.widgets.grids import PadLayout
from ui.widgets.keypad import pin_pad, typed


class IdCardScreen(Screen):
    screen_id = ScreenId.ID_CARD
    destination = IdCard
    # The reading thread names each stage; Qt queues it to this screen's thread.
    stage = Signal(str)

    def __init__(self, context: ScreenContext, *, identity: IdentityService) -> None:
        super().__init__(context)
        self._identity = identity
        self._digits = ""
        self._reading = False
        self._stage = ""
        self._problem: DeviceProblem | None = None
        # Wrong access numbers this visit (the screen is rebuilt for the next citizen).
        self._refused = 0
        self.stage.connect(self._show_stage)
        self.title = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.steps = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.display = make_label("pin-display", align=Qt.AlignmentFlag.AlignCenter)
        self.display.setObjectName("can_display")
        self.message = make_label("error", align=Qt.AlignmentFlag.AlignCenter)
        self.message.setObjectName("id_card_message")
        self.pad = pin_pad()
        self.pad.pressed.connect(self._key)
        self.read = make_button("primary", object_name="read_card")
        self.read.clicked.connect(self._read)
        self._layout = PadLayout(
            self,
            (self.title, self.steps, self.display, self.message),
            self.pad,
            self.read,
            text_width=640,
            portrait_width=640,
        )
        self._refresh()
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self._layout.set_portrait(portrait)

    def on_shown(self) -> None:
        self._digits, self._problem = "", None
        self._refresh()
        self.retranslate()

    def _key(self, char: str) -> None:
        self._digits = typed(self._digits, char, limit=CAN_DIGITS)
        self._refresh()

    @property
    def tries_left(self) -> int:
        return max(0, CAN_TRIES - self._refused)

    def _refresh(self) -> None:
        shown = self._digits + "_" * (CAN_DIGITS - len(self._digits))
        self.display.setText(" ".join(shown))
        self.read.setEnabled(len(self._digits) == CAN_DIGITS and not self._reading and self.tries_left > 0)
        self.pad.setEnabled(not self._reading and self.tries_left > 0)

    def _read(self) -> None:
        identity = self._identity
        if not identity.can_read_chip or self._reading or len(self._digits) != CAN_DIGITS:
            return
        if self.tries_left == 0:
            return
        can, self._digits = self._digits, ""
        self._reading = True
        self._stage = "opening"
        self._problem = None
        self._refresh()
        self.retranslate()
        emit = self.stage.emit
        self.context.jobs.run(lambda: identity.read_chip(can, emit), self._read_done, self._read_failed)

    def _show_stage(self, stage: str) -> None:
        if self._reading:
            self._stage = stage
            self.retranslate()

    def _read_done(self, consent: IdConsent) -> None:
        self._reading = False
        self._refused = 0
        self._refresh()
        self.context.navigator.go(consent)

    def _read_failed(self, error: BaseException) -> None:
        self._reading = False
        if not isinstance(error, DeviceError):
            self._refresh()
            raise error
        self._problem = error.problem
        if error.problem is DeviceProblem.ACCESS_DENIED:
            self._refused += 1
        self._refresh()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("IdCardScreen", "Read your ID card"))
        self.steps.setText(
            translate(
                "IdCardScreen",
                "1. Put your ID card flat on the reader.\n"
                "2. Type the last 6 digits of your ID number.\n"
                "3. Tap “Read my card” and keep the card still.",
            )
        )
        self.read.setText(translate("IdCardScreen", "Read my card"))
        self.display.setAccessibleName(translate("IdCardScreen", "Digits entered"))
        if self._reading:
            self.message.setText(self._stage_text())
        elif self._problem is DeviceProblem.ACCESS_DENIED:
            self.message.setText(self._refused_text())
        elif self._problem is DeviceProblem.NO_CARD:
            self.message.setText(
                translate(
                    "IdCardScreen",
                    "No card was found, or it moved. Lay it flat on the reader, keep it still and try again.",
                )
            )
        elif self._problem is DeviceProblem.NOT_AUTHENTIC:
            self.message.setText(
                translate(
                    "IdCardScreen",
                    "The card's data could not be verified; the kiosk will not use it.",
                )
                + " "
                + self.context.help_counter_text()
            )
        elif self._problem is DeviceProblem.FAULT:
            self.message.setText(
                translate(
                    "IdCardScreen",
                    "The card could not be read. Check the 6 digits and try again, or ask at the counter.",
                )
            )
        elif self._problem is not None:
            self.message.setText(f"{id_reader_problem(self._problem)} {self.context.help_counter_text()}")
        else:
            self.message.setText("")

        # A message says what to do now; the three steps step aside for it, so both never
        # compete for the height beside the pad (large text in landscape).
        self.steps.setVisible(not self.message.text())
        # Progress reads as information, a problem as an error.
        if self.message.property("role") != ("body" if self._reading else "error"):
            set_role(self.message, "body" if self._reading else "error")

    def _stage_text(self) -> str:
        texts = {
            "opening": translate("IdCardScreen", "Opening the card's chip… please keep the card still."),
            "reading": translate("IdCardScreen", "Reading the card… please keep it still."),
            "checking": translate("IdCardScreen", "Checking the issuing authority's signature…"),
        }
        return texts.get(self._stage, texts["reading"])

    def _refused_text(self) -> str:
        if self.tries_left == 0:
            again = translate("IdCardScreen", "The card did not accept these digits again.")
            return f"{again} {self.context.help_counter_text()}"
        return translate(
            "IdCardScreen",
            "The card did not accept these 6 digits. Check the last 6 digits of your ID number. "
            "Tries left: {left}.",
        ).format(left=self.tries_left)

    def spoken_text(self) -> str:
        return f"{self.title.text()}. {self.steps.text()}"
