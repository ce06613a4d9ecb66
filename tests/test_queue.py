"""Queue numbers against the real simulator: numbered by the backend, offline from a reserved block, never twice."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_app.backend.errors import BackendUnavailable
from kiosk_app.backend.service import BackendLink
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.queue import Handed, Lane, Outcome, QueueService, booking_code
from kiosk_app.run_mode import RunMode
from kiosk_app.session import EndReason
from kiosk_app.settings import Settings
from tests.conftest import FakeClock

SERVICE = "counter-2"
VIETNAM = timezone(timedelta(hours=7))


@pytest.fixture
def kiosk(backend_settings: Settings, clock: FakeClock) -> Iterator[KioskServices]:
    services = build_services(backend_settings, RunMode.DEMO, clock=clock, configure_logging=False)
    services.session.touch()
    yield services
    services.close()


def top_up(services: KioskServices) -> None:
    """The background job's work, done now."""
    link = services.backend
    client, _ = link._built()
    link.network.run(services.queue._top_up(client))


def events(sim: RunningSimulator, kind: str) -> list[str]:
    db = sqlite3.connect(sim.data_dir / "backend.sqlite3")
    try:
        return [str(r[0]) for r in db.execute("SELECT data FROM events WHERE kind = ?", (kind,))]
    finally:
        db.close()


def test_a_number_online_counts_once_it_is_handed_over(
    kiosk: KioskServices, backend_sim: RunningSimulator
) -> None:
    queue = kiosk.queue
    key = queue.new_request()
    first = queue.take(SERVICE, Lane.STANDARD, key)
    assert first.outcome is Outcome.ISSUED and first.ticket is not None
    ticket = first.ticket
    assert not ticket.offline and ticket.counter == 2 and ticket.people_ahead is not None
    # A double tap: the same key gives the same ticket, nothing new is numbered.
    again = queue.take(SERVICE, Lane.STANDARD, key)
    assert again.ticket == ticket
    assert queue.last_ticket is None  # not handed over yet: it does not count
    queue.hand_over(ticket, Handed.PRINTED)
    queue.hand_over(ticket, Handed.PRINTED)  # a second confirmation counts nothing more
    assert queue.last_ticket == ticket
    kiosk.backend.sync_once()
    issued = [e for e in events(backend_sim, "ticket_issued") if f'"number": {ticket.number},' in e]
    assert len([e for e in issued if SERVICE in e and "printed" in e]) == 1
    assert kiosk.backend.store.tickets(ticket.day.isoformat()) == [(SERVICE, "standard", "printed", 1)]


def test_a_failed_print_leaves_no_phantom_ticket(kiosk: KioskServices, backend_sim: RunningSimulator) -> None:
    queue = kiosk.queue
    taken = queue.take(SERVICE, Lane.PRIORITY, queue.new_request())
    assert taken.ticket is not None
    queue.void(taken.ticket)
    assert queue.last_ticket is None
    assert kiosk.backend.store.tickets(taken.ticket.day.isoformat()) == [(SERVICE, "priority", "void", 1)]
    kiosk.backend.sync_once()
    assert any(f'"number": {taken.ticket.number},' in e for e in events(backend_sim, "ticket_void"))


@pytest.mark.expect_logs("none reserved is left", "kept on screen")
def test_offline_numbers_come_from_the_reserved_block_then_run_out(
    kiosk: KioskServices, sim_faults: Callable[..., dict[str, object]], backend_sim: RunningSimulator
) -> None:
    queue = kiosk.queue
    top_up(kiosk)
    store = kiosk.backend.store
    today = date.today().isoformat()
    size = kiosk.settings.queue.offline_block_size
    assert store.numbers_left(SERVICE, today) == size
    sim_faults(**{"5xx": 1.0})
    numbers = []
    for _ in range(size):
        result = queue.take(SERVICE, Lane.STANDARD, queue.new_request())
        assert result.outcome is Outcome.ISSUED and result.ticket is not None and result.ticket.offline
        numbers.append(result.ticket.number)
        queue.hand_over(result.ticket, Handed.ON_SCREEN)
    assert len(set(numbers)) == size
    used_up = queue.take(SERVICE, Lane.STANDARD, queue.new_request())
    assert used_up.outcome is Outcome.NO_NUMBERS_LEFT
    # Back online: the offline tickets are reported, once each, and the request the backend may
    # have numbered before its answer was lost is voided.
    sim_faults()
    report = kiosk.backend.sync_once()
    assert report.outbox_pending == 0 and report.outbox_sent >= size
    assert any('"reason": "no_answer"' in e for e in events(backend_sim, "ticket_void"))


@pytest.mark.expect_logs("none reserved is left")
def test_no_backend_and_nothing_reserved_sends_to_the_counter(services: KioskServices) -> None:
    services.session.touch()
    result = services.queue.take(SERVICE, Lane.STANDARD, services.queue.new_request())
    assert result.outcome is Outcome.UNAVAILABLE and result.ticket is None


