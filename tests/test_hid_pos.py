"""HID-POS scanners: report decoding, and the adapter over a recording stand-in for a USB device.

No USB scanner is attached to CI machines, so the device below plays one: it
answers pyusb's calls the way a Honeywell scanner in HID-POS mode does and
records what the adapter asked of it.
"""

from __future__ import annotations

# ruff: noqa: N815 - the stand-ins use pyusb's descriptor names
import errno
import queue
import threading
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from devices.base import DeviceProblem, Health
from devices.hid_pos import Assembler, HidPosLayout, HidPosScanner, decode_report

CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Sài Gòn|20042021"


def reports_for(payload: bytes, size: int = 64) -> list[bytes]:
    """Split a code into 64-byte scanned-data reports as a scanner does."""
    room = size - 6  # report id, length, 3 symbology bytes, continuation flag
    chunks = [payload[i : i + room] for i in range(0, len(payload), room)] or [b""]
    out = []
    for index, chunk in enumerate(chunks):
        more = 1 if index < len(chunks) - 1 else 0
        body = bytes([0x02, len(chunk)]) + b"]Q1" + chunk
        out.append(body + bytes(size - 1 - len(body)) + bytes([more]))
    return out


def test_one_report_decodes_to_its_data() -> None:
    [report] = reports_for(b"H29.25-000123")
    part = decode_report(report)
    assert part is not None and part.data == b"H29.25-000123" and part.more is False


def test_other_reports_and_truncated_ones_are_ignored() -> None:
    assert decode_report(bytes([0x01, 5]) + b"abcdefgh") is None  # another report id
    assert decode_report(bytes([0x02, 40]) + b"]Q1short") is None  # says 40 bytes, has 5
    assert decode_report(b"\x02") is None
    assert decode_report(bytes([0x02, 0]) + b"]Q1" + bytes(59)) is None


def test_a_long_vietnamese_code_is_joined_from_several_reports() -> None:
    got: list[str] = []
    assembler = Assembler(got.append)
    reports = reports_for(CCCD.encode("utf-8"))
    assert len(reports) > 1
    for report in reports:
        assembler.feed(report)
    assert got == [CCCD]


def test_a_different_layout_is_a_setting() -> None:
    layout = HidPosLayout(report_id=0x04, length_offset=1, data_offset=2)
    got: list[str] = []
    Assembler(got.append, layout).feed(bytes([0x04, 5]) + b"HELLO" + bytes([0]))
    assert got == ["HELLO"]


@given(st.binary(max_size=400))
def test_any_payload_survives_the_round_trip(payload: bytes) -> None:
    got: list[str] = []
    assembler = Assembler(got.append)
    for report in reports_for(payload):
        assembler.feed(report)
    expected = payload.decode("utf-8", errors="replace").rstrip("\x00\r\n")
    assert got == ([expected] if expected else [])


class UsbTimeoutError(Exception):
    errno = errno.ETIMEDOUT


class UsbGoneError(Exception):
    errno = errno.ENODEV


class Endpoint:
    bEndpointAddress = 0x81
    bmAttributes = 0x03
    wMaxPacketSize = 64

    def __init__(self) -> None:
        self.reports: queue.Queue[bytes | Exception] = queue.Queue()

    def read(self, size: int, timeout: int) -> bytes:
        try:
            item = self.reports.get(timeout=timeout / 1000)
        except queue.Empty:
            raise UsbTimeoutError("Operation timed out") from None
        if isinstance(item, Exception):
            raise item
        return item


class Interface(list[Endpoint]):
    bInterfaceNumber = 0


class Device:
    def __init__(self) -> None:
        self.endpoint = Endpoint()
        self.calls: list[str] = []
        self.configured = False
        self.driver_attached = True

    def get_active_configuration(self) -> dict[tuple[int, int], Interface]:
        if not self.configured:
            raise RuntimeError("Configuration not set")
        return {(0, 0): Interface([self.endpoint])}

    def set_configuration(self) -> None:
        self.calls.append("set_configuration")
        self.configured = True

    def is_kernel_driver_active(self, number: int) -> bool:
        return self.driver_attached

    def detach_kernel_driver(self, number: int) -> None:
        self.calls.append(f"detach_kernel_driver({number})")
        self.driver_attached = False


