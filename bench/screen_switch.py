"""Screen switch: a tap on a tile or Back, until the new screen has painted.

Runs the real kiosk window offscreen (1920x1080). Each sample presses a real
button with QTest and spins the event loop until the new screen's paint event
has been handled. Baseline in the same run: a QStackedWidget flipping between
two plain pages with the same press-to-paint measurement. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from bench.common import demo_kiosk, percentile, save
from ui.screens.base import ScreenId
from ui.screens.home import TASKS, HomeScreen
from ui.start import create_application

SAMPLES = 200


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def press_until_painted(app: QApplication, button: QWidget, target: QWidget) -> float:
    watch = PaintWatch()
    target.installEventFilter(watch)
    started = time.perf_counter()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    deadline = started + 2.0
    while not watch.painted and time.perf_counter() < deadline:
        app.processEvents()
    elapsed = time.perf_counter() - started
    target.removeEventFilter(watch)
    if not watch.painted:
        raise RuntimeError("the screen never painted")
    return elapsed * 1000


def baseline(app: QApplication, samples: int) -> list[float]:
    window = QWidget()
    stack = QStackedWidget()
    pages = []
    for name in ("one", "two"):
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(name))
        button = QPushButton("go")
        layout.addWidget(button)
        stack.addWidget(page)
        pages.append((page, button))
    pages[0][1].clicked.connect(lambda: stack.setCurrentIndex(1))
    pages[1][1].clicked.connect(lambda: stack.setCurrentIndex(0))
    QVBoxLayout(window).addWidget(stack)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    times = []
    for i in range(samples):
        page, button = pages[i % 2]
        times.append(press_until_painted(app, button, pages[(i + 1) % 2][0]))
    window.close()
    return times


def kiosk(app: QApplication, samples: int) -> list[float]:
    with demo_kiosk() as (services, runtime):
        window = runtime.window
        services.session.touch()
        window.home()
        app.processEvents()
        home = window.screens[ScreenId.HOME]
        assert isinstance(home, HomeScreen)
        back = window.navbar.back
        times = []
        for i in range(samples):
            if i % 2 == 0:
                task, _ = TASKS[(i // 2) % len(TASKS)]
                times.append(press_until_painted(app, home.tiles[task], window.screens[task]))
            else:
                times.append(press_until_painted(app, back, home))
            services.session.touch()
    return times


def measure(samples: int = SAMPLES) -> dict[str, Any]:
    app = create_application()
    base = baseline(app, samples)
    ours = kiosk(app, samples)
    return {
        "baseline_p50_ms": round(percentile(base, 0.5), 2),
        "baseline_p95_ms": round(percentile(base, 0.95), 2),
        "kiosk_p50_ms": round(percentile(ours, 0.5), 2),
        "kiosk_p95_ms": round(percentile(ours, 0.95), 2),
        "p95_ratio": round(percentile(ours, 0.95) / percentile(base, 0.95), 2),
        "p95_target_ms": 50,
        "samples": samples,
    }


if __name__ == "__main__":
    result = measure(int(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES)
    print(json.dumps(result, indent=2))
    save("screen_switch", result)
