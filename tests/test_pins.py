"""PIN hashing and the lock-out after repeated wrong PINs."""

from __future__ import annotations

import pytest

from kiosk_app.pins import PinGuard, Role, hash_pin, is_valid_hash, verify_pin
from tests.conftest import FakeClock

# Low cost keeps the tests fast; the format and the check are the same.
FAST = {"n": 2**4, "r": 1, "p": 1}


def test_hash_round_trip_and_salt() -> None:
    first, second = hash_pin("4321", **FAST), hash_pin("4321", **FAST)
    assert first != second  # salted
    assert is_valid_hash(first)
    assert verify_pin("4321", first)
    assert not verify_pin("4322", first)


@pytest.mark.parametrize("pin", ["123", "12a4", "", "1234567890123"])
def test_pins_are_4_to_12_digits(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits"):
        hash_pin(pin, **FAST)


@pytest.mark.parametrize(
    "stored",
    ["", "1234", "scrypt$3$1$1$AAAA$AAAA", "scrypt$16$0$1$AAAA$AAAA", "bcrypt$16$1$1$AAAA$AAAA"],
)
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert not is_valid_hash(stored)
    assert not verify_pin("1234", stored)


def make_guard(clock: FakeClock) -> PinGuard:
    return PinGuard(
        {Role.STAFF: hash_pin("1111", **FAST), Role.TECHNICIAN: hash_pin("2222", **FAST)},
        max_attempts=3,
        lockout_s=60,
        clock=clock,
    )


def test_each_pin_opens_its_own_area(clock: FakeClock) -> None:
    guard = make_guard(clock)
    assert guard.check("1111").role is Role.STAFF
    assert guard.check("2222").role is Role.TECHNICIAN
    assert guard.check("3333").role is None


def test_lock_out_after_max_attempts_then_release(clock: FakeClock) -> None:
    guard = make_guard(clock)
    assert guard.check("0000").attempts_left == 2
    assert guard.check("0000").attempts_left == 1
    locked = guard.check("0000")
    assert locked.locked_for_s == 60 and not locked.accepted
    # Even the right PIN is refused while locked.
    clock.advance(30)
    still = guard.check("1111")
    assert not still.accepted and still.locked_for_s == pytest.approx(30)
    clock.advance(31)
    assert guard.check("1111").role is Role.STAFF


def test_a_right_pin_resets_the_count(clock: FakeClock) -> None:
    guard = make_guard(clock)
    guard.check("0000")
    guard.check("0000")
    assert guard.check("1111").accepted
    assert guard.check("0000").attempts_left == 2


def test_empty_hash_disables_that_area(clock: FakeClock) -> None:
    guard = PinGuard(
        {Role.STAFF: "", Role.TECHNICIAN: hash_pin("2222", **FAST)}, max_attempts=3, lockout_s=60, clock=clock
    )
    assert not guard.has_role(Role.STAFF)
    assert guard.has_role(Role.TECHNICIAN)
    assert guard.check("").role is None
