"""DLE EOT 1-4 real-time status bytes, decoded (the part python-escpos leaves out)."""

from __future__ import annotations

import pytest

from devices.base import DeviceProblem, Health
from devices.printer_status import REQUESTS, PrinterStatus, StatusError, decode

IDLE = 0x12  # fixed bits only: all clear


def test_requests_are_dle_eot_n() -> None:
    assert REQUESTS == {1: b"\x10\x04\x01", 2: b"\x10\x04\x02", 3: b"\x10\x04\x03", 4: b"\x10\x04\x04"}


def test_all_clear_is_ok() -> None:
    status = decode({1: IDLE, 2: IDLE, 3: IDLE, 4: IDLE})
    assert status == PrinterStatus() and status.health is Health.OK and status.reason == "ready"


@pytest.mark.parametrize(
    ("replies", "field", "health", "reason"),
    [
        ({1: IDLE | 0x08}, "online", Health.OFFLINE, "offline"),
        ({2: IDLE | 0x04}, "cover_open", Health.OFFLINE, "cover open"),
        ({2: IDLE | 0x20}, "stopped_at_paper_end", Health.OFFLINE, "paper out"),
        ({2: IDLE | 0x40}, "error", Health.OFFLINE, "error"),
        ({3: IDLE | 0x08}, "cutter_error", Health.OFFLINE, "cutter error"),
        (
            {3: IDLE | 0x20},
            "unrecoverable_error",
            Health.OFFLINE,
            "unrecoverable error: power-cycle the printer",
        ),
        (
            {3: IDLE | 0x40},
            "auto_recoverable_error",
            Health.OFFLINE,
            "recoverable error (e.g. print head too hot)",
        ),
        ({4: IDLE | 0x0C}, "paper_near_end", Health.DEGRADED, "paper near end"),
        ({4: IDLE | 0x60}, "paper_out", Health.OFFLINE, "paper out"),
        ({1: IDLE | 0x40}, "feed_button", Health.OK, "ready"),
    ],
)
def test_each_bit(replies: dict[int, int], field: str, health: Health, reason: str) -> None:
    status = decode(replies)
    flag = getattr(status, field)
    assert flag is (field != "online")  # online reads inverted: bit 3 set means offline
    assert status.health is health and status.reason == reason


def test_the_most_urgent_reason_wins() -> None:
    status = decode({2: IDLE | 0x04 | 0x20, 4: IDLE | 0x0C | 0x60})
    assert status.reason == "cover open" and status.paper_out and status.paper_near_end
    assert status.problem is DeviceProblem.COVER_OPEN
    assert decode({4: IDLE | 0x0C}).problem is DeviceProblem.PAPER_LOW
    assert decode({3: IDLE | 0x08}).problem is DeviceProblem.JAMMED


@pytest.mark.parametrize("byte", [0x00, 0xFF, 0x13, 0x92, 0x16 | 0x80, 300, -1])
def test_bytes_that_are_not_status_are_refused(byte: int) -> None:
    with pytest.raises(StatusError, match="not a real-time status byte"):
        decode({1: byte})


def test_every_valid_byte_decodes() -> None:
    for byte in range(256):
        if byte & 0x93 == 0x12:
            for n in (1, 2, 3, 4):
                assert isinstance(decode({n: byte}).health, Health)
