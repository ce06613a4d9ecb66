"""Printers: the simulator's switches, python-escpos' File printer, and a real serial line over a pty.

The serial test runs python-escpos' own Serial printer against a pseudo-terminal
pair: the test plays the printer on the master side, answering DLE EOT
status requests with the bytes a real printer sends and collecting the print.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos.printer import File, Serial
from PIL import Image

from devices.base import DeviceError, DeviceProblem, Health
from devices.printer import EscposPrinter, SimulatedPrinter
from devices.receipt import PAPER_80, Line, Receipt, render

GS_V_0 = b"\x1dv0"
IDLE = 0x12


def ticket_image() -> Image.Image:
    return render(Receipt((Line("A-012", size=64, bold=True, align="center"),)), PAPER_80)


def test_simulator_records_real_escpos_bytes() -> None:
    printer = SimulatedPrinter()
    printer.open()
    printer.print_image(ticket_image())
    ((image, data),) = printer.printed
    assert image.width == 576
    assert GS_V_0 in data and b"\x1dV" in data[data.index(GS_V_0) :]


@pytest.mark.parametrize(
    ("switch", "problem"),
    [
        ("plugged", DeviceProblem.UNPLUGGED),
        ("paper_out", DeviceProblem.PAPER_OUT),
        ("cover_open", DeviceProblem.COVER_OPEN),
    ],
)
def test_a_failed_job_is_reported_failed(switch: str, problem: DeviceProblem) -> None:
    printer = SimulatedPrinter()
    setattr(printer, switch, switch != "plugged")
    assert printer.status().health is Health.OFFLINE and printer.status().problem is problem
    with pytest.raises(DeviceError) as failed:
        printer.print_image(ticket_image())
    assert failed.value.problem is problem and printer.printed == []


def test_unplug_and_replug_needs_no_restart() -> None:
    printer = SimulatedPrinter()
    printer.plugged = False
    assert printer.status().problem is DeviceProblem.UNPLUGGED
    printer.plugged = True
    assert printer.status().health is Health.OK
    printer.paper_low = True
    printer.print_image(ticket_image())
    assert printer.status().health is Health.DEGRADED and len(printer.printed) == 1


@pytest.mark.expect_logs("printer not available")
def test_file_printer_writes_the_raster_and_reconnects(tmp_path: Path) -> None:
    target = tmp_path / "spool" / "printer.bin"
    printer = EscposPrinter("file printer", lambda: File(devfile=str(target)), PAPER_80, reads_status=False)
    status = printer.status()
    assert status.health is Health.OFFLINE and status.problem is DeviceProblem.UNPLUGGED
    assert "cannot open" in status.detail
    target.parent.mkdir()  # the device appears: the next check finds it
    assert printer.status().health is Health.OK
    printer.print_image(ticket_image())
    printer.close()
    assert GS_V_0 in target.read_bytes()


class PtyPrinter:
    """Plays an ESC/POS printer on the master side of a pty."""

    def __init__(self, replies: dict[int, int]) -> None:
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        self._slave = slave
        self.replies = replies
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import select

        pending = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            pending += chunk
            while b"\x10\x04" in pending:
                at = pending.index(b"\x10\x04")
                if len(pending) < at + 3:
                    break
                n = pending[at + 2]
                if n in self.replies:
                    os.write(self.master, bytes([self.replies[n]]))
                pending = pending[at + 3 :]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter({1: IDLE, 2: IDLE, 3: IDLE, 4: IDLE})
    yield printer
    printer.close()


def serial_printer(path: str) -> EscposPrinter:
    return EscposPrinter(
        "serial printer",
        lambda: Serial(devfile=path, baudrate=9600, timeout=0.05, dsrdtr=False),
        PAPER_80,
        reads_status=True,
    )


def test_serial_status_and_print_over_a_real_pty(pty_printer: PtyPrinter) -> None:
    printer = serial_printer(pty_printer.path)
    assert printer.status().health is Health.OK
    for n in (1, 2, 3, 4):
        assert bytes([0x10, 0x04, n]) in pty_printer.received
    printer.print_image(ticket_image())
    deadline = time.monotonic() + 5
    while GS_V_0 not in pty_printer.received and time.monotonic() < deadline:
        time.sleep(0.01)
    printer.close()
    assert GS_V_0 in pty_printer.received


def test_serial_paper_out_refuses_the_job(pty_printer: PtyPrinter) -> None:
    pty_printer.replies[4] = IDLE | 0x60
    printer = serial_printer(pty_printer.path)
    status = printer.status()
    assert status.health is Health.OFFLINE and status.problem is DeviceProblem.PAPER_OUT
    received_before = len(pty_printer.received)
    with pytest.raises(DeviceError) as failed:
        printer.print_image(ticket_image())
    assert failed.value.problem is DeviceProblem.PAPER_OUT
    assert GS_V_0 not in pty_printer.received[received_before:]
    printer.close()
