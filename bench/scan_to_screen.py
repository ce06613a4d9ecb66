"""Scan to the right screen painted (target < 100 ms).

A simulated serial scanner delivers a dossier-slip code from another thread,
as the real reader thread does; the clock stops when the dossier-status
screen has painted with the code looked up. Baseline in the same run: a
cross-thread signal to a plain page switch.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget

from bench.common import demo_kiosk, percentile, save
from bench.screen_switch import PaintWatch
from devices.scanner import SimulatedScanner
from ui.screens.base import ScreenId
from ui.start import create_application


def wait_painted(app: QApplication, target: QObject, started: float, watch: PaintWatch) -> float:
    deadline = started + 2
    while not watch.painted and time.perf_counter() < deadline:
        app.processEvents()
    target.removeEventFilter(watch)
    if not watch.painted:
        raise RuntimeError("never painted")
    return (time.perf_counter() - started) * 1000


class Relay(QObject):
    arrived = Signal(str)


def baseline(app: QApplication, samples: int) -> list[float]:
    stack = QStackedWidget()
    pages = [QLabel("one"), QLabel("two")]
    for page in pages:
        stack.addWidget(page)
    stack.resize(1920, 1080)
    stack.show()
    relay = Relay()
    relay.arrived.connect(lambda _: stack.setCurrentIndex(1 - stack.currentIndex()))
    times = []
    for _ in range(samples):
        target = pages[1 - stack.currentIndex()]
        watch = PaintWatch()
        target.installEventFilter(watch)
        started = time.perf_counter()
        worker = threading.Thread(target=relay.arrived.emit, args=("x",))
        worker.start()
        worker.join()
        times.append(wait_painted(app, target, started, watch))
    stack.close()
    return times


def measure(samples: int = 100) -> dict[str, Any]:
    app = create_application()
    base = baseline(app, samples)
    times = []
    with demo_kiosk() as (services, runtime):
        window = runtime.window
        scanner = services.hardware.scanner
        assert isinstance(scanner, SimulatedScanner)
        for number in range(samples):
            services.session.touch()
            window.home()
            app.processEvents()
            target = window.screens[ScreenId.DOSSIER_STATUS]
            watch = PaintWatch()
            target.installEventFilter(watch)
            started = time.perf_counter()
            worker = threading.Thread(target=scanner.feed, args=(f"H29.25-{number:06d}",))
            worker.start()
            worker.join()
            times.append(wait_painted(app, target, started, watch))
            assert window.current is ScreenId.DOSSIER_STATUS
    return {
        "scan_to_screen_p50_ms": round(percentile(times, 0.5), 2),
        "scan_to_screen_p95_ms": round(percentile(times, 0.95), 2),
        "baseline_p95_ms": round(percentile(base, 0.95), 2),
        "ratio": round(percentile(times, 0.95) / percentile(base, 0.95), 1),
        "target_ms": 100,
        "samples": samples,
    }


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    print(json.dumps(result, indent=2))
    save("scan_to_screen", result)
