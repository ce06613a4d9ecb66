"""On-screen keys: a PIN pad and a keyboard for codes.

A kiosk has no physical keyboard, so every field a citizen fills comes with
keys big enough for an unsteady finger. Keys never take focus, so the text
field keeps its cursor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

BACKSPACE = "\b"
CLEAR = "\x1b"


def _key(label: str, object_name: str) -> QPushButton:
    key = QPushButton(label)
    key.setObjectName(object_name)
    key.setProperty("role", "key")
    key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    key.setAutoDefault(False)
    return key


class KeyGrid(QWidget):
    """Rows of keys; emits the character of the key pressed (BACKSPACE, CLEAR for those)."""

    pressed = Signal(str)

    def __init__(self, rows: list[list[str]], *, key_height: int = 84) -> None:
        super().__init__()
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        for r, row in enumerate(rows):
            for c, char in enumerate(row):
                name = {BACKSPACE: "key_backspace", CLEAR: "key_clear", " ": "key_space"}.get(
                    char, "key_" + "_".join(f"{ord(c):x}" for c in char)
                )
                key = _key(self._label(char), name)
                key.setMinimumHeight(key_height)  # the theme's own minimum still applies
                key.clicked.connect(lambda _=False, ch=char: self.pressed.emit(ch))
                grid.addWidget(key, r, c)
                self.keys[char] = key

    @staticmethod
    def _label(char: str) -> str:
        return {BACKSPACE: "⌫", CLEAR: "C", " ": "␣"}.get(char, char)


def pin_pad() -> KeyGrid:
    return KeyGrid(
        [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], [CLEAR, "0", BACKSPACE]], key_height=80
    )


def code_keyboard() -> KeyGrid:
    """Digits, Latin capitals and the separators dossier codes use."""
    return KeyGrid(
        [
            list("1234567890"),
            list("QWERTYUIOP"),
            [*"ASDFGHJKL", "-"],
            [*"ZXCVBNM", ".", "/", BACKSPACE],
        ]
    )


def typed(digits: str, key: str, *, limit: int) -> str:
    """What a pad's field holds after one key: BACKSPACE, CLEAR, or one more digit up to ``limit``."""
    if key == BACKSPACE:
        return digits[:-1]
    if key == CLEAR:
        return ""
    return digits + key if len(digits) < limit else digits
