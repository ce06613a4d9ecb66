"""PIN hashing and the lock-out after repeated wrong PINs."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kiosk_app import pins
from kiosk_app.pins import PinGuard, PinResult, Role, hash_pin, is_valid_hash, verify_pin
from kiosk_app.store import Store
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


# --- what a probe found: a leaky error, a lock-out a restart undid, a race -----------------------


@pytest.mark.parametrize(
    "stored",
    [
        "scrypt$1099511627776$8$1$c2FsdHNhbHQ=$" + "A" * 44,  # N = 2**40: hours and terabytes
        "scrypt$16$1$1$not base64!$" + "A" * 44,
        "scrypt$16$1$1$c2FsdA=$" + "A" * 44,  # bad padding
        "scrypt$16$1$1$c2FsdHNhbHQ=$QUFB",  # a 3-byte key
        "scrypt$16$99999999999$1$c2FsdHNhbHQ=$" + "A" * 44,
    ],
)
def test_hashes_no_kiosk_can_check_are_invalid_and_never_raise(stored: str) -> None:
    assert not is_valid_hash(stored)
    assert not verify_pin("1234", stored)


def test_a_broken_pin_hash_is_never_echoed(tmp_path: Path) -> None:
    real = hash_pin("2468", **FAST)
    broken = real[:-6] + "!!!!!!"
    site = tmp_path / "site.yaml"
    site.write_text(f'security:\n  staff_pin_hash: "{broken}"\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "config", "check", str(site)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "security.staff_pin_hash = (hidden)" in result.stdout + result.stderr
    salt = real.split("$")[4]
    assert salt not in result.stdout + result.stderr
    assert real.split("$")[5][:8] not in result.stdout + result.stderr


def test_a_lock_out_survives_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    wall = FakeClock(1_800_000_000.0)
    store = Store.open(tmp_path / "kiosk.sqlite3")
    hashes = {Role.STAFF: hash_pin("2468", **FAST)}

    def guard() -> PinGuard:
        return PinGuard(hashes, max_attempts=3, lockout_s=60, clock=clock, memory=store, wall_clock=wall)

    first = guard()
    first.check("0000")
    first.check("0000")
    # A restart between tries keeps the count: one more wrong PIN locks.
    second = guard()
    assert second.check("0000").locked_for_s == 60
    store.close()
    # A restart during the lock-out keeps it, for the time left.
    wall.advance(20)
    store = Store.open(tmp_path / "kiosk.sqlite3")
    third = guard()
    assert third.locked_for() == pytest.approx(40)
    assert not third.check("2468").accepted
    # A wall clock set far ahead or back never makes it longer than one lock-out.
    wall.advance(-10_000)
    assert guard().locked_for() <= 60
    store.close()


def test_simultaneous_wrong_pins_are_counted_one_at_a_time(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = PinGuard({Role.STAFF: hash_pin("2468", **FAST)}, max_attempts=3, lockout_s=60, clock=clock)
    checked = 0
    real_verify = pins.verify_pin

    def slow_verify(pin: str, stored: str) -> bool:
        nonlocal checked
        checked += 1
        time.sleep(0.01)  # widen the window a race needs
        return real_verify(pin, stored)

    monkeypatch.setattr(pins, "verify_pin", slow_verify)
    start = threading.Barrier(20)

    def attempt() -> PinResult:
        start.wait()
        return guard.check("0000")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: attempt(), range(20)))
    assert checked == 3
    assert sum(1 for r in results if r.locked_for_s > 0) == 18
