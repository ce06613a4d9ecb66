"""The real kiosk process: qasync loop, systemd readiness and watchdog, clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def receive(server: socket.socket, wanted: bytes, deadline: float) -> list[bytes]:
    seen: list[bytes] = []
    while time.monotonic() < deadline:
        try:
            message = server.recv(256)
        except TimeoutError:
            continue
        seen.append(message)
        if message.startswith(wanted):
            return seen
    raise AssertionError(f"no {wanted!r} from the kiosk; got {seen}")


@pytest.mark.slow
def test_demo_reports_ready_pings_watchdog_and_stops_cleanly(tmp_path: Path) -> None:
    address = str(tmp_path / "notify")
    data = tmp_path / "data"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(address)
        server.settimeout(0.5)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "KIOSK_DATA_DIR": str(data),
            "NOTIFY_SOCKET": address,
            "WATCHDOG_USEC": "2000000",  # the kiosk pings every second
        }
        errors = (tmp_path / "stderr.txt").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk_app", "demo"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            ready = receive(server, b"READY=1", time.monotonic() + 30)
            assert b"STATUS=showing the attract screen" in ready[-1]
            receive(server, b"WATCHDOG=1", time.monotonic() + 5)
            receive(server, b"WATCHDOG=1", time.monotonic() + 5)
            process.send_signal(signal.SIGTERM)
            receive(server, b"STOPPING=1", time.monotonic() + 10)
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            errors.close()
    assert (tmp_path / "stderr.txt").read_text(encoding="utf-8", errors="replace") == ""
    log_lines = (data / "logs" / "kiosk.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in log_lines]
    messages = [entry["msg"] for entry in entries]
    assert messages[-1] == "kiosk stopped"
    # The catalogue loads in the background, after the first screen is up.
    assert messages.index("kiosk started") < messages.index("procedure catalogue loaded")
    assert not [entry for entry in entries if entry["level"] in ("WARNING", "ERROR")]
