"""sd_notify over a real datagram socket."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from kiosk_app.systemd import SystemdNotifier


def test_ready_and_watchdog_reach_the_socket(tmp_path: Path) -> None:
    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(address)
        server.settimeout(2)
        notifier = SystemdNotifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "20000000"})
        assert notifier.enabled and notifier.watchdog_interval_s == 10
        assert notifier.ready(status="up")
        assert server.recv(256) == b"READY=1\nSTATUS=up"
        assert notifier.ping_watchdog()
        assert server.recv(256) == b"WATCHDOG=1"


def test_abstract_socket_names() -> None:
    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        server.settimeout(2)
        assert SystemdNotifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert server.recv(64) == b"READY=1"


def test_outside_systemd_nothing_is_sent() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled and notifier.watchdog_interval_s is None
    assert not notifier.ready()


def test_watchdog_meant_for_another_process_is_ignored() -> None:
    notifier = SystemdNotifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert notifier.watchdog_interval_s is None
