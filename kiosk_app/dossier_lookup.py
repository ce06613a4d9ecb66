"""Dossier status for a citizen: the code plus a second factor, looked up live, shown, never kept.

A dossier's status is personal: it goes from the backend to the screen (and
to speech in audio-guidance mode) and is never written to the store or a
log. Offline, the kiosk says so and sends the citizen to the counter: it
has no copy to show, so it can never show a stale status as current.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk_app import dossier_code, wording
from kiosk_app.backend.errors import BackendError, BackendUnavailable, NotFound
from kiosk_app.backend.service import BackendLink
from kiosk_app.messages import Texts
from kiosk_app.scans import SLIP_REF
from kiosk_app.session import CitizenSession
from kiosk_app.settings import SiteSettings

if TYPE_CHECKING:
    from kiosk_app.backend.models import DossierStatusReply

ID_NUMBER = re.compile(r"[0-9]{12}|[0-9]{9}")
LOOKUP_SECRET = re.compile(r"[A-Z0-9]{6,12}")


class Outcome(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"
    BAD_CODE = "bad_code"
    BAD_SECOND_FACTOR = "bad_second_factor"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class DossierAnswer:
    outcome: Outcome
    status: DossierStatusReply | None = field(default=None, repr=False)


def second_factor(text: str) -> tuple[str | None, str | None] | None:
    """(owner ID number, lookup secret) from what the citizen typed; None when it is neither."""
    cleaned = "".join(text.split()).upper()
    if ID_NUMBER.fullmatch(cleaned):
        return cleaned, None
    if LOOKUP_SECRET.fullmatch(cleaned) and not cleaned.isdigit():
        return None, cleaned
    return None


class DossierLookup:
    def __init__(self, link: BackendLink, session: CitizenSession, *, per_visit: int) -> None:
        self._link = link
        self._session = session
        self._per_visit = per_visit

    def look_up(self, code_text: str, second_text: str, *, slip_ref: str | None = None) -> DossierAnswer:
        """Blocking (a background job): the status, or why there is none to show.

        ``slip_ref``: the opaque id of a scanned slip URL, in place of the code.
        """
        code = dossier_code.normalise(code_text) if slip_ref is None else None
        if slip_ref is not None and not SLIP_REF.fullmatch(slip_ref):
            return DossierAnswer(Outcome.BAD_CODE)
        if slip_ref is None and code is None:
            return DossierAnswer(Outcome.BAD_CODE)
        factor = second_factor(second_text)
        if factor is None:
            return DossierAnswer(Outcome.BAD_SECOND_FACTOR)
        personal = self._session.personal
        if personal.dossier_lookups >= self._per_visit:
            return DossierAnswer(Outcome.TOO_MANY)
        personal.dossier_lookups += 1
        owner_id, secret = factor
        try:
            reply = self._link.dossier_status(
                code, slip_ref=slip_ref, owner_id=owner_id, lookup_secret=secret
            )
        except NotFound:
            return DossierAnswer(Outcome.NOT_FOUND)
        except BackendUnavailable:
            return DossierAnswer(Outcome.OFFLINE)
        except BackendError:
            # Refused for another reason (the contract's 4xx): to the citizen, the same as offline.
            return DossierAnswer(Outcome.OFFLINE)
        if code is not None and reply.code != code:
            # An answer about another dossier is never shown.
            return DossierAnswer(Outcome.OFFLINE)
        return DossierAnswer(Outcome.FOUND, reply)


def status_meaning(code: int, texts: Texts) -> str:
    """The national status code (TrangThaiHoSo 1-10) in plain words."""
    meanings = {
        1: texts.tr("Registered, not yet received by the centre"),
        2: texts.tr("Received: waiting to be processed"),
        3: texts.tr("Not accepted"),
        4: texts.tr("Being processed"),
        5: texts.tr("More documents are needed"),
        6: texts.tr("A fee must be paid"),
        7: texts.tr("Withdrawn at your request"),
        8: texts.tr("Processing has stopped"),
        9: texts.tr("Ready: you can collect the result"),
        10: texts.tr("The result has been handed over"),
    }
    return meanings.get(code, texts.tr("Status {code}", code=code))


@dataclass(frozen=True)
class StatusLines:
    headline: str
    label: str  # the backend's own words for its state
    next_step: str | None
    details: tuple[str, ...]


def present(
    reply: DossierStatusReply, texts: Texts, site: SiteSettings, *, local_time: datetime
) -> StatusLines:
    """What the screen shows and speech reads, in the citizen's language."""
    language = texts.language
    details: list[str] = []
    if reply.procedure is not None:
        details.append(reply.procedure.in_language(language))
    if reply.return_date is not None and reply.status_code not in (3, 7, 8, 10):
        details.append(texts.tr("Result due: {day}", day=wording.day(reply.return_date, texts)))
    if reply.counter is not None and reply.status_code in (1, 5, 6, 9):
        details.append(wording.counter_label(site, reply.counter, texts))
    updated = reply.updated_at.astimezone(local_time.tzinfo) if local_time.tzinfo else reply.updated_at
    details.append(
        texts.tr(
            "Last change: {day}, {time}", day=wording.day(updated.date(), texts), time=f"{updated:%H:%M}"
        )
    )
    details.append(texts.tr("Checked just now, {time}", time=f"{local_time:%H:%M}"))
    next_step = reply.next_step.in_language(language) if reply.next_step is not None else None
    return StatusLines(
        status_meaning(reply.status_code, texts),
        reply.status_label.in_language(language),
        next_step,
        tuple(details),
    )
