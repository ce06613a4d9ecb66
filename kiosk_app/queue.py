"""Queue numbers a citizen can trust: numbered by the backend, or offline from this kiosk's own block.

Lessons from queue systems in use, each answered here:
- numbering by counting today's requests hands out duplicates: the backend
  numbers atomically per service and day; offline, the kiosk hands out only
  numbers the backend reserved for it (``queue_blocks``), used up in a
  transaction, so two kiosks never share a number;
- a double tap made two tickets: one request key per intent, and a second
  request with the same key returns the same ticket (the backend de-duplicates
  too);
- a ticket whose print failed still counted: a ticket counts only when it is
  handed over, printed or kept on screen by the citizen's choice; otherwise it
  is voided, and the backend is told so it can skip the number;
- queues were not cleared overnight: numbers and blocks belong to a day.

A service is a counter (``counter-<n>``): a procedure's script names its
counter, the site file names the counters.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from kiosk_app.backend.errors import BackendError, BackendRefused, BackendUnavailable
from kiosk_app.backend.service import BackendLink
from kiosk_app.session import CitizenSession
from kiosk_app.settings import Counter, QueueSettings, SiteSettings

log = logging.getLogger(__name__)

BOOKING_CODE_LENGTHS = range(11, 14)  # LH + YYMMDD + 3 to 5 digits
# A citizen waits for a number at most this long before the kiosk's reserve answers instead.
ONLINE_TICKET_DEADLINE_S = 4.0
TOP_UP_PERIOD_S = 120.0


class Lane(enum.Enum):
    STANDARD = "standard"
    PRIORITY = "priority"
    APPOINTMENT = "appointment"


class Handed(enum.Enum):
    PRINTED = "printed"
    ON_SCREEN = "on_screen"  # the printer could not print; the citizen keeps the number on screen


class Outcome(enum.Enum):
    ISSUED = "issued"
    NO_NUMBERS_LEFT = "no_numbers_left"  # offline and this kiosk's reserved numbers are used up
    UNAVAILABLE = "unavailable"  # no backend and nothing reserved
    NOT_FOUND = "not_found"  # no booking has this code
    WRONG_DAY = "wrong_day"  # the booking is for another day
    EXPIRED = "expired"  # the booking's time has passed
    BAD_CODE = "bad_code"  # not a booking code at all


@dataclass(frozen=True)
class QueueTicket:
    key: str
    number: int
    service: str
    lane: Lane
    day: date
    issued_at: datetime
    offline: bool
    counter: int | None = None
    people_ahead: int | None = None
    appointment_at: datetime | None = None

    @property
    def label(self) -> str:
        """As the counters' display calls it: three digits at least."""
        return f"{self.number:03d}"


@dataclass(frozen=True)
class TakeResult:
    outcome: Outcome
    ticket: QueueTicket | None = field(default=None)


def service_of(counter: int) -> str:
    return f"counter-{counter}"


def counter_of(service: str) -> int | None:
    number = service.removeprefix("counter-")
    return int(number) if number.isdigit() else None


def booking_code(text: str) -> str | None:
    cleaned = "".join(text.split()).upper()
    if cleaned.startswith("LH") and len(cleaned) in BOOKING_CODE_LENGTHS and cleaned[2:].isdigit():
        return cleaned
    return None


