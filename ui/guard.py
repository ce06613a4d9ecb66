"""Kiosk hardening and activity detection, in one application-wide event filter.

- Any press, touch, key or wheel counts as the citizen being there.
- Context menus, tooltips and "What's this?" never appear.
- Key combinations with Ctrl, Alt or Meta are swallowed: none of them means
  anything to a citizen, and some would leave the app.
- A dialog the kiosk did not plan for (a library's message box, a file
  picker) is closed the moment it appears.
- Links are never opened in another program: every URL scheme is routed to
  a handler that refuses and logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QDialog

log = logging.getLogger(__name__)

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}
BLOCKED_EVENTS = {
    QEvent.Type.ContextMenu,
    QEvent.Type.ToolTip,
    QEvent.Type.WhatsThis,
    QEvent.Type.QueryWhatsThis,
}
BLOCKED_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
LINK_SCHEMES = ("http", "https", "file", "mailto", "tel", "ftp", "data")


class KioskGuard(QObject):
    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_activity = on_activity
        self.blocked_links: int = 0
        self.closed_dialogs: int = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in BLOCKED_EVENTS:
            return True
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & BLOCKED_MODIFIERS
        ):
            return True
        if kind in ACTIVITY_EVENTS:
            self._on_activity()
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog):
            self.closed_dialogs += 1
            log.warning("closed an unexpected dialog", extra={"dialog": type(watched).__name__})
            watched.reject()
            return True
        return False

    def install_link_handlers(self) -> None:
        for scheme in LINK_SCHEMES:
            # PySide6 wants the slot's name as str here, though its stubs say bytes.
            QDesktopServices.setUrlHandler(scheme, self, "refuse_link")  # type: ignore[arg-type]

    def remove_link_handlers(self) -> None:
        for scheme in LINK_SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)

    @Slot(QUrl)
    def refuse_link(self, url: QUrl) -> None:
        # The URL itself may carry personal data in its query: log only the scheme.
        self.blocked_links += 1
        log.warning("refused to open a link outside the kiosk", extra={"scheme": url.scheme()})
