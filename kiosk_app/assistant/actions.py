"""What the assistant does about an understood request: the intent → action table, as data.

The screen shows the reply, then carries out the action this returns; it
decides nothing itself. Intents that only inform (fees, time, papers, where)
stay on the assistant screen and offer to open the guide.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_app.assistant.intents import Intent
from kiosk_app.assistant.understand import Understanding
from kiosk_app.destinations import BeginProcedure, Destination, DossierStatus, Home, Queue


@dataclass(frozen=True)
class GoTo:
    destination: Destination


@dataclass(frozen=True)
class GoBack:
    pass


@dataclass(frozen=True)
class SwitchLanguage:
    language: str


@dataclass(frozen=True)
class Stay:
    """Show (and say) the reply; change nothing."""


Action = GoTo | GoBack | SwitchLanguage | Stay

# Intents that go to a fixed place whatever was said.
PLACES: dict[Intent, Destination] = {Intent.TAKE_TICKET: Queue(), Intent.GO_HOME: Home()}
# Intents that change the screen: the screen says where it is going before it goes.
NAVIGATING = frozenset({Intent.OPEN_PROCEDURE, Intent.CHECK_STATUS, *PLACES, Intent.GO_BACK})


def action_for(understanding: Understanding, *, language: str, languages: tuple[str, ...]) -> Action:
    intent = understanding.intent
    code = understanding.slots.get("procedure")
    if intent is Intent.OPEN_PROCEDURE and isinstance(code, str):
        return GoTo(BeginProcedure(code))  # a request by name: straight to its first question
    if intent is Intent.CHECK_STATUS:
        dossier = understanding.slots.get("dossier_code")
        return GoTo(DossierStatus(dossier if isinstance(dossier, str) else None))
    if intent in PLACES:
        return GoTo(PLACES[intent])
    if intent is Intent.GO_BACK:
        return GoBack()
    if intent is Intent.CHANGE_LANGUAGE:
        wanted = understanding.slots.get("language")
        if isinstance(wanted, str) and wanted in languages and wanted != language:
            return SwitchLanguage(wanted)
        others = [other for other in languages if other != language]
        return SwitchLanguage(others[0]) if others else Stay()
    return Stay()