def test_a_ticket_taken_as_the_visit_ends_is_voided(kiosk: KioskServices) -> None:
    queue = kiosk.queue
    result = queue.take(SERVICE, Lane.STANDARD, queue.new_request())
    assert result.ticket is not None
    kiosk.session.end(EndReason.TIMEOUT)
    assert queue.pending is None and queue.last_ticket is None
    assert kiosk.backend.store.tickets(result.ticket.day.isoformat()) == [(SERVICE, "standard", "void", 1)]


@pytest.mark.parametrize(
    ("offset_days", "number", "outcome"),
    [(1, 5, Outcome.WRONG_DAY), (-1, 5, Outcome.EXPIRED), (0, 99, Outcome.NOT_FOUND)],
)
def test_a_booking_for_another_day_or_gone_gets_a_clear_answer(
    kiosk: KioskServices, offset_days: int, number: int, outcome: Outcome
) -> None:
    day = datetime.now(VIETNAM).date() + timedelta(days=offset_days)
    code = f"LH{day:%y%m%d}{number:03d}"
    assert kiosk.queue.check_in(code, kiosk.queue.new_request()).outcome is outcome


def test_a_booking_for_later_today_checks_in_to_the_appointment_lane(kiosk: KioskServices) -> None:
    # The simulator's bookings are at 00:00 + 15 min x n, Vietnam time: take the next slot.
    now = datetime.now(VIETNAM)
    slot = min(96, (now.hour * 60 + now.minute) // 15 + 1)
    code = f"LH{now:%y%m%d}{slot:03d}"
    result = kiosk.queue.check_in(code, kiosk.queue.new_request())
    assert result.outcome is Outcome.ISSUED and result.ticket is not None
    assert result.ticket.lane is Lane.APPOINTMENT and result.ticket.appointment_at is not None
    assert result.ticket.counter == 2 + slot % 4


@pytest.mark.parametrize("text", ["LH261202005", " lh 261202 0005 ", "LH2612020005"])
def test_booking_codes_are_read_leniently(text: str) -> None:
    assert booking_code(text) is not None


@pytest.mark.parametrize("text", ["LH26", "XX261202005", "LH26120200A"])
def test_what_is_not_a_booking_code(text: str) -> None:
    assert booking_code(text) is None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from("AB"), st.booleans()), min_size=4, max_size=24))
def test_two_kiosks_never_hand_out_the_same_number(
    steps: list[tuple[str, bool]],
    backend_settings: Settings,
    backend_sim: RunningSimulator,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Interleaved takes from two kiosks on one backend, each online or offline at every step."""
    service = f"counter-{3 + len(steps) % 3}"
    kiosks: dict[str, tuple[BackendLink, QueueService, KioskServices]] = {}
    try:
        for name, kiosk_id in (("A", "kiosk-01"), ("B", "demo")):
            folder = tmp_path_factory.mktemp(f"kiosk{name}")
            settings_ = dataclasses.replace(
                backend_settings,
                site=dataclasses.replace(backend_settings.site, kiosk_id=kiosk_id),
                storage=dataclasses.replace(backend_settings.storage, data_dir=str(folder)),
                backend=dataclasses.replace(
                    backend_settings.backend, token_file=str(backend_sim.token_file(kiosk_id))
                ),
                queue=dataclasses.replace(backend_settings.queue, offline_block_size=5),
            )
            services = build_services(settings_, RunMode.DEMO, configure_logging=False)
            services.session.touch()
            kiosks[name] = (services.backend, services.queue, services)
            top_up(services)
        handed: list[int] = []
        for name, offline in steps:
            link, queue, services = kiosks[name]
            if offline:
                number = link.store.take_reserved_number(service, date.today().isoformat())
                if number is not None:
                    handed.append(number)
            else:
                result = queue.take(service, Lane.STANDARD, queue.new_request())
                assert result.ticket is not None and not result.ticket.offline
                handed.append(result.ticket.number)
        assert len(handed) == len(set(handed)), sorted(handed)
    finally:
        for _, _, services in kiosks.values():
            services.close()


def test_after_a_failed_call_with_nothing_reserved_the_backend_is_tried(
    kiosk: KioskServices, sim_faults: Callable[..., dict[str, object]]
) -> None:
    sim_faults(**{"5xx": 1.0})
    with pytest.raises(BackendUnavailable):
        kiosk.backend.dossier_status("000.00.29.H29-251201-0007", owner_id="079090001234")
    assert kiosk.backend.freshness().online is False
    sim_faults()  # the backend is back; the kiosk has not noticed yet and has no reserve
    result = kiosk.queue.take(SERVICE, Lane.STANDARD, kiosk.queue.new_request())
    assert result.outcome is Outcome.ISSUED and result.ticket is not None and not result.ticket.offline
    assert kiosk.backend.freshness().online is True
