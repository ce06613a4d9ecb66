"""Reading the ID card's chip: card on the reader to a verified identity on screen, and the crypto alone.

Two figures, each against a baseline measured in the same run:

- **on screen**: the "Read your ID card" screen with six digits typed, the
  citizen taps "Read my card"; the clock stops when the consent screen has
  painted the name. The read runs off the GUI thread against the demo's
  software card (the real protocol over the same transport interface a PC/SC
  reader has). Baseline: the same identity arriving as a scanned CCCD QR code,
  routed to the same consent screen.
- **protocol**: ``read_identity`` against the software card, split into the
  kiosk's side and the card's side (time spent inside the card's
  ``transmit``: a real chip does that part itself, in about a second over the
  air). Baseline: parsing the CCCD QR payload, the identity path with no
  cryptography at all.

The GUI thread's longest stall during a chip read is reported too: the read
must never block it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from bench.common import demo_kiosk, percentile, save
from bench.screen_switch import PaintWatch
from devices.cccd import parse_cccd
from devices.emrtd.issuing import SampleIssuer, software_card
from devices.emrtd.reader import read_identity
from devices.id_reader import SimulatedIdReader, holder_of
from kiosk_app.demo_panel import SAMPLE_ID
from kiosk_app.destinations import IdCard
from ui.screens.base import ScreenId
from ui.screens.id_card import IdCardScreen
from ui.screens.id_consent import IdConsentScreen
from ui.start import create_application

TODAY = time.strftime("%Y-%m-%d")


class TimedCard:
    """The software card, with the time spent on the card's side counted."""

    def __init__(self, card: Any) -> None:
        self.card, self.seconds = card, 0.0

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        started = time.perf_counter()
        try:
            return self.card.transmit(apdu)  # type: ignore[no-any-return]
        finally:
            self.seconds += time.perf_counter() - started


def protocol(samples: int) -> dict[str, Any]:
    from datetime import date

    identity = parse_cccd(SAMPLE_ID, today=date.today())
    issuer = SampleIssuer.generate("Bench CSCA")
    holder = holder_of(identity)
    total, card_side, kiosk_side, qr = [], [], [], []
    commands = 0
    for _ in range(samples):
        card = TimedCard(software_card(holder, issuer))
        started = time.perf_counter()
        result = read_identity(card, identity.id_number[-6:], [issuer.csca])
        elapsed = time.perf_counter() - started
        assert result.identity.verified
        commands = result.commands
        total.append(elapsed * 1000)
        card_side.append(card.seconds * 1000)
        kiosk_side.append((elapsed - card.seconds) * 1000)
        started = time.perf_counter()
        parse_cccd(SAMPLE_ID, today=date.today())
        qr.append((time.perf_counter() - started) * 1000)
    return {
        "read_p50_ms": round(percentile(total, 0.5), 1),
        "kiosk_side_p50_ms": round(percentile(kiosk_side, 0.5), 1),
        "kiosk_side_p95_ms": round(percentile(kiosk_side, 0.95), 1),
        "card_side_p50_ms": round(percentile(card_side, 0.5), 1),
        "qr_parse_p50_ms": round(percentile(qr, 0.5), 3),
        "kiosk_side_vs_qr_parse": round(percentile(kiosk_side, 0.5) / percentile(qr, 0.5)),
        "apdus_per_read": commands,
        "samples": samples,
    }


def until_consent_painted(app: QApplication, window: Any, started: float) -> tuple[float, float]:
    """Milliseconds to the consent screen painted, and the GUI thread's longest gap meanwhile."""
    consent = window.screens[ScreenId.ID_CONSENT]
    watch = PaintWatch()
    consent.installEventFilter(watch)
    longest, last = 0.0, time.perf_counter()
    deadline = started + 10
    while not (watch.painted and window.current is ScreenId.ID_CONSENT) and time.perf_counter() < deadline:
        app.processEvents()
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    consent.removeEventFilter(watch)
    if not watch.painted:
        raise RuntimeError("the consent screen never painted")
    return (time.perf_counter() - started) * 1000, longest * 1000


def on_screen(samples: int) -> dict[str, Any]:
    app = create_application()
    chip, qr, stalls = [], [], []
    with demo_kiosk() as (services, runtime):
        window = runtime.window
        reader = services.hardware.id_reader
        assert isinstance(reader, SimulatedIdReader)
        from datetime import date

        reader.card = parse_cccd(SAMPLE_ID, today=date.today())
        reader.read_card(reader.card.id_number[-6:])  # the demo issuer's keys, made once
        for _ in range(samples):
            services.session.touch()
            window.go(IdCard())
            app.processEvents()
            card = window.current_screen
            assert isinstance(card, IdCardScreen)
            for digit in reader.card.id_number[-6:]:
                card.pad.keys[digit].click()
            started = time.perf_counter()
            card.read.click()
            elapsed, stall = until_consent_painted(app, window, started)
            consent = window.current_screen
            assert isinstance(consent, IdConsentScreen) and "AN" in consent.who.text()
            chip.append(elapsed)
            stalls.append(stall)
            window.home()
            app.processEvents()
            started = time.perf_counter()
            runtime.router.route(SAMPLE_ID)
            elapsed, _ = until_consent_painted(app, window, started)
            qr.append(elapsed)
            window.home()
            app.processEvents()
    return {
        "chip_to_screen_p50_ms": round(percentile(chip, 0.5), 1),
        "chip_to_screen_p95_ms": round(percentile(chip, 0.95), 1),
        "qr_to_screen_p50_ms": round(percentile(qr, 0.5), 1),
        "chip_vs_qr": round(percentile(chip, 0.5) / percentile(qr, 0.5), 1),
        "gui_longest_stall_during_read_ms": round(max(stalls), 1),
        "samples": samples,
    }


def measure(quick: bool = False) -> dict[str, Any]:
    return {"protocol": protocol(20 if quick else 100), "on_screen": on_screen(10 if quick else 40)}


if __name__ == "__main__":
    result = measure("--quick" in sys.argv)
    print(json.dumps(result, indent=2))
    save("chip_read", result)
