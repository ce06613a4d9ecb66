"""QR and barcode scanners that are not keyboards: serial / USB-CDC, and a simulator.

A scanner's one job is to hand over what it read. Payloads arrive on a
reader thread and go to the listeners from there; the UI marshals them to its
own thread (listeners must not touch widgets). Keyboard-emulation scanners are
handled at the UI edge by ``ui.keyboard_wedge``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import serial

from devices.base import DeviceProblem, DeviceStatus, Health

log = logging.getLogger(__name__)
Listener = Callable[[str], None]
MAX_PAYLOAD = 4096


class Listeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def add(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def deliver(self, payload: str) -> None:
        for listener in list(self._listeners):
            listener(payload)


class PayloadScanner(Protocol):
    """Any scanner that hands over whole payloads (serial, HID-POS, simulated)."""

    name: str
    kind: str

    def on_scan(self, listener: Listener) -> None: ...
    def open(self) -> None: ...
    def close(self) -> None: ...
    def status(self) -> DeviceStatus: ...


class SerialScanner:
    """A scanner on a serial port or a pyserial URL (``/dev/ttyACM0``, ``loop://``), one payload a line."""

    kind = "scanner"

    def __init__(self, name: str, port: str, *, baudrate: int = 9600) -> None:
        self.name = name
        self._port_name = port
        self._baudrate = baudrate
        self._port: serial.SerialBase | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._listeners = Listeners()
        self._last_error = "not opened yet"

    def on_scan(self, listener: Listener) -> None:
        self._listeners.add(listener)

    @property
    def port(self) -> serial.SerialBase | None:
        """The open port (tests write to ``loop://`` through it)."""
        return self._port

    def open(self) -> None:
        if self._port is not None:
            return
        try:
            self._port = serial.serial_for_url(self._port_name, baudrate=self._baudrate, timeout=0.1)
        except (serial.SerialException, ValueError, OSError) as exc:
            error = f"cannot open {self._port_name}: {exc}"
            if error != self._last_error:  # polled every few seconds: say it once
                log.warning("scanner not available", extra={"scanner": self.name, "error": error})
            self._last_error = error
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_lines, name=f"scanner-{self.name}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._port is not None:
            self._port.close()
        self._port, self._thread = None, None

    def status(self) -> DeviceStatus:
        if self._thread is not None and not self._thread.is_alive():
            self.close()  # the reader died (unplugged): start again below
        self.open()
        if self._port is None:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, self._last_error)
        return DeviceStatus.ok(f"listening on {self._port_name}")

    def _read_lines(self) -> None:
        port = self._port
        buffer = b""
        while port is not None and not self._stop.is_set():
            try:
                chunk = port.read(256)
            except (serial.SerialException, OSError) as exc:
                self._last_error = f"lost {self._port_name}: {exc}"
                return
            buffer += chunk
            while True:
                ends = [i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0]
                if not ends:
                    break
                end = min(ends)
                line, buffer = buffer[:end], buffer[end + 1 :]
                if line.strip():
                    self._listeners.deliver(line.decode("utf-8", errors="replace"))
            if len(buffer) > MAX_PAYLOAD:
                buffer = b""  # a runaway device: drop it rather than grow forever


@dataclass
class SimulatedScanner:
    """For the demo and tests: ``feed`` a payload as if it had been scanned."""

    name: str = "simulated scanner"
    plugged: bool = True
    kind: str = "scanner"
    _listeners: Listeners = field(default_factory=Listeners)

    def on_scan(self, listener: Listener) -> None:
        self._listeners.add(listener)

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def status(self) -> DeviceStatus:
        if not self.plugged:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, "unplugged (simulated)")
        return DeviceStatus.ok()

    def feed(self, payload: str) -> None:
        if self.plugged:
            self._listeners.deliver(payload)
