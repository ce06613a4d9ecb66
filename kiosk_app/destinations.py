"""Where the kiosk can take a citizen, staff or a technician: typed values carrying what the screen needs.

The core decides destinations (a scanned slip means ``DossierStatus(code)``,
an understood request means ``ProcedureGuide(code)``); the window shows the
screen for each type and hands it the value. Nothing is passed through shared
records. Values holding personal data keep it out of ``repr`` (and so out of
any log line), and they live only in the window's history, which is thrown
away with the visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.cccd import CitizenIdentity
from kiosk_app.catalogue.model import Procedure


@dataclass(frozen=True)
class Destination:
    """Base of every destination."""


@dataclass(frozen=True)
class Attract(Destination):
    """The attract screen: nobody is using the kiosk."""


@dataclass(frozen=True)
class Home(Destination):
    pass


@dataclass(frozen=True)
class Procedures(Destination):
    """Category tiles and the search button."""


@dataclass(frozen=True)
class Category(Destination):
    category_id: str


@dataclass(frozen=True)
class Search(Destination):
    pass


@dataclass(frozen=True)
class ProcedureGuide(Destination):
    """A procedure's overview; ``preview`` is a script staff are checking before publishing it."""

    code: str
    preview: Procedure | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BeginProcedure(Destination):
    """Straight to a procedure's first question (or its checklist when it asks none).

    What a citizen chose by name (a search result, a list row, a common
    procedure, an understood request) needs no overview and no Start button in
    between: the overview stays one Back away. Not a screen: the navigator
    turns it into ``Questions`` or ``ChecklistView`` and keeps the overview in
    the history.
    """

    code: str


@dataclass(frozen=True)
class Questions(Destination):
    """The current question of the procedure being worked through (kept in the session)."""


@dataclass(frozen=True)
class ChecklistView(Destination):
    """The tailored checklist for the answers given."""


@dataclass(frozen=True)
class DossierStatus(Destination):
    """Dossier status; ``code`` (or a slip URL's opaque ``slip_ref``) when a slip was scanned or said."""

    code: str | None = field(default=None, repr=False)
    slip_ref: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Queue(Destination):
    """Queue numbers; ``service`` preselected (from a checklist), ``booking`` a scanned booking code."""

    service: str | None = None
    booking: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Rating(Destination):
    """How was your visit? Shown when a citizen who did something finishes."""


@dataclass(frozen=True)
class LicenceCheck(Destination):
    payload: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Assistant(Destination):
    """The assistant; ``about`` is the procedure on screen when the citizen asked (questions apply to it)."""

    about: str | None = None


@dataclass(frozen=True)
class IdCard(Destination):
    """Read the ID card's chip: card on the reader, six digits."""


@dataclass(frozen=True)
class IdConsent(Destination):
    """Ask the citizen before using what was read from their ID card."""

    identity: CitizenIdentity = field(repr=False)


@dataclass(frozen=True)
class PinEntry(Destination):
    """The staff and technician PIN."""


@dataclass(frozen=True)
class StaffScripts(Destination):
    pass


@dataclass(frozen=True)
class StaffEdit(Destination):
    file_name: str


@dataclass(frozen=True)
class Technician(Destination):
    pass


@dataclass(frozen=True)
class DemoDevices(Destination):
    pass


@dataclass(frozen=True)
class ErrorPage(Destination):
    """Something went wrong; the citizen is offered a fresh start."""
