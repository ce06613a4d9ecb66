"""QR scanners in USB HID Point-of-Sale mode, read with pyusb.

In HID-POS mode (usage page 0x8C) a scanner sends "scanned data reports"
instead of keystrokes, so Vietnamese letters in a citizen-ID QR arrive as the
UTF-8 bytes the code holds, and nothing can land in a text field. The common
layout (Honeywell, Zebra in HID-POS, Newland) is one interrupt report of up
to 64 bytes::

    [report id] [length n] [AIM symbology id, 3 bytes] [n data bytes] ... [last byte: 1 = more follows]

A long code comes in several reports; the last byte says whether another
follows. Offsets are in ``HidPosLayout`` so a scanner that differs is a
settings change, not a code change.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from devices.base import DeviceProblem, DeviceStatus, Health
from devices.scanner import MAX_PAYLOAD, Listener, Listeners

log = logging.getLogger(__name__)

SCANNED_DATA_REPORT_ID = 0x02


@dataclass(frozen=True)
class HidPosLayout:
    report_id: int = SCANNED_DATA_REPORT_ID
    length_offset: int = 1
    data_offset: int = 5  # after the report id, the length and the 3-byte symbology id
    more_flag_offset: int = -1  # the report's last byte


@dataclass(frozen=True)
class ReportPart:
    data: bytes
    more: bool


def decode_report(report: bytes, layout: HidPosLayout = HidPosLayout()) -> ReportPart | None:
    """One interrupt report -> its piece of the code, or None for any other report (status, empty)."""
    if len(report) <= layout.data_offset or report[0] != layout.report_id:
        return None
    length = report[layout.length_offset]
    data = report[layout.data_offset : layout.data_offset + length]
    if length == 0 or len(data) < length:
        return None  # a truncated report: drop it rather than guess
    has_flag = len(report) > layout.data_offset + length
    more = bool(report[layout.more_flag_offset] & 0x01) if has_flag else False
    return ReportPart(data, more)


class Assembler:
    """Joins the pieces of a long code; delivers whole payloads as text.

    The pieces of one code follow each other within milliseconds: a piece
    after a longer gap starts a new code, so half of one citizen's ID card
    (a scan cut off by an unplug) is never glued to the next person's slip.
    """

    def __init__(
        self,
        deliver: Callable[[str], None],
        layout: HidPosLayout = HidPosLayout(),
        *,
        max_gap_s: float = 0.3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._deliver = deliver
        self._layout = layout
        self._max_gap_s = max_gap_s
        self._clock = clock
        self._pending = b""
        self._last = 0.0

    def reset(self) -> None:
        self._pending = b""

    def feed(self, report: bytes) -> None:
        part = decode_report(report, self._layout)
        if part is None:
            return
        now = self._clock()
        if self._pending and now - self._last > self._max_gap_s:
            self._pending = b""
        self._last = now
        self._pending += part.data
        if len(self._pending) > MAX_PAYLOAD:
            self._pending = b""  # a runaway device: forget it rather than grow
            return
        if not part.more:
            text = self._pending.decode("utf-8", errors="replace").rstrip("\x00\r\n")
            self._pending = b""
            if text:
                self._deliver(text)


def _find_usb(vendor_id: int, product_id: int) -> Any:
    import usb.core

    return usb.core.find(idVendor=vendor_id, idProduct=product_id)


class HidPosScanner:
    """A HID-POS scanner found by vendor and product id; re-found after it is unplugged."""

    kind = "scanner"

    def __init__(
        self,
        name: str,
        vendor_id: int,
        product_id: int,
        *,
        layout: HidPosLayout = HidPosLayout(),
        find: Callable[[int, int], Any] = _find_usb,
        poll_ms: int = 200,
    ) -> None:
        self.name = name
        self._ids = (vendor_id, product_id)
        self._find = find
        self._poll_ms = poll_ms
        self._listeners = Listeners()
        self._assembler = Assembler(self._listeners.deliver, layout)
        self._device: Any = None
        self._endpoint: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.RLock()
        self._last_error = "not opened yet"

    def on_scan(self, listener: Listener) -> None:
        self._listeners.add(listener)

    def _wanted(self) -> str:
        return f"{self._ids[0]:04x}:{self._ids[1]:04x}"

    def open(self) -> None:
        with self._lock:
            self._open()

    def _open(self) -> None:
        if self._device is not None:
            return
        self._assembler.reset()
        try:
            device = self._find(*self._ids)
            if device is None:
                self._last_error = f"no USB device {self._wanted()} is plugged in"
                return
            interface = device.get_active_configuration()[(0, 0)] if _configured(device) else None
            if interface is None:
                device.set_configuration()
                interface = device.get_active_configuration()[(0, 0)]
            number = interface.bInterfaceNumber
            if device.is_kernel_driver_active(number):
                # usbhid holds HID devices; the kiosk reads the reports itself.
                device.detach_kernel_driver(number)
            endpoint = next(
                (e for e in interface if e.bEndpointAddress & 0x80 and e.bmAttributes & 0x03 == 0x03), None
            )
            if endpoint is None:
                self._last_error = f"USB device {self._wanted()} has no interrupt input: not in HID-POS mode?"
                return
        except Exception as exc:  # noqa: BLE001 - pyusb raises USBError, NotImplementedError, ValueError...
            error = f"cannot open USB device {self._wanted()}: {exc}"
            if error != self._last_error:  # polled every few seconds: say it once
                log.warning("scanner not available", extra={"scanner": self.name, "error": error})
            self._last_error = error
            return
        self._device, self._endpoint = device, endpoint
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_reports, name=f"scanner-{self.name}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._device is not None:
            try:
                import usb.util

                usb.util.dispose_resources(self._device)
            except Exception as exc:  # noqa: BLE001 - already gone
                log.debug("releasing the scanner failed", extra={"error": str(exc)})
        self._device, self._endpoint, self._thread = None, None, None
        self._assembler.reset()

    def status(self) -> DeviceStatus:
        # The health poll and the technician's check may ask at the same time:
        # one reader thread per device, never two feeding one assembler.
        with self._lock:
            if self._thread is not None and not self._thread.is_alive():
                self._close()  # the reader stopped (unplugged): look for the device again
            self._open()
            found = self._device is not None
        if not found:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, self._last_error)
        return DeviceStatus.ok(f"HID-POS scanner {self._wanted()} listening")

    def _read_reports(self) -> None:
        endpoint = self._endpoint
        while endpoint is not None and not self._stop.is_set():
            try:
                report = bytes(endpoint.read(endpoint.wMaxPacketSize, timeout=self._poll_ms))
            except Exception as exc:  # noqa: BLE001 - pyusb's errors carry errno, or are timeouts
                if getattr(exc, "errno", None) == errno.ETIMEDOUT or type(exc).__name__ == "USBTimeoutError":
                    continue  # nothing scanned in this poll
                self._last_error = f"lost USB device {self._wanted()}: {exc}"
                return
            self._assembler.feed(report)


def _configured(device: Any) -> bool:
    try:
        device.get_active_configuration()
    except Exception:  # noqa: BLE001 - pyusb raises USBError when the device is unconfigured
        return False
    return True
