"""A citizen's visit to the kiosk, from first touch to the end, and its wipe.

The session is a small state machine driven by two inputs: touches and the
passing of time (``tick``). It owns everything personal a citizen gives the
kiosk during a visit; ending the session, however it ends, replaces that with
an empty record and tells every listener, so screens can forget too.

Time comes from an injected clock so tests can move it by hand.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.cccd import CitizenIdentity
from kiosk_app import logs
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.events import Event


class SessionState(enum.Enum):
    IDLE = "idle"  # attract screen, nobody there
    ACTIVE = "active"
    WARNING = "warning"  # "do you need more time?" is counting down


class EndReason(enum.Enum):
    TIMEOUT = "timeout"
    FINISHED = "finished"  # the citizen tapped Finish
    RESET = "reset"  # staff, technician or an error sent the kiosk home


@dataclass
class PersonalData:
    """Everything personal held during one visit. Replaced, never edited in place, at the end."""

    identity: CitizenIdentity | None = None
    # Free text a citizen typed or scanned (dossier codes, phone numbers),
    # keyed by what it is for.
    entries: dict[str, str] = field(default_factory=dict)
    # The procedure being worked through and the answers given (marital
    # status, family situation...): personal too.
    flow: GuidedFlow | None = None
    # Documents the city holds for this citizen, by procedure code: document id -> state
    # ("reusable": need not be brought; "digitised": on file, still to be brought).
    on_file: dict[str, dict[str, str]] = field(default_factory=dict)
    # Dossier-status lookups made in this visit (a limit stops guessing codes).
    dossier_lookups: int = 0
    # The last queue ticket handed over in this visit (for a reprint).
    # ``kiosk_app.queue.QueueTicket``; typed loosely because the queue builds on the session.
    last_ticket: object | None = None

    def is_empty(self) -> bool:
        return self.identity is None and not self.entries and self.flow is None


@dataclass(frozen=True)
class VisitSummary:
    """What is kept of a visit once it ends: nothing personal."""

    reason: EndReason
    duration_s: float
    language: str


@dataclass(frozen=True)
class Preferences:
    """How this citizen wants the screen; back to the site's defaults at the end."""

    language: str
    large_text: bool
    high_contrast: bool
    audio_guidance: bool


class CitizenSession:
    def __init__(
        self,
        *,
        idle_timeout_s: float,
        warning_s: float,
        defaults: Preferences,
        clock: Callable[[], float],
    ) -> None:
        if warning_s < 20:
            raise ValueError("the time-out warning must give at least 20 s (WCAG 2.2.1)")
        self._idle_timeout_s = idle_timeout_s
        self._warning_s = warning_s
        self._defaults = defaults
        self._clock = clock
        self.state = SessionState.IDLE
        self.preferences = defaults
        self.personal = PersonalData()
        self.visits = 0
        self._last_activity = 0.0
        self._warning_deadline = 0.0
        self._started_at = 0.0
        self.started = Event[None]()
        self.warning_started = Event[float]()
        self.extended = Event[None]()
        self.ended = Event[VisitSummary]()
        self.preferences_changed = Event[Preferences]()

    @property
    def warning_s(self) -> float:
        return self._warning_s

    def touch(self) -> None:
        """Any touch or key press from the citizen."""
        now = self._clock()
        if self.state is SessionState.IDLE:
            self.visits += 1
            self.state = SessionState.ACTIVE
            self._started_at = now
            self._last_activity = now
            self.started.emit(None)
        elif self.state is SessionState.ACTIVE:
            self._last_activity = now
        # During the warning only the explicit "more time" button extends,
        # so a stray touch elsewhere cannot hide the question.

    def extend(self) -> None:
        """The citizen tapped "I need more time": any number of times."""
        if self.state is SessionState.WARNING:
            self.state = SessionState.ACTIVE
            self._last_activity = self._clock()
            self.extended.emit(None)

    def tick(self) -> None:
        """Called about once a second while a session is open."""
        now = self._clock()
        if self.state is SessionState.ACTIVE and now - self._last_activity >= self._idle_timeout_s:
            self.state = SessionState.WARNING
            self._warning_deadline = now + self._warning_s
            self.warning_started.emit(self._warning_s)
        elif self.state is SessionState.WARNING and now >= self._warning_deadline:
            self.end(EndReason.TIMEOUT)

    def seconds_left(self) -> float:
        """Seconds before the session ends, while the warning shows."""
        if self.state is not SessionState.WARNING:
            return self._warning_s
        return max(0.0, self._warning_deadline - self._clock())

    def end(self, reason: EndReason) -> None:
        if self.state is SessionState.IDLE:
            return
        summary = VisitSummary(reason, self._clock() - self._started_at, self.preferences.language)
        self.state = SessionState.IDLE
        self.personal = PersonalData()
        logs.personal_values.forget_all()
        changed = self.preferences != self._defaults
        self.preferences = self._defaults
        if changed:
            self.preferences_changed.emit(self.preferences)
        self.ended.emit(summary)

    def set_preferences(self, preferences: Preferences) -> None:
        if preferences != self.preferences:
            self.preferences = preferences
            self.preferences_changed.emit(preferences)
