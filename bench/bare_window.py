"""Baseline for the start-up benchmark: the least a PySide6 program can do.

Starts a QApplication, shows one empty 1920x1080 window, paints it once,
prints its resident memory as JSON and exits: what any Qt kiosk pays.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def main() -> int:
    idle_seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    app = QApplication([sys.argv[0]])
    window = QWidget()
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    window.grab()
    painted_at = time.time()
    stat = Path("/proc/self/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
    painted_after_start = uptime - int(stat[19]) / os.sysconf("SC_CLK_TCK")
    status = Path("/proc/self/status").read_text(encoding="ascii")
    rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    print(
        json.dumps(
            {"rss_mb": rss_kb / 1024, "painted_after_start_s": painted_after_start, "painted_at": painted_at}
        ),
        flush=True,
    )
    if idle_seconds:
        # For the idle-CPU baseline: sit in Qt's event loop like the kiosk does.
        QTimer.singleShot(int(idle_seconds * 1000), app.quit)
        app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
