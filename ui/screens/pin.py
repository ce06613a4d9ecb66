"""The PIN pad in front of the staff and technician areas.

The PIN is checked in a background job (scrypt is deliberately slow), and a
run of wrong PINs locks the pad for a while; the pad says how long.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt

from kiosk_app.destinations import PinEntry, StaffScripts, Technician
from kiosk_app.pins import PinGuard, PinResult, Role
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.grids import PadLayout
from ui.widgets.keypad import pin_pad, typed

MAX_DIGITS = 12


class PinScreen(Screen):
    screen_id = ScreenId.PIN
    destination = PinEntry
    citizen_facing = False

    def __init__(self, context: ScreenContext, *, pins: PinGuard) -> None:
        super().__init__(context)
        self._pins = pins
        self._digits = ""
        self._message = ""
        self._message_args: dict[str, int] = {}
        self._checking = False
        self.title = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.display = make_label("pin-display", align=Qt.AlignmentFlag.AlignCenter)
        self.display.setObjectName("pin_display")
        self.message = make_label("error", align=Qt.AlignmentFlag.AlignCenter)
        self.message.setObjectName("pin_message")
        self.pad = pin_pad()
        self.pad.pressed.connect(self._key)
        self.enter = make_button("primary", object_name="pin_enter")
        self.enter.clicked.connect(self._submit)
        self._layout = PadLayout(
            self,
            (self.title, self.display, self.message),
            self.pad,
            self.enter,
            text_width=480,
            portrait_width=560,
        )
        self._refresh()
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self._layout.set_portrait(portrait)

    def _key(self, char: str) -> None:
        self._digits = typed(self._digits, char, limit=MAX_DIGITS)
        self._refresh()

    def _refresh(self) -> None:
        # Dots only: someone behind the staff member must not read the PIN.
        self.display.setText("●" * len(self._digits) or " ")

    def _submit(self) -> None:
        if self._checking or not self._digits:
            return
        pin, self._digits = self._digits, ""
        self._refresh()
        self._checking = True
        self.enter.setEnabled(False)
        guard = self._pins
        self.context.jobs.run(lambda: guard.check(pin), self._checked)

    def _checked(self, result: PinResult) -> None:
        self._checking = False
        self.enter.setEnabled(True)
        if result.role is Role.STAFF:
            self._set_message("")
            self.context.navigator.go(StaffScripts())
        elif result.role is Role.TECHNICIAN:
            self._set_message("")
            self.context.navigator.go(Technician())
        elif result.locked_for_s > 0:
            self._set_message("locked", minutes=math.ceil(result.locked_for_s / 60))
        else:
            self._set_message("wrong", attempts=result.attempts_left)

    def _set_message(self, kind: str, **args: int) -> None:
        self._message = kind
        self._message_args = args
        self._show_message()

    def _show_message(self) -> None:
        if self._message == "locked":
            text = translate("PinScreen", "Too many wrong PINs. The pad is locked for {minutes} min.")
        elif self._message == "wrong":
            text = translate("PinScreen", "Wrong PIN. {attempts} tries left.")
        else:
            text = ""
        self.message.setText(text.format(**self._message_args))

    def retranslate(self) -> None:
        self.title.setText(translate("PinScreen", "Staff PIN"))
        self.enter.setText(translate("PinScreen", "Enter"))
        self.display.setAccessibleName(translate("PinScreen", "PIN digits entered"))
        self._show_message()
