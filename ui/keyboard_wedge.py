"""Telling a keyboard-wedge scanner from a person typing.

A USB scanner in keyboard mode "types" a whole code in a burst, a key every
few milliseconds (8-16 ms is typical), and ends with Enter. A person is far
slower. This application-wide filter holds printable key presses back for a
moment: a fast run that ends with the suffix and is long enough is a scan,
emitted as ``scanned`` and never delivered to the focused text field;
anything else is handed to the focused widget as ordinary typing (a person
sees it ~50 ms later, which nobody notices).

Keyboard emulation cannot carry Vietnamese reliably (layouts and IMEs
rewrite keys), so the citizen-ID QR is better read by a serial or HID-POS
scanner; this filter is for codes in plain ASCII (dossier codes, URLs).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class WedgeSettings:
    max_gap_s: float = 0.035  # slower than this between keys is a person
    min_length: int = 4  # shorter bursts are a person's fast double tap
    suffix: Qt.Key = Qt.Key.Key_Return
    prefix: str = ""  # some scanners are set to send a prefix; required when given


@dataclass
class _Held:
    event: QKeyEvent
    at: float
    target: QObject  # the widget the key was meant for


class KeyboardWedge(QObject):
    scanned = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or WedgeSettings()
        self._clock = clock
        self._held: list[_Held] = []
        self._replaying = False
        # Hand held keys back once the burst has clearly stopped.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(max(1, round(self.settings.max_gap_s * 1000 * 1.5)))
        self._idle.timeout.connect(self.flush_if_idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        now = self._clock()
        if self._held and now - self._held[-1].at > self.settings.max_gap_s:
            self._release()
        key = event.key()
        if key in (self.settings.suffix, Qt.Key.Key_Enter) and self._held:
            if self._is_scan(now):
                payload = "".join(held.event.text() for held in self._held)
                self._held.clear()
                self._idle.stop()
                self.scanned.emit(payload.removeprefix(self.settings.prefix))
                return True
            self._release()
            return False
        if not event.text() or not event.text().isprintable():
            self._release()
            return False
        # Keep a copy: Qt reuses the event object once the filter returns.
        copy = QKeyEvent(
            event.type(), key, event.modifiers(), event.text(), event.isAutoRepeat(), event.count()
        )
        self._held.append(_Held(copy, now, watched))
        self._idle.start()
        return True

    def _is_scan(self, now: float) -> bool:
        times = [held.at for held in self._held] + [now]
        fast = all(b - a <= self.settings.max_gap_s for a, b in pairwise(times))
        text = "".join(held.event.text() for held in self._held)
        return (
            fast
            and len(text) >= self.settings.min_length + len(self.settings.prefix)
            and text.startswith(self.settings.prefix)
        )

    def flush_if_idle(self) -> None:
        """Deliver held keys as typing once no key came for a while (the idle timer calls this)."""
        if self._held and self._clock() - self._held[-1].at > self.settings.max_gap_s:
            self._release()

    def _release(self) -> None:
        held, self._held = self._held, []
        self._replaying = True
        try:
            for item in held:
                try:
                    QApplication.sendEvent(item.target, item.event)
                except RuntimeError:
                    continue  # the widget went away meanwhile (the screen changed)
        finally:
            self._replaying = False
