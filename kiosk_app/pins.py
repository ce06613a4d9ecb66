"""Staff and technician PINs: scrypt hashes and a lock-out after wrong tries.

A hash is stored as ``scrypt$N$r$p$salt_b64$key_b64`` so the cost can be
raised later without breaking existing site files.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

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


def is_valid_hash(text: str) -> bool:
    match = HASH_PATTERN.match(text)
    if not match:
        return False
    n = int(match["n"])
    # scrypt needs N to be a power of two above 1.
    return n > 1 and n & (n - 1) == 0 and int(match["r"]) > 0 and int(match["p"]) > 0


def verify_pin(pin: str, stored: str) -> bool:
    match = HASH_PATTERN.match(stored)
    if not match or not is_valid_hash(stored):
        return False
    salt = base64.b64decode(match["salt"])
    expected = base64.b64decode(match["key"])
    key = hashlib.scrypt(
        pin.encode(),
        salt=salt,
        n=int(match["n"]),
        r=int(match["r"]),
        p=int(match["p"]),
        maxmem=2**27,
        dklen=len(expected),
    )
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


class PinGuard:
    """Checks PINs for the staff and technician areas and locks out guessing.

    One counter covers both PINs: a wrong PIN is a wrong PIN whichever area
    the person hoped for.
    """

    def __init__(
        self,
        hashes: dict[Role, str],
        *,
        max_attempts: int,
        lockout_s: float,
        clock: Callable[[], float],
    ) -> None:
        self._hashes = {role: h for role, h in hashes.items() if h}
        self._max_attempts = max_attempts
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def has_role(self, role: Role) -> bool:
        return role in self._hashes

    def check(self, pin: str) -> PinResult:
        remaining = self.locked_for()
        if remaining > 0:
            return PinResult(None, 0, remaining)
        for role, stored in self._hashes.items():
            if verify_pin(pin, stored):
                self._failures = 0
                return PinResult(role, self._max_attempts, 0.0)
        self._failures += 1
        if self._failures >= self._max_attempts:
            self._failures = 0
            self._locked_until = self._clock() + self._lockout_s
            return PinResult(None, 0, self._lockout_s)
        return PinResult(None, self._max_attempts - self._failures, 0.0)
