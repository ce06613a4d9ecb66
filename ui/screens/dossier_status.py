"""Dossier status: the citizen scans the appointment slip or types its code.

The code is personal data: it lives in this screen's field (and in the
destination that brought a scanned one here), both gone when the visit ends.
A code is recognised by the one rule in ``kiosk_app.dossier_code``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk_app import dossier_code
from kiosk_app.destinations import Destination, DossierStatus
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.widgets.keypad import BACKSPACE, CLEAR, code_keyboard


class DossierStatusScreen(Screen):
    screen_id = ScreenId.DOSSIER_STATUS
    destination = DossierStatus

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 40, 64, 40)
        layout.setSpacing(24)
        self.title = make_label("title")
        self.instruction = make_label("body")
        self.code = QLineEdit()
        self.code.setObjectName("dossier_code")
        self.code.setMaxLength(dossier_code.MAX_LENGTH)
        self.code.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.code.returnPressed.connect(self._look_up)
        self.look_up = make_button("primary", object_name="look_up")
        self.look_up.clicked.connect(self._look_up)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.look_up)
        self.result = make_label("notice")
        self.result.hide()
        self.keyboard = code_keyboard()
        self.keyboard.pressed.connect(self._key)
        layout.addWidget(self.title)
        layout.addWidget(self.instruction)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(self.keyboard)
        self._result_kind = ""
        self.retranslate()

    def _key(self, char: str) -> None:
        if char == BACKSPACE:
            self.code.backspace()
        elif char == CLEAR:
            self.code.clear()
        else:
            self.code.insert(char)

    def arrive(self, destination: Destination) -> None:
        """A scanned slip or a spoken code arrives with its code: fill it in and look it up at once."""
        if isinstance(destination, DossierStatus) and destination.code:
            self.code.setText(destination.code)
            self._look_up()
        self.retranslate()

    def _look_up(self) -> None:
        code = dossier_code.normalise(self.code.text())
        if code is None:
            self._result_kind = "invalid"
        else:
            self.code.setText(code)
            self._result_kind = "unavailable"
        self._show_result()

    def _show_result(self) -> None:
        if self._result_kind == "invalid":
            self.result.setText(
                translate(
                    "DossierStatus",
                    "That does not look like a dossier code. It looks like 000.00.29.H29-251201-0007, "
                    "as printed under the QR code on your appointment slip.",
                )
            )
        elif self._result_kind == "unavailable":
            self.result.setText(
                translate("DossierStatus", "Looking up dossiers is not available at this kiosk yet.")
                + " "
                + self.context.help_counter_text()
            )
        self.result.setVisible(bool(self._result_kind))

    def retranslate(self) -> None:
        self.title.setText(translate("DossierStatus", "Dossier status"))
        self.instruction.setText(
            translate(
                "DossierStatus",
                "Hold the QR code of your appointment slip under the scanner, or type the dossier code.",
            )
        )
        self.code.setPlaceholderText(translate("DossierStatus", "Dossier code"))
        self.code.setAccessibleName(translate("DossierStatus", "Dossier code"))
        self.look_up.setText(translate("DossierStatus", "Look up"))
        self._show_result()

    def spoken_text(self) -> str:
        return f"{self.title.text()}. {self.instruction.text()}"
