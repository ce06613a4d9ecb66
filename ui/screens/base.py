"""What every screen shares: its id, its context, and how it re-reads texts."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QWidget,
)

from kiosk_app.destinations import Destination
from kiosk_app.messages import MessageCatalogue, Texts
from kiosk_app.scan_routing import ScanOutcome
from kiosk_app.session import EndReason, Preferences
from kiosk_app.settings import SiteSettings
from kiosk_app.speech import Speaker
from kiosk_app.wording import help_counter_text
from ui.jobs import BackgroundJobs
from ui.widgets.basics import make_button, make_label, scrolling, scrolling_card

__all__ = [
    "Navigator",
    "Screen",
    "ScreenContext",
    "ScreenId",
    "make_button",
    "make_label",
    "scrolling",
    "scrolling_card",
]


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
    RATING = "rating"


class Navigator(Protocol):
    """What a screen may ask of the window around it."""

    def go(self, destination: Destination) -> None: ...
    def home(self) -> None: ...
    def back(self) -> None: ...
    def back_past(self, *kinds: type[Destination]) -> None: ...
    def end_session(self, reason: EndReason) -> None: ...
    def quit_kiosk(self) -> None: ...
    def notify(self, text: str) -> None: ...

    @property
    def current(self) -> ScreenId: ...


@dataclass(frozen=True)
class ScreenContext:
    """What every screen may use: the window, background jobs, the voice, the visit's preferences.

    Services beyond these are handed to each screen's constructor, only those it uses.
    """

    navigator: Navigator
    jobs: BackgroundJobs
    speaker: Speaker
    preferences: Callable[[], Preferences]
    messages: MessageCatalogue
    site: SiteSettings
    demo: bool = False

    @property
    def language(self) -> str:
        return self.preferences().language

    @property
    def texts(self) -> Texts:
        """The core's words (fees, counters, checklists) in the citizen's language."""
        return self.messages.texts(self.language)

    def help_counter_text(self) -> str:
        """ "Please ask at counter N (its name)": where the kiosk sends people it cannot help."""
        return help_counter_text(self.site, self.texts)

    def say(self, text: str) -> None:
        """Speak, if the citizen turned audio guidance on."""
        preferences = self.preferences()
        if preferences.audio_guidance:
            self.speaker.say(text, preferences.language)


class Screen(QWidget):
    screen_id: ClassVar[ScreenId]
    # The destination type this screen shows; the window hands the value to ``arrive``.
    destination: ClassVar[type[Destination]]
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

    def arrive(self, destination: Destination) -> None:
        """Called each time the screen becomes the current one, with the destination that led here."""
        self.on_shown()

    def on_shown(self) -> None:
        """Called each time the screen becomes the current one (screens without a payload)."""

    def scanned(self, outcome: ScanOutcome) -> bool:
        """A code was scanned while this screen shows; True when the screen dealt with it itself.

        Citizen screens leave it to the kiosk (False: go where the code leads);
        staff areas ignore the scanner; the technician's screen shows what it was.
        """
        return not self.citizen_facing

    def procedure_in_view(self) -> str | None:
        """The code of the procedure this screen is about, if any (the assistant's questions apply to it)."""
        return None

    def handle_back(self) -> bool:
        """Back within the screen (a previous question); False lets the window go back."""
        return False

    def catalogue_changed(self) -> None:
        """The procedure catalogue was loaded or changed (a publish, a rollback) while this screen exists."""

    def devices_changed(self) -> None:
        """A device's health changed while this screen shows (see ``services.device_health``)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
