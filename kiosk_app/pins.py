"""Staff and technician PINs: scrypt hashes and a lock-out after wrong tries.

A hash is stored as ``scrypt$N$r$p$salt_b64$key_b64`` so the cost can be
raised later without breaking existing site files.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

_DEFAULT_N = 2**14
_DEFAULT_R = 8
_DEFAULT_P = 1
_KEY_LEN = 32
HASH_PATTERN = re.compile(
    r"^scrypt\$(?P<n>\d+)\$(?P<r>\d+)\$(?P<p>\d+)\$(?P<salt>[A-Za-z0-9+/=]+)\$(?P<key>[A-Za-z0-9+/=]+)$"
)


def hash_pin(pin: str, *, n: int = _DEFAULT_N, r: int = _DEFAULT_R, p: int = _DEFAULT_P) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    import hashlib  # imported on use: a hash's format is checked on the way to the first paint

    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=_KEY_LEN)
    return "$".join(
        [
            "scrypt",
            str(n),
            str(r),
            str(p),
            base64.b64encode(salt).decode(),
            base64.b64encode(key).decode(),
        ]
    )


def _parts(text: str) -> tuple[int, int, int, bytes, bytes] | None:
    """The hash's cost, salt and key when it is one this kiosk can check, else None.

    Bounded so a hash from a site file can neither crash the check nor make it
    take minutes: scrypt needs N a power of two, and 128·N·r bytes of memory.
    """
    match = HASH_PATTERN.match(text)
    if not match or max(len(match["n"]), len(match["r"]), len(match["p"])) > 8:
        return None
    n, r, p = int(match["n"]), int(match["r"]), int(match["p"])
    if not (1 < n <= 2**20 and n & (n - 1) == 0 and 0 < r <= 16 and 0 < p <= 4 and n * r <= 2**20):
        return None
    try:
        salt = base64.b64decode(match["salt"], validate=True)
        key = base64.b64decode(match["key"], validate=True)
    except binascii.Error:
        return None
    if len(salt) < 8 or not 16 <= len(key) <= 64:
        return None
    return n, r, p, salt, key


def is_valid_hash(text: str) -> bool:
    return _parts(text) is not None


def verify_pin(pin: str, stored: str) -> bool:
    parts = _parts(stored)
    if parts is None:
        return False
    n, r, p, salt, expected = parts
    import hashlib

    key = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=2**28, dklen=len(expected))
    return hmac.compare_digest(key, expected)


class Role(enum.Enum):
    STAFF = "staff"
    TECHNICIAN = "technician"


@dataclass(frozen=True)
class PinResult:
    """What the PIN pad shows after a try."""

    role: Role | None
    attempts_left: int
    locked_for_s: float

    @property
    def accepted(self) -> bool:
        return self.role is not None


class LockoutMemory(Protocol):
    """Where the guard keeps its count across restarts (the kiosk's store)."""

    def pin_lockout(self) -> tuple[int, float]:
        """Wrong tries so far, and the wall-clock time a lock-out ends (0 when none)."""
        ...

    def save_pin_lockout(self, failures: int, locked_until: float) -> None: ...


class PinGuard:
    """Checks PINs for the staff and technician areas and locks out guessing.

    One counter covers both PINs: a wrong PIN is a wrong PIN whichever area
    the person hoped for. The count and a lock-out survive a restart (pulling
    the plug does not buy more guesses), and tries are checked one at a time,
    so taps from several threads cannot slip past the count.
    """

    def __init__(
        self,
        hashes: dict[Role, str],
        *,
        max_attempts: int,
        lockout_s: float,
        clock: Callable[[], float],
        memory: LockoutMemory | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._hashes = {role: h for role, h in hashes.items() if h}
        self._max_attempts = max_attempts
        self._lockout_s = lockout_s
        self._clock = clock
        self._wall_clock = wall_clock
        self._memory = memory
        self._lock = threading.Lock()
        self._failures = 0
        self._locked_until = 0.0
        if memory is not None:
            failures, locked_until = memory.pin_lockout()
            self._failures = max(0, min(failures, max_attempts - 1))
            # Never longer than one lock-out, whatever the wall clock did meanwhile.
            remaining = min(lockout_s, locked_until - wall_clock())
            if remaining > 0:
                self._locked_until = clock() + remaining

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def has_role(self, role: Role) -> bool:
        return role in self._hashes

    def check(self, pin: str) -> PinResult:
        with self._lock:
            return self._check(pin)

    def _check(self, pin: str) -> PinResult:
        remaining = self.locked_for()
        if remaining > 0:
            return PinResult(None, 0, remaining)
        for role, stored in self._hashes.items():
            if verify_pin(pin, stored):
                self._failures = 0
                self._remember()
                return PinResult(role, self._max_attempts, 0.0)
        self._failures += 1
        if self._failures >= self._max_attempts:
            self._failures = 0
            self._locked_until = self._clock() + self._lockout_s
            self._remember()
            return PinResult(None, 0, self._lockout_s)
        self._remember()
        return PinResult(None, self._max_attempts - self._failures, 0.0)

    def _remember(self) -> None:
        if self._memory is None:
            return
        remaining = self.locked_for()
        self._memory.save_pin_lockout(self._failures, self._wall_clock() + remaining if remaining else 0.0)