class QueueService:
    def __init__(
        self,
        link: BackendLink,
        session: CitizenSession,
        site: SiteSettings,
        settings: QueueSettings,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_handed: Callable[[QueueTicket, str], None] | None = None,
    ) -> None:
        self._link = link
        self._session = session
        self._site = site
        self._settings = settings
        self._today = today
        self._now = now
        self._on_handed = on_handed
        # The ticket being handed over: not personal (a number and a counter), kept here so that
        # a visit ending before it was handed over voids it rather than leaving a phantom.
        self._pending: QueueTicket | None = None
        session.ended.connect(lambda _visit: self._abandon())
        if settings.enabled:
            link.add_job("queue blocks", TOP_UP_PERIOD_S, self._top_up)

    # --- what a citizen can choose -------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._settings.enabled

    def services(self) -> list[Counter]:
        """The counters a citizen can queue for (the information counter is for questions, not numbers)."""
        return [c for c in self._site.counters if c.number != self._site.help_counter] or list(
            self._site.counters
        )

    @property
    def priority_groups(self) -> tuple[str, ...]:
        return self._settings.priority_groups

    @staticmethod
    def new_request() -> str:
        """One key per intent to take a number: the screen keeps it until the ticket is handed over."""
        return uuid.uuid4().hex

    @property
    def last_ticket(self) -> QueueTicket | None:
        """The ticket handed over in this visit (for a reprint)."""
        ticket = self._session.personal.last_ticket
        return ticket if isinstance(ticket, QueueTicket) else None

    # --- taking a number (blocking: background jobs) --------------------------------
    def take(self, service: str, lane: Lane, key: str) -> TakeResult:
        pending = self._pending
        if pending is not None and pending.key == key:
            return TakeResult(Outcome.ISSUED, pending)  # a second tap: the same ticket
        personal = self._session.personal
        if self._link.freshness().online is False:
            # The backend did not answer the last call: the reserve answers now (the background
            # jobs find out when the link is back). With nothing reserved, the backend is tried.
            result = self._offline(service, lane, key, quiet=True)
            if result.ticket is not None:
                return self._keep_pending(result.ticket, personal)
        try:
            reply = self._link.issue_ticket(key, service, lane.value, deadline_s=ONLINE_TICKET_DEADLINE_S)
            ticket = QueueTicket(
                key=key,
                number=reply.number,
                service=service,
                lane=lane,
                day=reply.day,
                issued_at=reply.issued_at,
                offline=False,
                counter=reply.counter or counter_of(service),
                people_ahead=reply.people_ahead,
            )
        except BackendUnavailable:
            # The backend may have numbered this request and only its answer was lost: tell it
            # (when the link is back) that the request's number, if any, is void.
            self._void_request(service, key)
            result = self._offline(service, lane, key)
            if result.ticket is None:
                return result
            ticket = result.ticket
        except BackendError as exc:
            log.error("the backend refused a ticket", extra={"error": type(exc).__name__})
            return TakeResult(Outcome.UNAVAILABLE)
        return self._keep_pending(ticket, personal)

    def _keep_pending(self, ticket: QueueTicket, personal: object) -> TakeResult:
        if self._session.personal is not personal:
            # The visit ended while the number came: hand nothing over, tell the backend.
            self._record(ticket, "void")
            return TakeResult(Outcome.UNAVAILABLE)
        self._pending = ticket
        return TakeResult(Outcome.ISSUED, ticket)

    def _void_request(self, service: str, key: str) -> None:
        data: dict[str, object] = {
            "service": service,
            "day": self._today().isoformat(),
            "request": key,
            "outcome": "void",
            "reason": "no_answer",
        }
        # Already voided for this request when a second tap comes during the same outage.
        with contextlib.suppress(sqlite3.IntegrityError):
            self._link.store.enqueue("ticket_void", data, at=self._now(), key=f"void-{key}")

    def _offline(self, service: str, lane: Lane, key: str, *, quiet: bool = False) -> TakeResult:
        day = self._today()
        number = self._link.store.take_reserved_number(service, day.isoformat())
        if number is None and quiet:
            return TakeResult(Outcome.UNAVAILABLE)
        if number is None:
            reserved = self._link.store.blocks_reserved(service, day.isoformat())
            log.warning("queue number wanted offline and none reserved is left", extra={"service": service})
            return TakeResult(Outcome.NO_NUMBERS_LEFT if reserved else Outcome.UNAVAILABLE)
        ticket = QueueTicket(
            key=key,
            number=number,
            service=service,
            lane=lane,
            day=day,
            issued_at=self._now(),
            offline=True,
            counter=counter_of(service),
        )
        return TakeResult(Outcome.ISSUED, ticket)

    def check_in(self, code_text: str, key: str) -> TakeResult:
        """A booked appointment: its ticket in the appointment lane (needs the backend)."""
        code = booking_code(code_text)
        if code is None:
            return TakeResult(Outcome.BAD_CODE)
        pending = self._pending
        if pending is not None and pending.key == key:
            return TakeResult(Outcome.ISSUED, pending)
        try:
            reply = self._link.check_in(key, code)
        except BackendUnavailable:
            return TakeResult(Outcome.UNAVAILABLE)
        except BackendRefused as exc:
            refusals = {404: Outcome.NOT_FOUND, 409: Outcome.WRONG_DAY, 410: Outcome.EXPIRED}
            return TakeResult(refusals.get(exc.status, Outcome.UNAVAILABLE))
        except BackendError:
            return TakeResult(Outcome.UNAVAILABLE)
        issued = reply.ticket
        ticket = QueueTicket(
            key=key,
            number=issued.number,
            service=issued.service,
            lane=Lane.APPOINTMENT,
            day=issued.day,
            issued_at=issued.issued_at,
            offline=False,
            counter=issued.counter or counter_of(issued.service),
            people_ahead=issued.people_ahead,
            appointment_at=reply.appointment_at,
        )
        self._pending = ticket
        return TakeResult(Outcome.ISSUED, ticket)

    # --- handing over ---------------------------------------------------------------
    def hand_over(self, ticket: QueueTicket, how: Handed) -> None:
        """The ticket printed, or the citizen keeps it on screen: now it counts (once)."""
        if how is Handed.ON_SCREEN:
            # For staff: a citizen holds a number the printer could not print.
            log.warning(
                "queue ticket kept on screen: the printer could not print it",
                extra={"service": ticket.service},
            )
        if self._record(ticket, how.value):
            self._session.personal.last_ticket = ticket
        if self._pending == ticket:
            self._pending = None

    def void(self, ticket: QueueTicket) -> None:
        """Taken but never handed over (the print failed and the citizen did not keep it)."""
        self._record(ticket, "void")
        if self._pending == ticket:
            self._pending = None

    @property
    def pending(self) -> QueueTicket | None:
        return self._pending

    def _abandon(self) -> None:
        """The visit ended with a number taken and not handed over: void it."""
        pending, self._pending = self._pending, None
        if pending is not None:
            log.info("a visit ended before its ticket was handed over; voided")
            self._record(pending, "void")

    def _record(self, ticket: QueueTicket, outcome: str) -> bool:
        recorded = self._link.store.record_ticket(
            key=ticket.key,
            service=ticket.service,
            day=ticket.day.isoformat(),
            number=ticket.number,
            lane=ticket.lane.value,
            offline=ticket.offline,
            outcome=outcome,
            at=self._now(),
        )
        if recorded:
            self._link.want_relay()
            if self._on_handed is not None:
                self._on_handed(ticket, outcome)
        return recorded

    # --- the reserve for offline ----------------------------------------------------
    async def _top_up(self, client: object) -> None:
        """Keep a block of numbers per service for today, reserved in advance (on the network loop)."""
        import asyncio

        from kiosk_app.backend.client import BackendClient

        assert isinstance(client, BackendClient)
        store = self._link.store
        day = self._today().isoformat()
        for counter in self.services():
            service = service_of(counter.number)
            left = await asyncio.to_thread(store.numbers_left, service, day)
            if left >= self._settings.offline_low_water:
                continue
            # A random key kept until the block is stored: a retry after a lost answer reserves
            # nothing twice, and a store rebuilt the same day never asks for a block it used.
            pending = f"queue.block_request.{service}.{day}"
            key = await asyncio.to_thread(store.state, pending)
            if key is None:
                key = f"block-{uuid.uuid4().hex}"
                await asyncio.to_thread(store.set_state, pending, key)
            block = await client.reserve_block(key, service, self._settings.offline_block_size)
            await asyncio.to_thread(store.set_state, pending, None)
            if block.day.isoformat() != day:
                continue
            await asyncio.to_thread(store.add_block, service, day, block.first, block.last, key)
            size = block.last - block.first + 1
            log.info("reserved queue numbers for offline use", extra={"service": service, "count": size})
