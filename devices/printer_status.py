"""Real-time printer status from ESC/POS ``DLE EOT n`` replies.

python-escpos sends ``DLE EOT 1`` and ``DLE EOT 4`` but does not decode the
offline cause (n=2) or the error cause (n=3). Each reply is one byte whose
bits 0, 1, 4 and 7 are fixed (0, 1, 1, 0); anything else is not a status byte.
Bit meanings follow the ESC/POS command reference (Epson TM series).
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.base import DeviceProblem, Health

DLE_EOT = b"\x10\x04"
REQUESTS = {n: DLE_EOT + bytes([n]) for n in (1, 2, 3, 4)}
FIXED_MASK, FIXED_VALUE = 0x93, 0x12


class StatusError(ValueError):
    """A reply that is not a real-time status byte (wrong printer, line noise)."""


@dataclass(frozen=True)
class PrinterStatus:
    online: bool = True
    feed_button: bool = False
    cover_open: bool = False
    stopped_at_paper_end: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    paper_near_end: bool = False
    paper_out: bool = False

    @property
    def health(self) -> Health:
        if not self.online or self.cover_open or self.paper_out or self.stopped_at_paper_end or self.error:
            return Health.OFFLINE
        if self.cutter_error or self.unrecoverable_error or self.auto_recoverable_error:
            return Health.OFFLINE
        if self.paper_near_end:
            return Health.DEGRADED
        return Health.OK

    @property
    def problem(self) -> DeviceProblem:
        if self.cover_open:
            return DeviceProblem.COVER_OPEN
        if self.paper_out or self.stopped_at_paper_end:
            return DeviceProblem.PAPER_OUT
        if self.cutter_error:
            return DeviceProblem.JAMMED
        if self.unrecoverable_error or self.auto_recoverable_error or self.error or not self.online:
            return DeviceProblem.FAULT
        return DeviceProblem.PAPER_LOW if self.paper_near_end else DeviceProblem.NONE

    @property
    def reason(self) -> str:
        """The most useful single reason, for a technician (citizens get plainer words)."""
        checks = [
            (self.cover_open, "cover open"),
            (self.paper_out or self.stopped_at_paper_end, "paper out"),
            (self.cutter_error, "cutter error"),
            (self.unrecoverable_error, "unrecoverable error: power-cycle the printer"),
            (self.auto_recoverable_error, "recoverable error (e.g. print head too hot)"),
            (self.error, "error"),
            (not self.online, "offline"),
            (self.paper_near_end, "paper near end"),
        ]
        return next((text for flag, text in checks if flag), "ready")


def _bit(byte: int, n: int) -> bool:
    return bool(byte >> n & 1)


def _check(byte: int) -> int:
    if not 0 <= byte <= 0xFF or byte & FIXED_MASK != FIXED_VALUE:
        raise StatusError(f"0x{byte:02x} is not a real-time status byte")
    return byte


def decode(replies: dict[int, int]) -> PrinterStatus:
    """Combine the replies to DLE EOT 1-4 (whichever were answered) into one status."""
    values: dict[str, bool] = {}
    if 1 in replies:
        byte = _check(replies[1])
        values.update(online=not _bit(byte, 3), feed_button=_bit(byte, 6))
    if 2 in replies:
        byte = _check(replies[2])
        values.update(
            cover_open=_bit(byte, 2),
            feed_button=values.get("feed_button", False) or _bit(byte, 3),
            stopped_at_paper_end=_bit(byte, 5),
            error=_bit(byte, 6),
        )
    if 3 in replies:
        byte = _check(replies[3])
        values.update(
            cutter_error=_bit(byte, 3),
            unrecoverable_error=_bit(byte, 5),
            auto_recoverable_error=_bit(byte, 6),
        )
    if 4 in replies:
        byte = _check(replies[4])
        # Two bits each, as printers report either or both sensors.
        values.update(paper_near_end=bool(byte & 0x0C), paper_out=bool(byte & 0x60))
    return PrinterStatus(**values)
