"""What every screen shares: its id, its context, and how it re-reads texts."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar, Protocol

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QWidget,
)

from kiosk_app.catalogue.model import Procedure
from kiosk_app.composition import KioskServices
from kiosk_app.session import EndReason
from kiosk_app.speech import Speaker
from ui.jobs import BackgroundJobs
from ui.voice import VoiceController


class ScreenId(enum.Enum):
    ATTRACT = "attract"
    HOME = "home"
    PROCEDURES = "procedures"
    CATEGORY = "category"
    SEARCH = "search"
    PROCEDURE = "procedure"
    QUESTION = "question"
    CHECKLIST = "checklist"
    DOSSIER_STATUS = "dossier_status"
    QUEUE = "queue"
    ASSISTANT = "assistant"
    LICENCE_CHECK = "licence_check"
    PIN = "pin"
    STAFF = "staff"
    STAFF_EDIT = "staff_edit"
    TECHNICIAN = "technician"
    ERROR = "error"
    ID_CONSENT = "id_consent"
    ID_CARD = "id_card"
    DEMO_DEVICES = "demo_devices"


class Navigator(Protocol):
    """What a screen may ask of the window around it."""

    def go(self, screen: ScreenId) -> None: ...
    def home(self) -> None: ...
    def back(self) -> None: ...
    def end_session(self, reason: EndReason) -> None: ...
    def quit_kiosk(self) -> None: ...
    def notify(self, text: str) -> None: ...
    def screen_of(self, screen: ScreenId) -> Screen: ...

    @property
    def current(self) -> ScreenId: ...


@dataclass
class Selection:
    """What the citizen picked on one screen for the next to show (not personal)."""

    category: str | None = None
    procedure_code: str | None = None
    # A script staff are editing, shown as citizens would see it before it is published.
    preview: Procedure | None = None
    staff_file: str | None = None


@dataclass(frozen=True)
class ScreenContext:
    services: KioskServices
    navigator: Navigator
    jobs: BackgroundJobs
    speaker: Speaker
    selection: Selection
    voice: VoiceController

    @property
    def language(self) -> str:
        return self.services.session.preferences.language


class Screen(QWidget):
    screen_id: ClassVar[ScreenId]
    # False for staff/technician areas: no Finish button, different header.
    citizen_facing: ClassVar[bool] = True
    # False where Back would make no sense (attract, error).
    shows_navigation: ClassVar[bool] = True

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName(type(self).__name__)
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

    def retranslate(self) -> None:
        """Set every visible text from ``translate``; called on each language change."""
        raise NotImplementedError

    def spoken_text(self) -> str:
        """What audio guidance reads when this screen appears."""
        return ""

    def set_portrait(self, portrait: bool) -> None:
        """Re-arrange for a tall screen; most screens flow either way."""

    def on_shown(self) -> None:
        """Called each time the screen becomes the current one."""

    def handle_back(self) -> bool:
        """Back within the screen (a previous question); False lets the window go back."""
        return False

    def devices_changed(self) -> None:
        """A device's health changed while this screen shows (see ``services.device_health``)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def make_label(role: str, *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    # Plain text only: nothing a citizen or a script supplies is ever rendered as markup or a link.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if align is not None:
        label.setAlignment(align)
    return label


def make_button(role: str = "", *, object_name: str = "") -> QPushButton:
    button = QPushButton()
    if role:
        button.setProperty("role", role)
    if object_name:
        button.setObjectName(object_name)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setAutoDefault(False)
    return button


def scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    content.setProperty("role", "screen")
    area.setWidget(content)
    return area
