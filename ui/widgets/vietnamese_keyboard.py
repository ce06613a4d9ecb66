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
SHAPED = set("ăâêôơư")


def _strip_tone(char: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", char) if c not in TONES)
    )


def _tone_position(word: str) -> int | None:
    """Where the tone of a Vietnamese syllable goes (the modern rule), or None if it has no vowel."""
    bare = [_strip_tone(c).lower() for c in word]
    vowels = [i for i, c in enumerate(bare) if c in VOWELS]
    # "qu" and "gi" before another vowel: the u / i belong to the consonant.
    if len(vowels) > 1 and vowels[0] == 1 and bare[0] in "qg" and bare[1] in "ui":
        vowels = vowels[1:]
    if not vowels:
        return None
    # The last run of vowels is the syllable's nucleus.
    run = [vowels[-1]]
    for index in reversed(vowels[:-1]):
        if index == run[0] - 1:
            run.insert(0, index)
        else:
            break
    shaped = [i for i in run if bare[i] in SHAPED]
    if shaped:
        return shaped[-1]
    if run[-1] < len(word) - 1 or len(run) == 1:  # a consonant follows: the last vowel
        return run[-1]
    return run[-2] if len(run) == 2 else run[1]


def add_tone(text: str, mark: str) -> str:
    """Put a tone on the last word, where Vietnamese writes it, replacing any tone it had."""
    start = text.rfind(" ") + 1
    word = text[start:]
    position = _tone_position(word)
    if position is None:
        return text
    plain = "".join(_strip_tone(c) for c in word)
    toned = plain[:position] + unicodedata.normalize("NFC", plain[position] + mark) + plain[position + 1 :]
    return text[:start] + toned


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
                [*"zxcvbnm", " "],
                [*"ăâđêôơư", CLEAR],
                [*TONES.values()],
            ],
            key_height=60,
            spans={" ": 3, CLEAR: 3},  # labelled in words, so three keys wide
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
