"""Start the backend simulator as its own process (demo, ``kiosk backend simulate``, tests).

The kiosk never imports ``backend_simulator``: it runs ``python -m
backend_simulator`` and reads the one JSON line it prints once it listens.
"""

from __future__ import annotations

import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk_app.settings import Settings

READY_TIMEOUT_S = 60.0  # a new data folder seeds 100,000 licences first


class SimulatorError(RuntimeError):
    pass


@dataclass
class RunningSimulator:
    process: subprocess.Popen[bytes]
    url: str
    ca_file: Path | None
    credentials: Path
    data_dir: Path

    def token_file(self, kiosk_id: str) -> Path:
        return self.credentials / f"{kiosk_id}.token"

    def connect(self, settings: Settings, **backend: Any) -> Settings:
        """The settings with their backend pointed at this simulator; ``backend``: more changes
        (shorter timeouts for tests)."""
        changes = {
            "url": self.url,
            "token_file": str(self.token_file(settings.site.kiosk_id)),
            "ca_file": str(self.ca_file or ""),
            **backend,
        }
        return dataclasses.replace(settings, backend=dataclasses.replace(settings.backend, **changes))

    def token(self, kiosk_id: str) -> str:
        return self.token_file(kiosk_id).read_text().strip()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def simulator_command(data_dir: Path, *, seed: int = 2025, licences: int = 100_000) -> list[str]:
    return [
        sys.executable,
        "-m",
        "backend_simulator",
        "--data-dir",
        str(data_dir),
        "--seed",
        str(seed),
        "--licences",
        str(licences),
    ]


def start(
    data_dir: Path,
    *,
    port: int = 0,
    faults: str = "",
    tls: bool = False,
    kiosks: dict[str, str] | None = None,
    licences: int = 100_000,
    seed: int = 2025,
) -> RunningSimulator:
    command = [*simulator_command(data_dir, seed=seed, licences=licences), "serve", "--port", str(port)]
    if faults:
        command += ["--faults", faults]
    if tls:
        command.append("--tls")
    for kiosk, token in (kiosks or {}).items():
        command += ["--kiosk", f"{kiosk}={token}"]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        command, stdout=subprocess.PIPE, stderr=None, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    assert process.stdout is not None
    deadline = time.monotonic() + READY_TIMEOUT_S
    line = b""
    while time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            line = process.stdout.readline()
            break
    if not line:
        process.kill()
        process.wait()
        process.stdout.close()
        raise SimulatorError(f"the backend simulator did not start (exit {process.returncode})")
    info = json.loads(line)
    return RunningSimulator(
        process,
        url=str(info["url"]),
        ca_file=Path(info["ca_file"]) if info.get("ca_file") else None,
        credentials=Path(info["credentials"]),
        data_dir=data_dir,
    )


def sample_licence(
    data_dir: Path, state: str, *, index: int = 0, seed: int = 2025, licences: int = 100_000
) -> str:
    """A signed payload for a licence in the simulator's data (``valid``, ``revoked`` or ``expired``)."""
    result = subprocess.run(  # noqa: S603
        [
            *simulator_command(data_dir, seed=seed, licences=licences),
            "sample-licence",
            "--state",
            state,
            "--index",
            str(index),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=READY_TIMEOUT_S,
    )
    if result.returncode != 0:
        raise SimulatorError(result.stderr.strip() or f"sample-licence exited {result.returncode}")
    return result.stdout.strip()
