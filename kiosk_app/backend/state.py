"""Plain values about the sync: its periods, one round's report, and what screens may say about freshness."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncPeriods:
    licences_s: float = 300.0
    keys_s: float = 6 * 3600.0
    relay_s: float = 15.0
    heartbeat_s: float = 60.0
    page_size: int = 1000
    jitter: float = 0.2  # each wait is the period +/- this share


@dataclass(frozen=True)
class SyncReport:
    licences_upserted: int
    cursor: str | None
    outbox_sent: int
    outbox_pending: int
    keys: int
    errors: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "licences_upserted": self.licences_upserted,
            "cursor": self.cursor,
            "outbox_sent": self.outbox_sent,
            "outbox_pending": self.outbox_pending,
        }


@dataclass(frozen=True)
class Freshness:
    """What a screen may honestly say about the backend and its data."""

    online: bool | None  # None: not tried yet
    last_contact: float | None  # wall-clock time of the last answer
    licences_as_of: float | None  # when the replica was last complete
