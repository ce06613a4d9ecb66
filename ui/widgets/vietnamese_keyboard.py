"""An on-screen keyboard on which every Vietnamese letter can be reached.

Letters with a shape of their own (ă â đ ê ô ơ ư) have their own keys. Tones
are added after the vowel, as people write by hand: type "a", then the tone
key "´" gives "á". The result is always NFC text. Digits are on the top row.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui.widgets.keypad import BACKSPACE, CLEAR, KeyGrid

# Combining marks for the five tones, in the order Vietnamese schoolbooks give them.
# Each key shows its mark on a dotted circle, as dictionaries print them.
TONES = {mark: "\u25cc" + mark for mark in ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")}
VOWELS = set("aăâeêioôơuưy")


def add_tone(text: str, mark: str) -> str:
    """Put a tone on the last letter if it is a vowel (replacing any tone it had)."""
    if not text:
        return text
    last = unicodedata.normalize("NFD", text[-1])
    base = "".join(c for c in last if c not in TONES)
    if unicodedata.normalize("NFC", base).lower() not in VOWELS:
        return text
    return text[:-1] + unicodedata.normalize("NFC", base + mark)


class VietnameseKeyboard(QWidget):
    """Types into one QLineEdit; emits ``typed`` after every key."""

    typed = Signal()

    def __init__(self, target: QLineEdit) -> None:
        super().__init__()
        self._target = target
        letters = KeyGrid(
            [
                list("1234567890"),
                list("qwertyuiop"),
                [*"asdfghjkl", BACKSPACE],
                [*"zxcvbnm", " ", CLEAR],
                [*"ăâđêôơư"],
                [*TONES.values()],
            ],
            key_height=60,
        )
        self.keys = letters.keys
        # The tone keys show the mark; they insert the combining character.
        self._tone_for_label = {label: mark for mark, label in TONES.items()}
        letters.pressed.connect(self._press)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(letters)

    def _press(self, key: str) -> None:
        text = self._target.text()
        if key == BACKSPACE:
            self._target.setText(text[:-1])
        elif key == CLEAR:
            self._target.clear()
        elif key in self._tone_for_label:
            self._target.setText(add_tone(text, self._tone_for_label[key]))
        else:
            self._target.setText(text + key)
        self.typed.emit()