class Bus:
    def __init__(self) -> None:
        self.device: Device | None = Device()
        self.asked: list[tuple[int, int]] = []

    def find(self, vid: int, pid: int) -> Any:
        self.asked.append((vid, pid))
        return self.device


def wait_for(got: list[str], count: int) -> None:
    done = threading.Event()
    for _ in range(200):
        if len(got) >= count:
            return
        done.wait(0.02)
    raise AssertionError(f"only {got} arrived")


def test_the_scanner_claims_the_device_and_delivers_codes() -> None:
    bus = Bus()
    scanner = HidPosScanner("hid", 0x0C2E, 0x0907, find=bus.find, poll_ms=20)
    got: list[str] = []
    scanner.on_scan(got.append)
    status = scanner.status()
    assert status.health is Health.OK and "0c2e:0907" in status.detail
    assert bus.asked == [(0x0C2E, 0x0907)]
    assert bus.device is not None
    assert bus.device.calls == ["set_configuration", "detach_kernel_driver(0)"]
    for report in reports_for(CCCD.encode("utf-8")) + reports_for(b"H29.25-000123"):
        bus.device.endpoint.reports.put(report)
    wait_for(got, 2)
    scanner.close()
    assert got == [CCCD, "H29.25-000123"]


def test_unplugged_then_plugged_again_is_found_without_a_restart() -> None:
    bus = Bus()
    scanner = HidPosScanner("hid", 0x0C2E, 0x0907, find=bus.find, poll_ms=20)
    got: list[str] = []
    scanner.on_scan(got.append)
    assert scanner.status().health is Health.OK
    old = bus.device
    assert old is not None
    bus.device = None  # pulled out: the read fails with ENODEV and the next look finds nothing
    old.endpoint.reports.put(UsbGoneError("No such device"))
    for _ in range(100):
        status = scanner.status()
        if status.health is Health.OFFLINE:
            break
        threading.Event().wait(0.02)
    assert status.problem is DeviceProblem.UNPLUGGED and "no USB device 0c2e:0907" in status.detail
    bus.device = Device()  # plugged back in
    assert scanner.status().health is Health.OK
    bus.device.endpoint.reports.put(reports_for(b"H29.25-000124")[0])
    wait_for(got, 1)
    scanner.close()
    assert got == ["H29.25-000124"]


def test_a_device_without_an_interrupt_input_is_reported() -> None:
    bus = Bus()
    assert bus.device is not None
    bus.device.endpoint.bmAttributes = 0x02  # bulk: a scanner in another mode
    status = HidPosScanner("hid", 1, 2, find=bus.find).status()
    assert status.health is Health.OFFLINE and "HID-POS mode" in status.detail


def test_half_a_code_is_never_glued_to_the_next_one() -> None:
    now = [0.0]
    got: list[str] = []
    assembler = Assembler(got.append, clock=lambda: now[0])
    first, *_ = reports_for(CCCD.encode("utf-8"))  # a scan cut off after its first report
    assembler.feed(first)
    now[0] += 5.0  # the next citizen, seconds later
    assembler.feed(reports_for(b"H29.25-000123")[0])
    assert got == ["H29.25-000123"]
    assembler.feed(first)
    assembler.reset()  # the device was closed and opened again
    assembler.feed(reports_for(b"H29.25-000124")[0])
    assert got == ["H29.25-000123", "H29.25-000124"]


def test_concurrent_status_checks_start_one_reader() -> None:
    bus = Bus()
    scanner = HidPosScanner("hid", 1, 2, find=bus.find, poll_ms=20)
    checks = [threading.Thread(target=scanner.status) for _ in range(8)]
    for check in checks:
        check.start()
    for check in checks:
        check.join()
    readers = [t for t in threading.enumerate() if t.name == "scanner-hid"]
    scanner.close()
    assert len(readers) == 1 and bus.asked == [(1, 2)]
