"""Rendering and encoding an 80 mm queue ticket with its QR code (target < 30 ms).

Each sample builds the ticket, renders it with the bundled font and encodes
it to ESC/POS raster bytes through python-escpos' Dummy printer. Baseline in
the same run: drawing one line of text on a blank ticket-sized 1-bit image.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from typing import Any

from escpos.printer import Dummy
from PIL import Image, ImageDraw

from bench.common import percentile, save
from devices.receipt import load_font, paper_for_profile, render, send
from kiosk_app import paths, receipts
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import load_settings

TEXTS = MessageCatalogue().texts("vi")


def measure(samples: int = 200) -> dict[str, Any]:
    site = load_settings(paths.config_dir() / "site-example.yaml").site
    ours, base = [], []
    paper = paper_for_profile("TM-T20II")  # an 80 mm, 576-dot printer
    printer = Dummy(profile="TM-T20II")  # made once, as the kiosk's printer is
    for number in range(samples):
        started = time.perf_counter()
        ticket = receipts.queue_ticket(
            site, number=f"{number:03d}", counter=2, waiting=number % 9, lane="",
            ticket_code=f"STT|bench|counter-2|2026-12-02|{number}", printed_at=datetime.now(), texts=TEXTS,
        )  # fmt: skip
        printer.clear()
        send(render(ticket, paper), printer)
        assert printer.output
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        blank = Image.new("1", (576, 600), 1)
        ImageDraw.Draw(blank).text((8, 8), f"A-{number:03d}", font=load_font(24, False), fill=0)
        base.append((time.perf_counter() - started) * 1000)
    return {
        "ticket_p50_ms": round(percentile(ours, 0.5), 2),
        "ticket_p95_ms": round(percentile(ours, 0.95), 2),
        "one_line_baseline_p95_ms": round(percentile(base, 0.95), 2),
        "ratio": round(percentile(ours, 0.95) / percentile(base, 0.95), 1),
        "target_ms": 30,
        "samples": samples,
    }


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(json.dumps(result, indent=2))
    save("receipt", result)
