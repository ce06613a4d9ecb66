"""Kiosk hardening and activity detection, in one application-wide event filter.

- Any press, touch, key or wheel counts as the citizen being there.
- Context menus, tooltips and "What's this?" never appear.
- Key combinations with Ctrl, Alt or Meta are swallowed: none of them means
  anything to a citizen, and some would leave the app.
- A dialog the kiosk did not plan for (a library's message box, a file
  picker) is closed the moment it appears, and a nested ``exec()`` returns.
- Links are never opened in another program, whatever their scheme: Qt hands
  a URL to the desktop (``xdg-open``) unless a handler is registered for its
  scheme, and schemes cannot all be listed. So every path that opens one is
  closed instead: ``QDesktopServices.openUrl`` refuses for Python callers,
  labels and text browsers lose ``openExternalLinks`` before any tap or key
  reaches them, and the common schemes get a refusing handler for C++ callers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, QUrl, Slot
from PySide6.QtGui import QClipboard, QDesktopServices, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QTextBrowser

log = logging.getLogger(__name__)
_ORIGINAL: dict[str, Any] = {}

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
LINK_SCHEMES = (
    "http", "https", "file", "mailto", "tel", "ftp", "data", "smb", "sftp", "ssh", "vnc", "rdp",
    "irc", "ircs", "magnet", "javascript", "about", "x-terminal", "telnet", "ldap", "nfs", "news",
    "sms", "callto", "skype", "steam", "zoommtg", "vscode", "apt", "appstream", "x-scheme-handler",
)  # fmt: skip
LINK_WIDGETS = (QLabel, QTextBrowser)
INTERACTION_EVENTS = {
    QEvent.Type.Show,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchEnd,
    QEvent.Type.KeyPress,
}


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
        if kind in INTERACTION_EVENTS and isinstance(watched, LINK_WIDGETS):
            # Before the widget sees the tap: a link in it can then only emit linkActivated.
            watched.setOpenExternalLinks(False)
        if kind in ACTIVITY_EVENTS:
            self._on_activity()
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog):
            self.closed_dialogs += 1
            log.warning("closed an unexpected dialog", extra={"dialog": type(watched).__name__})
            # Later, not now: a dialog shown by exec() starts its own event loop after
            # showing, and only a reject() from inside that loop makes exec() return.
            QTimer.singleShot(0, watched.reject)
            return True
        return False

    def install_link_handlers(self) -> None:
        for scheme in LINK_SCHEMES:
            # PySide6 wants the slot's name as str here, though its stubs say bytes.
            QDesktopServices.setUrlHandler(scheme, self, "refuse_link")  # type: ignore[arg-type]
        if "openUrl" not in _ORIGINAL:
            _ORIGINAL["openUrl"] = QDesktopServices.openUrl
        guard = self

        def refuse(url: QUrl | str) -> bool:
            guard.refuse_link(url if isinstance(url, QUrl) else QUrl(url))
            return False

        QDesktopServices.openUrl = staticmethod(refuse)  # type: ignore[method-assign]

    def remove_link_handlers(self) -> None:
        for scheme in LINK_SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)
        original = _ORIGINAL.pop("openUrl", None)
        if original is not None:
            QDesktopServices.openUrl = original  # type: ignore[method-assign]

    @Slot(QUrl)
    def refuse_link(self, url: QUrl) -> None:
        # The URL itself may carry personal data in its query: log only the scheme.
        self.blocked_links += 1
        log.warning("refused to open a link outside the kiosk", extra={"scheme": url.scheme()})


def forget_copied_text() -> None:
    """Empty the clipboard and, on X11, the PRIMARY selection (text merely selected in a field).

    A citizen may have copied a dossier code or selected their ID number; the next
    citizen must not be able to paste it.
    """
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


def serving_taps() -> bool:
    """Whether the GUI thread runs its main event loop with nothing modal over the window.

    A nested loop (a dialog's exec(), a menu) keeps timers running while taps go
    nowhere: the watchdog must not call that alive.
    """
    return (
        QThread.currentThread().loopLevel() <= 1
        and QApplication.activeModalWidget() is None
        and QApplication.activePopupWidget() is None
    )
