"""The receipt printer: one small interface, a real adapter over python-escpos, and a simulator.

The job is "print this receipt image". The adapter opens the connection
explicitly, asks the printer for its real-time status where the connection
can read (USB, serial, network; not files or CUPS), refuses a job the
printer cannot do, and reports a failed job as failed: a queue ticket whose
print failed must not count as issued. A closed or unplugged printer is
retried on the next status check, so replugging needs no restart.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from devices.base import DeviceError, DeviceProblem, DeviceStatus, Health
from devices.printer_status import REQUESTS, StatusError, decode
from devices.receipt import Paper, paper_for_profile, send

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


class Printer(Protocol):
    name: str
    kind: str

    @property
    def paper(self) -> Paper: ...

    def open(self) -> None: ...
    def close(self) -> None: ...
    def status(self) -> DeviceStatus: ...
    def print_image(self, image: Image.Image) -> None: ...


def _from_printer_status(replies: dict[int, int]) -> DeviceStatus:
    decoded = decode(replies)
    return DeviceStatus(decoded.health, decoded.problem, decoded.reason)


class EscposPrinter:
    """Any python-escpos connection (Usb, Serial, Network, File, CupsPrinter), made by ``factory``."""

    kind = "printer"

    def __init__(self, name: str, factory: Callable[[], Any], paper: Paper, *, reads_status: bool) -> None:
        self.name = name
        self.paper = paper
        self._factory = factory
        self._reads_status = reads_status
        self._printer: Any = None
        self._last_error = "not opened yet"
        # The health poll and a print job run on different threads; one
        # connection must not interleave a status query with a raster.
        self._lock = threading.RLock()

    def open(self) -> None:
        with self._lock:
            if self._printer is not None:
                return
            try:
                printer = self._factory()
                printer.open()
            except Exception as exc:  # noqa: BLE001 - every library and OS error becomes a status
                error = " ".join(f"cannot open: {exc.__class__.__name__}: {exc}".split())
                if error != self._last_error:  # polled every few seconds: say it once
                    log.warning("printer not available", extra={"printer": self.name, "error": error})
                self._last_error = error
                return
            self._printer = printer

    def close(self) -> None:
        with self._lock:
            printer, self._printer = self._printer, None
        if printer is not None:
            # Closing a vanished device may fail; it is gone either way.
            with contextlib.suppress(Exception):
                printer.close()

    def status(self) -> DeviceStatus:
        with self._lock:
            return self._status()

    def _status(self) -> DeviceStatus:
        self.open()  # reconnects after an unplug
        if self._printer is None:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, self._last_error)
        if not self._reads_status:
            return DeviceStatus.ok("ready (this connection cannot report paper or cover)")
        replies: dict[int, int] = {}
        try:
            for n, request in REQUESTS.items():
                answer = self._printer.query_status(request)
                if answer:
                    replies[n] = answer[0]
            return _from_printer_status(replies) if replies else DeviceStatus.ok("ready (no status reply)")
        except StatusError as exc:
            return DeviceStatus(Health.DEGRADED, DeviceProblem.FAULT, str(exc))
        except Exception as exc:  # noqa: BLE001
            self._last_error = f"lost: {exc.__class__.__name__}: {exc}"
            self.close()
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, self._last_error)

    def print_image(self, image: Image.Image) -> None:
        with self._lock:
            self._print(image)

    def _print(self, image: Image.Image) -> None:
        current = self._status()
        if current.health is Health.OFFLINE:
            raise DeviceError(current.problem, f"{self.name}: {current.detail}")
        try:
            send(image, self._printer)
        except Exception as exc:
            self._last_error = f"print failed: {exc.__class__.__name__}: {exc}"
            self.close()
            raise DeviceError(DeviceProblem.UNPLUGGED, f"{self.name}: {self._last_error}") from exc


KEEP_PRINTED = 50


@dataclass
class SimulatedPrinter:
    """For the demo and tests: records what the real printer would receive, with switches for faults."""

    name: str = "simulated printer"
    profile: str = "TM-T20II"  # python-escpos profile: 80 mm, 576 dots
    plugged: bool = True
    paper_out: bool = False
    paper_low: bool = False
    cover_open: bool = False
    printed: list[tuple[Image.Image, bytes]] = field(default_factory=list)
    kind: str = "printer"
    opened: bool = False

    @property
    def paper(self) -> Paper:
        return paper_for_profile(self.profile)

    def open(self) -> None:
        self.opened = self.plugged

    def close(self) -> None:
        self.opened = False

    def status(self) -> DeviceStatus:
        if not self.plugged:
            self.opened = False
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, "unplugged (simulated)")
        self.opened = True
        if self.cover_open:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.COVER_OPEN, "cover open")
        if self.paper_out:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.PAPER_OUT, "paper out")
        if self.paper_low:
            return DeviceStatus(Health.DEGRADED, DeviceProblem.PAPER_LOW, "paper near end")
        return DeviceStatus.ok()

    def print_image(self, image: Image.Image) -> None:
        current = self.status()
        if current.health is Health.OFFLINE:
            raise DeviceError(current.problem, f"{self.name}: {current.detail}")
        # The bytes a real printer would get, from python-escpos itself. Imported
        # here: python-escpos takes ~0.4 s to import (it parses its printer
        # database), which a kiosk should not pay before its first screen.
        from escpos.printer import Dummy

        recorder = Dummy(profile=self.profile)
        send(image, recorder)
        self.printed.append((image, recorder.output))
        # A demo kiosk prints all day: keep the latest jobs (what tests and the preview read), not all.
        del self.printed[:-KEEP_PRINTED]
