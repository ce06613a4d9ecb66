"""Shared fixtures: real settings, a real SQLite store in tmp, a hand-moved clock.

Every test fails on an unexpected WARNING or ERROR log record from the kiosk
(mark it ``expect_logs(fragment, ...)`` when a warning is the point), and pytest-qt
fails it on Qt warnings (``qt_log_level_fail``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx

from kiosk_app import logs, paths
from kiosk_app.backend import simulator_process
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.run_mode import RunMode
from kiosk_app.settings import Settings, load_settings

EXAMPLE_SITE = paths.config_dir() / "site-example.yaml"
# PINs whose hashes the example site file holds (demo only).
STAFF_PIN = "246810"
TECHNICIAN_PIN = "135790"


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_warning_logs(request: pytest.FixtureRequest) -> Iterator[_Recorder]:
    recorder = _Recorder()
    root = logging.getLogger()
    level = root.level
    root.addHandler(recorder)
    yield recorder
    root.removeHandler(recorder)
    if root.level != level:
        # A root level raised by one test hides the next tests' warnings from this check.
        leaked = logging.getLevelName(root.level)
        root.setLevel(level)
        pytest.fail(f"the test left the root log level at {leaked}; restore it")
    expected = request.node.get_closest_marker("expect_logs")
    fragments: tuple[str, ...] = expected.args if expected is not None else ()
    messages = [(r, r.getMessage()) for r in recorder.records]
    unexpected = [r for r, message in messages if not any(f in message for f in fragments)]
    if unexpected:
        lines = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected]
        pytest.fail("unexpected warning logs:\n" + "\n".join(lines))
    missing = [f for f in fragments if not any(f in message for _, message in messages)]
    if missing:
        pytest.fail(f"expected warning logs never came: {missing}")


@pytest.fixture
def kiosk_logging() -> Iterator[Callable[..., Path]]:
    """``logs.configure`` for a test: its handlers and the root level are put back afterwards."""
    root = logging.getLogger()
    level = root.level

    def configure(
        folder: Path, *, level: str = "INFO", max_bytes: int = 100_000, backup_count: int = 2
    ) -> Path:
        return logs.configure(folder, level=level, max_bytes=max_bytes, backup_count=backup_count)

    yield configure
    for handler in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logs.personal_values.forget_all()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    loaded = load_settings(EXAMPLE_SITE)
    return dataclasses.replace(
        loaded,
        storage=dataclasses.replace(loaded.storage, data_dir=str(tmp_path / "data")),
        logging=dataclasses.replace(loaded.logging, dir=str(tmp_path / "logs")),
    )


SIMULATOR_LICENCES = 5000  # enough pages to page through, quick to seed


@pytest.fixture(scope="session")
def backend_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    """One backend simulator process (plain HTTP on 127.0.0.1) for the whole run.

    Shared: a test that switches faults on clears them again (``sim_faults``),
    and tests use their own idempotency keys.
    """
    running = simulator_process.start(tmp_path_factory.mktemp("simulator"), licences=SIMULATOR_LICENCES)
    yield running
    running.stop()


@pytest.fixture
def sim_faults(backend_sim: RunningSimulator) -> Iterator[Callable[..., dict[str, object]]]:
    """``sim_faults(**switches)`` sets the simulator's faults; they are cleared after the test."""

    def switch(**faults: object) -> dict[str, object]:
        reply = httpx.post(f"{backend_sim.url}/_sim/faults", json={"clear": True, **faults}, timeout=5)
        reply.raise_for_status()
        result: dict[str, object] = reply.json()
        return result

    yield switch
    httpx.post(f"{backend_sim.url}/_sim/faults", json={"clear": True}, timeout=5)


@pytest.fixture
def backend_settings(settings: Settings, backend_sim: RunningSimulator) -> Settings:
    """The test settings, connected to the simulator (short timeouts: tests wait on faults)."""
    return backend_sim.connect(settings, timeout_s=1.0, deadline_s=3.0)


@pytest.fixture
def services(settings: Settings, clock: FakeClock) -> Iterator[KioskServices]:
    built = build_services(settings, RunMode.DEMO, clock=clock, configure_logging=False)
    # The kiosk loads it in the background after its first paint; tests load it up front.
    built.catalogue.ensure_loaded()
    yield built
    built.close()


@pytest.fixture
def runtime(qtbot: object, services: KioskServices) -> Iterator[object]:
    """The whole kiosk shell, offscreen, in a 1920x1080 window, on the fake clock."""
    from ui.launcher import build_runtime

    built = build_runtime(services)
    built.window.resize(1920, 1080)
    built.window.show()
    yield built
    built.close()
