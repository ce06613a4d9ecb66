"""Helpers the benchmarks share: percentiles, subprocess timing, result files."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def offscreen_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}
    return env


def timed_run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall-clock seconds for a whole process, and what it printed."""
    _, seconds, out = launched_run(args, env)
    return seconds, out


def launched_run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """When the process was launched (epoch seconds), how long it took, and what it printed.

    A child that prints ``time.time()`` at some moment lets the caller measure from
    the launch to that moment in milliseconds (/proc's start time counts in 10 ms ticks).
    """
    launched_at = time.time()
    started = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    return launched_at, time.perf_counter() - started, result.stdout


def python() -> str:
    return sys.executable


def save(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return path


@contextlib.contextmanager
def demo_kiosk(
    catalogue_folder: Path | None = None, *, clock: Callable[[], float] = time.monotonic
) -> Iterator[tuple[Any, Any]]:
    """The real kiosk window, offscreen at 1920x1080, on the example site with a throw-away data folder.

    Yields (services, runtime); imports Qt lazily so Qt-free benchmarks stay Qt-free.
    ``clock`` is the session's: a hand-moved one lets a benchmark play the idle time-out.
    """
    import dataclasses

    from kiosk_app import paths
    from kiosk_app.composition import build_services
    from kiosk_app.run_mode import RunMode
    from kiosk_app.settings import load_settings
    from ui.launcher import build_runtime

    with tempfile.TemporaryDirectory() as data:
        settings = load_settings(paths.config_dir() / "site-example.yaml")
        settings = dataclasses.replace(settings, storage=dataclasses.replace(settings.storage, data_dir=data))
        if catalogue_folder is not None:
            settings = dataclasses.replace(
                settings, catalogue=dataclasses.replace(settings.catalogue, folder=str(catalogue_folder))
            )
        services = build_services(settings, RunMode.DEMO, clock=clock, configure_logging=False)
        services.catalogue.ensure_loaded()
        runtime = build_runtime(services)
        runtime.window.resize(1920, 1080)
        runtime.window.show()
        try:
            yield services, runtime
        finally:
            runtime.close()
            services.close()
