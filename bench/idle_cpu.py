"""CPU used by the kiosk sitting on its attract screen, nobody touching it.

Starts `kiosk demo` (offscreen, so the machine's display does not matter),
waits for it to settle, then reads the process's CPU time from /proc over the
measuring window. Baseline in the same run: a bare PySide6 window in Qt's
event loop for the same time. Target: under 1% of one core over 60 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, offscreen_env, python, save

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def idle_share(args: list[str], env: dict[str, str], settle_s: float, seconds: float) -> float:
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle_s)
        if process.poll() is not None:
            raise RuntimeError(f"{args} exited early with {process.returncode}")
        before, started = cpu_seconds(process.pid), time.monotonic()
        time.sleep(seconds)
        used, wall = cpu_seconds(process.pid) - before, time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
    return used / wall * 100


def measure(seconds: float = 60.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data:
        kiosk = idle_share(
            [python(), "-m", "kiosk_app", "demo"],
            offscreen_env(KIOSK_DATA_DIR=data),
            settle_s=5,
            seconds=seconds,
        )
    bare = idle_share(
        [python(), "bench/bare_window.py", str(seconds + 10)], offscreen_env(), settle_s=5, seconds=seconds
    )
    return {
        "kiosk_idle_cpu_percent": round(kiosk, 3),
        "bare_window_idle_cpu_percent": round(bare, 3),
        "difference_points": round(kiosk - bare, 3),
        "target_percent": 1.0,
        "seconds": seconds,
    }


if __name__ == "__main__":
    result = measure(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0)
    print(json.dumps(result, indent=2))
    save("idle_cpu", result)
