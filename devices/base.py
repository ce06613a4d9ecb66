"""What every device kind shares: a health, a reason, open and close.

A device problem is a status the screens can show and a technician can read,
never an exception escaping into the UI: adapters catch their library's
errors and turn them into ``DeviceStatus``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class Health(enum.Enum):
    OK = "ok"
    DEGRADED = "degraded"  # works, but someone should look (paper near end)
    OFFLINE = "offline"  # cannot do its job now


class DeviceRole(enum.Enum):
    """What a device is for at this kiosk; one device per role."""

    PRINTER = "printer"
    SCANNER = "scanner"
    ID_READER = "id_reader"
    MICROPHONE = "microphone"
    SPEAKER = "speaker"


class DeviceProblem(enum.Enum):
    """Why a device is not OK, in terms the citizen screens have words for."""

    NONE = "none"
    UNPLUGGED = "unplugged"
    PAPER_OUT = "paper_out"
    PAPER_LOW = "paper_low"
    COVER_OPEN = "cover_open"
    JAMMED = "jammed"
    NO_CARD = "no_card"
    ACCESS_DENIED = "access_denied"  # an ID chip refused the access number typed
    NOT_AUTHENTIC = "not_authentic"  # an ID chip's data failed verification against the state's signature
    FAULT = "fault"


@dataclass(frozen=True)
class DeviceStatus:
    health: Health
    problem: DeviceProblem = DeviceProblem.NONE
    detail: str = "ready"  # for the technician: what the device or library said

    @classmethod
    def ok(cls, detail: str = "ready") -> DeviceStatus:
        return cls(Health.OK, DeviceProblem.NONE, detail)


class Device(Protocol):
    name: str
    kind: str

    def open(self) -> None: ...
    def close(self) -> None: ...
    def status(self) -> DeviceStatus: ...


class DeviceError(Exception):
    """A job failed; the message is for the technician's log, the problem for the screens."""

    def __init__(self, problem: DeviceProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem
