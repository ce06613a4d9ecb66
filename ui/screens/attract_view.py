"""What the idle screen shows, with nothing behind it yet.

The kiosk paints this before its services exist (ui/frame.py), so a
(re)started kiosk shows its first screen as fast as Qt can: this module
imports only Qt, the widget basics and the site's names. The attract screen
(ui/screens/attract.py) builds its page from the same view and wires its
taps to the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.widgets.basics import make_button, make_label

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
INVITE_VI = "Chạm vào màn hình để bắt đầu"
INVITE_EN = "Touch the screen to start"


class AttractView(QWidget):
    """Centre name, the invitation in both languages, a button per language, staff and demo entries."""

    language_chosen = Signal(str)
    touched = Signal()
    demo_requested = Signal()
    staff_requested = Signal()

    def __init__(self, centre_names: tuple[str, str], languages: tuple[str, ...], *, demo: bool) -> None:
        super().__init__()
        self.setObjectName("attract_view")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 80, 80, 40)
        self.centre = make_label("subtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.centre.setText("\n".join(centre_names))  # Vietnamese, then English
        self.invite_vi = make_label("attract-title", align=Qt.AlignmentFlag.AlignCenter)
        self.invite_vi.setText(INVITE_VI)
        self.invite_en = make_label("attract-second", align=Qt.AlignmentFlag.AlignCenter)
        self.invite_en.setText(INVITE_EN)
        layout.addWidget(self.centre)
        layout.addStretch(2)
        layout.addWidget(self.invite_vi)
        layout.addSpacing(16)
        layout.addWidget(self.invite_en)
        layout.addStretch(1)

        choices = QHBoxLayout()
        choices.addStretch(1)
        self.language_buttons: dict[str, QPushButton] = {}
        for language in languages:
            button = make_button("primary", object_name=f"start_{language}")
            button.setText(LANGUAGE_NAMES.get(language, language))
            button.setProperty("wide", True)  # the theme's min-width: a stylesheet overrides setMinimumWidth
            button.clicked.connect(lambda _=False, lang=language: self.language_chosen.emit(lang))
            choices.addWidget(button)
            self.language_buttons[language] = button
        choices.addStretch(1)
        layout.addLayout(choices)
        layout.addStretch(2)

        footer = QHBoxLayout()
        if demo:
            # Demo mode: the operator plays the scanner and the printer from here.
            entry = make_button("quiet", object_name="demo_devices_entry")
            entry.setText("Thiết bị mô phỏng · Demo devices")
            entry.clicked.connect(self.demo_requested.emit)
            footer.addWidget(entry)
        footer.addStretch(1)
        self.staff = make_button("quiet", object_name="staff_entry")
        self.staff.setText("Nhân viên · Staff")
        self.staff.clicked.connect(self.staff_requested.emit)
        footer.addWidget(self.staff)
        layout.addLayout(footer)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.touched.emit()
        event.accept()
