"""The citizen session: first touch, idle warning, more time, the end and the wipe."""

from __future__ import annotations

from datetime import date

import pytest

from devices.cccd import CitizenIdentity
from kiosk_app.session import (
    CitizenSession,
    EndReason,
    Preferences,
    SessionState,
    VisitSummary,
)
from tests.conftest import FakeClock

DEFAULTS = Preferences(language="vi", large_text=False, high_contrast=False, audio_guidance=False)


def make(clock: FakeClock) -> tuple[CitizenSession, list[VisitSummary]]:
    session = CitizenSession(idle_timeout_s=60, warning_s=25, defaults=DEFAULTS, clock=clock)
    ended: list[VisitSummary] = []
    session.ended.connect(ended.append)
    return session, ended


def test_warning_must_give_at_least_20_seconds(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="20 s"):
        CitizenSession(idle_timeout_s=60, warning_s=19, defaults=DEFAULTS, clock=clock)


def test_first_touch_starts_a_visit(clock: FakeClock) -> None:
    session, _ = make(clock)
    starts: list[None] = []
    session.started.connect(starts.append)
    session.touch()
    session.touch()
    assert session.state is SessionState.ACTIVE
    assert len(starts) == 1 and session.visits == 1


def test_activity_postpones_the_warning(clock: FakeClock) -> None:
    session, _ = make(clock)
    session.touch()
    clock.advance(59)
    session.touch()
    clock.advance(59)
    session.tick()
    assert session.state is SessionState.ACTIVE
    clock.advance(1)
    session.tick()
    assert session.state is SessionState.WARNING
    assert session.seconds_left() == 25


def test_more_time_can_be_asked_again_and_again(clock: FakeClock) -> None:
    session, ended = make(clock)
    session.touch()
    for _ in range(5):
        clock.advance(60)
        session.tick()
        assert session.state is SessionState.WARNING
        clock.advance(24)
        session.tick()
        session.extend()
        assert session.state is SessionState.ACTIVE
    assert ended == []


def test_a_stray_touch_does_not_dismiss_the_warning(clock: FakeClock) -> None:
    session, _ = make(clock)
    session.touch()
    clock.advance(60)
    session.tick()
    session.touch()
    assert session.state is SessionState.WARNING


def test_timeout_ends_the_visit_and_wipes_everything(clock: FakeClock) -> None:
    session, ended = make(clock)
    session.touch()
    session.set_preferences(Preferences("en", True, True, True))
    session.personal.identity = CitizenIdentity(
        "079090001234",
        "NGUYỄN VĂN AN",
        date(1990, 3, 15),
        "male",
        "12 Lê Lợi, Phường Sài Gòn",
        date(2021, 4, 20),
    )
    session.personal.entries["dossier_code"] = "H29.25-0001"
    clock.advance(60)
    session.tick()
    clock.advance(25)
    session.tick()
    assert session.state is SessionState.IDLE
    assert session.personal.is_empty()
    assert session.preferences == DEFAULTS
    assert ended == [VisitSummary(EndReason.TIMEOUT, 85, "en")]


def test_finish_ends_once(clock: FakeClock) -> None:
    session, ended = make(clock)
    session.touch()
    clock.advance(12)
    session.end(EndReason.FINISHED)
    session.end(EndReason.FINISHED)
    assert ended == [VisitSummary(EndReason.FINISHED, 12, "vi")]
    session.touch()
    assert session.visits == 2


def test_ticks_while_idle_do_nothing(clock: FakeClock) -> None:
    session, ended = make(clock)
    clock.advance(10_000)
    session.tick()
    assert session.state is SessionState.IDLE and ended == []
