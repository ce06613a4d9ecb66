"""On-screen keys: a PIN pad and a keyboard for codes.

A kiosk has no physical keyboard, so every field a citizen fills comes with
keys big enough for an unsteady finger. Keys never take focus, so the text
field keeps its cursor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from ui.i18n import translate

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

    def __init__(
        self, rows: list[list[str]], *, key_height: int = 84, spans: dict[str, int] | None = None
    ) -> None:
        """``spans``: keys wider than one column (a key in words needs room), by character."""
        super().__init__()
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        for r, row in enumerate(rows):
            column = 0
            for char in row:
                name = {BACKSPACE: "key_backspace", CLEAR: "key_clear", " ": "key_space"}.get(
                    char, "key_" + "_".join(f"{ord(c):x}" for c in char)
                )
                key = _key(self._label(char), name)
                key.setMinimumHeight(key_height)  # the theme's own minimum still applies
                key.clicked.connect(lambda _=False, ch=char: self.pressed.emit(ch))
                if char == BACKSPACE:
                    key.setAccessibleName(translate("Keys", "Delete the last character"))
                width = (spans or {}).get(char, 1)
                grid.addWidget(key, r, column, 1, width)
                column += width
                self.keys[char] = key

    @staticmethod
    def _label(char: str) -> str:
        """Keys that are not a character say what they do, in words."""
        if char == BACKSPACE:
            return "⌫"  # the symbol phones use; its accessible name says it in words
        if char == CLEAR:
            return translate("Keys", "Clear")
        if char == " ":
            return translate("Keys", "Space")
        return char

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            for char in (BACKSPACE, CLEAR, " "):
                if char in self.keys:
                    self.keys[char].setText(self._label(char))
        super().changeEvent(event)


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


def type_into(field: QLineEdit, key: str) -> None:
    """Apply one key of a ``KeyGrid`` to a text field at its cursor (the field keeps the focus)."""
    if key == BACKSPACE:
        field.backspace()
    elif key == CLEAR:
        field.clear()
    else:
        field.insert(key)
