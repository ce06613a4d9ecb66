"""How was your visit? Three large faces, optional reasons, anonymous; then the visit ends.

The three levels are the public services' own (Rất hài lòng / Hài lòng /
Không hài lòng). The rating carries no identity, no procedure answers, no
time finer than the hour: ``kiosk_app.satisfaction`` sends it through the
outbox. Skipping is one tap, and so is rating.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk_app.destinations import Destination, Rating
from kiosk_app.satisfaction import REASONS, Level, SatisfactionService
from kiosk_app.session import EndReason
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label


class FaceButton(QPushButton):
    """A big face drawn with the theme's text colour (no emoji font needed), its words below."""

    def __init__(self, level: Level) -> None:
        super().__init__()
        self.level = level
        self.setObjectName(f"rate_{level.value}")
        self.setProperty("role", "face")
        self.setCheckable(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.words = ""  # drawn under the face (the button's own text would be drawn over it)

    def set_words(self, words: str) -> None:
        self.words = words
        self.setAccessibleName(words)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().buttonText().color()
        metrics = self.fontMetrics()
        text_height = metrics.height() * 2
        size = max(40.0, min(self.width() * 0.6, self.height() - text_height - 40.0))
        centre = QPointF(self.width() / 2, 20 + size / 2)
        pen = QPen(colour, max(4.0, size / 22))
        painter.setPen(pen)
        painter.drawEllipse(centre, size / 2, size / 2)
        eye = size / 12
        painter.setBrush(colour)
        for dx in (-size / 6, size / 6):
            painter.drawEllipse(QPointF(centre.x() + dx, centre.y() - size / 8), eye / 2, eye / 2)
        painter.setBrush(QColor(0, 0, 0, 0))
        curve = {Level.VERY_SATISFIED: 0.22, Level.SATISFIED: 0.1, Level.NOT_SATISFIED: -0.16}[self.level]
        mouth = QPainterPath(QPointF(centre.x() - size / 5, centre.y() + size / 6))
        mouth.quadTo(
            QPointF(centre.x(), centre.y() + size / 6 + size * curve),
            QPointF(centre.x() + size / 5, centre.y() + size / 6),
        )
        painter.drawPath(mouth)
        painter.setPen(colour)
        area = QRectF(8, 20 + size + 8, self.width() - 16, self.height() - size - 36)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), self.words)
        painter.end()


class RatingScreen(Screen):
    screen_id = ScreenId.RATING
    destination = Rating

    def __init__(self, context: ScreenContext, *, satisfaction: SatisfactionService) -> None:
        super().__init__(context)
        self._satisfaction = satisfaction
        self._level: Level | None = None
        self._portrait = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 32)
        layout.setSpacing(20)
        self.title = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        faces = QHBoxLayout()
        faces.setSpacing(24)
        self.faces = {level: FaceButton(level) for level in Level}
        for face in self.faces.values():
            face.clicked.connect(lambda _=False, chosen=face.level: self._choose(chosen))
            faces.addWidget(face)
        self.reasons_title = make_label("subtitle")
        self.reasons = QWidget()
        self.reasons.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._grid = QGridLayout(self.reasons)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(12)
        self.reason_buttons: dict[str, QPushButton] = {}
        for reason in REASONS:
            button = make_button("choice", object_name=f"reason_{reason}")
            button.setCheckable(True)
            self.reason_buttons[reason] = button
        self.set_portrait(False)
        actions = QHBoxLayout()
        self.skip = make_button(object_name="rating_skip")
        self.skip.clicked.connect(lambda: self._finish(send=False))
        self.send = make_button("primary", object_name="rating_send")
        self.send.clicked.connect(lambda: self._finish(send=True))
        actions.addWidget(self.skip)
        actions.addWidget(self.send)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(faces, 2)
        layout.addWidget(self.reasons_title)
        layout.addWidget(self.reasons)
        layout.addStretch(1)
        layout.addLayout(actions)
        self._show()

    def set_portrait(self, portrait: bool) -> None:
        """Reasons three a row in landscape; in portrait two a row, or one with large text."""
        self._portrait = portrait
        columns = (1 if self.context.preferences().large_text else 2) if portrait else 3
        for index, button in enumerate(self.reason_buttons.values()):
            self._grid.addWidget(button, index // columns, index % columns)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:  # large text on or off
            self.set_portrait(self._portrait)
            self._show()
        super().changeEvent(event)

    def arrive(self, destination: Destination) -> None:
        self._level = None
        for button in (*self.faces.values(), *self.reason_buttons.values()):
            button.setChecked(False)
        self._show()

    def _choose(self, level: Level) -> None:
        self._level = level
        self._show()

    def _finish(self, *, send: bool) -> None:
        if send and self._level is not None:
            chosen = [reason for reason, button in self.reason_buttons.items() if button.isChecked()]
            self._satisfaction.rate(self._level, chosen)
        self.context.navigator.end_session(EndReason.FINISHED)

    def _show(self) -> None:
        chosen = self._level is not None
        for level, face in self.faces.items():
            face.setChecked(level is self._level)
        self.hint.setVisible(not chosen)  # the face is tapped: room for the reasons instead
        crowded = self.context.preferences().large_text and not self._portrait
        self.reasons_title.setVisible(chosen and not crowded)
        self.reasons.setVisible(chosen)
        self.send.setVisible(chosen)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("RatingScreen", "How was your visit?"))
        self.hint.setText(
            translate("RatingScreen", "Tap a face. Your answer is anonymous and helps the centre improve.")
        )
        words = {
            Level.VERY_SATISFIED: translate("RatingScreen", "Very satisfied"),
            Level.SATISFIED: translate("RatingScreen", "Satisfied"),
            Level.NOT_SATISFIED: translate("RatingScreen", "Not satisfied"),
        }
        for level, face in self.faces.items():
            face.set_words(words[level])
        reasons = {
            "quick": translate("RatingScreen", "It was quick"),
            "staff_helpful": translate("RatingScreen", "Staff were helpful"),
            "kiosk_easy": translate("RatingScreen", "The kiosk was easy"),
            "waited_long": translate("RatingScreen", "I waited too long"),
            "unclear": translate("RatingScreen", "The procedure was unclear"),
            "kiosk_hard": translate("RatingScreen", "The kiosk was hard to use"),
        }
        for reason, button in self.reason_buttons.items():
            button.setText(reasons[reason])
        self.reasons_title.setText(translate("RatingScreen", "Anything to add? (optional)"))
        self.skip.setText(translate("RatingScreen", "Finish without rating"))
        self.send.setText(translate("RatingScreen", "Send and finish"))

    def spoken_text(self) -> str:
        return f"{self.title.text()} {self.hint.text()}"
