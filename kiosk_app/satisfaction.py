"""Satisfaction ratings: the public services' three levels, optional reasons, anonymous, through the outbox.

A rating carries the level, the reasons tapped, the kiosk and the hour: no
identity, no answers, no procedure, nothing that could name a citizen.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from kiosk_app.backend.service import BackendLink

log = logging.getLogger(__name__)

REASONS = ("quick", "staff_helpful", "kiosk_easy", "waited_long", "unclear", "kiosk_hard")


class Level(enum.Enum):
    VERY_SATISFIED = "very_satisfied"  # Rất hài lòng
    SATISFIED = "satisfied"  # Hài lòng
    NOT_SATISFIED = "not_satisfied"  # Không hài lòng


class SatisfactionService:
    def __init__(
        self,
        link: BackendLink,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_rated: Callable[[Level], None] | None = None,
    ) -> None:
        self._link = link
        self._now = now
        self._on_rated = on_rated

    def rate(self, level: Level, reasons: Sequence[str] = ()) -> None:
        known = [reason for reason in reasons if reason in REASONS]
        # To the hour: enough for the ward's statistics, too coarse to match a person's visit.
        at = self._now().replace(minute=0, second=0, microsecond=0)
        self._link.store.enqueue("rating", {"level": level.value, "reasons": known}, at=at)
        self._link.want_relay()
        if self._on_rated is not None:
            self._on_rated(level)
        log.info("visit rated", extra={"level": level.value})
