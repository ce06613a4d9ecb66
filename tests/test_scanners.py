"""Serial scanners on pyserial's loop://, the simulator, and what each scanned code is."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from devices.base import DeviceProblem, Health
from devices.scanner import SerialScanner, SimulatedScanner
from kiosk_app.scans import ScanKind, classify

TODAY = date(2026, 11, 29)
CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé|20042021"


def collect(scanner: SerialScanner | SimulatedScanner, count: int) -> tuple[list[str], threading.Event]:
    got: list[str] = []
    done = threading.Event()

    def listener(payload: str) -> None:
        got.append(payload)
        if len(got) >= count:
            done.set()

    scanner.on_scan(listener)
    return got, done


def test_scanner_reads_one_payload_a_line() -> None:
    scanner = SerialScanner("loop scanner", "loop://")
    got, done = collect(scanner, 3)
    assert scanner.status().health is Health.OK
    port = scanner.port
    assert port is not None
    port.write(CCCD.encode("utf-8") + b"\r\n")
    port.write(b"000.00.29.H29-251201-0007\r")
    port.write(b"https://dichvucong.gov.vn/p?ma=38.98.H29-210519-0013\n")
    assert done.wait(5)
    scanner.close()
    assert got == [CCCD, "000.00.29.H29-251201-0007", "https://dichvucong.gov.vn/p?ma=38.98.H29-210519-0013"]


@pytest.mark.expect_logs("scanner not available")
def test_a_missing_port_is_a_status_not_a_crash() -> None:
    scanner = SerialScanner("absent", "/dev/ttyNOSUCH0")
    status = scanner.status()
    assert status.health is Health.OFFLINE and status.problem is DeviceProblem.UNPLUGGED
    assert "/dev/ttyNOSUCH0" in status.detail


def test_simulator_feeds_and_unplugs() -> None:
    scanner = SimulatedScanner()
    got, _ = collect(scanner, 1)
    scanner.feed("000.00.29.H29-251201-0007")
    scanner.plugged = False
    scanner.feed("lost")
    assert got == ["000.00.29.H29-251201-0007"] and scanner.status().problem is DeviceProblem.UNPLUGGED


@pytest.mark.parametrize(
    ("payload", "kind", "value"),
    [
        ("000.00.29.H29-251201-0007", ScanKind.DOSSIER, "000.00.29.H29-251201-0007"),
        # HIBC-wrapped, as some one-stop systems print slips; a wrong check character is no code.
        ("+000.00.29.H29-251201-0007N", ScanKind.DOSSIER, "000.00.29.H29-251201-0007"),
        ("+000.00.29.H29-251201-0007M", ScanKind.UNKNOWN, ""),
        ("H29.25-000123", ScanKind.UNKNOWN, ""),  # no receipt date and sequence: not a dossier code
        ("000.00.19.h29-251129-0001\r\n", ScanKind.DOSSIER, "000.00.19.H29-251129-0001"),
        (
            "https://dichvucong.gov.vn/p/home/tra-cuu.html?maHoSo=38.98.H29-210519-0013",
            ScanKind.DOSSIER,
            "38.98.H29-210519-0013",
        ),
        ("https://motcua.hochiminhcity.gov.vn/giay-phep/xac-thuc?id=ab12", ScanKind.LICENCE, None),
        ("GPDT:eyJhbGciOi...", ScanKind.LICENCE, None),
        ("GPDT1:NCFOXN%TSMAHO", ScanKind.LICENCE, "GPDT1:NCFOXN%TSMAHO"),
        ("gpdt1:ncfoxn", ScanKind.LICENCE, None),
        # A slip's lookup URL with an opaque id instead of the code: the id, for the second factor.
        (
            "https://dichvucong.hochiminhcity.gov.vn/tra-cuu-ho-so?ref=5f0c2a9d41b7e83c6a1d2f90",
            ScanKind.DOSSIER_SLIP,
            "5f0c2a9d41b7e83c6a1d2f90",
        ),
        ("https://motcua.example.vn/tra-cuu?id=short", ScanKind.URL, None),  # too short to be an id
        # An appointment booked online: bare, or in the booking page's URL.
        ("LH261202015", ScanKind.BOOKING, "LH261202015"),
        ("lh2612020015\r\n", ScanKind.BOOKING, "LH2612020015"),
        (
            "https://dichvucong.hochiminhcity.gov.vn/dat-lich/xac-nhan?code=LH261202015",
            ScanKind.BOOKING,
            "LH261202015",
        ),
        ("https://www.example.org/news", ScanKind.URL, "https://www.example.org/news"),
        ("HELLO", ScanKind.UNKNOWN, ""),
        ("079090001234|broken|card", ScanKind.UNKNOWN, ""),
        ("", ScanKind.UNKNOWN, ""),
        ("javascript:alert(1)", ScanKind.UNKNOWN, ""),
    ],
)
def test_classification(payload: str, kind: ScanKind, value: str | None) -> None:
    scan = classify(payload, today=TODAY)
    assert scan.kind is kind
    if value is not None:
        assert scan.value == value


def test_a_citizen_id_scan_carries_the_identity() -> None:
    scan = classify(CCCD + "\r\n", today=TODAY)
    assert scan.kind is ScanKind.CITIZEN_ID and scan.identity is not None
    assert scan.identity.full_name == "NGUYỄN VĂN AN" and scan.value == ""
