"""The procedure catalogue at city scale: 2,000 synthetic procedures.

Built from the shipped scripts with new codes and varied names, so every
file goes through the full loader and validator. Three figures, each with a
baseline measured in the same run:

- load and validate all 2,000 (target < 1 s); baseline: only reading and
  parsing the same YAML with libyaml, the least any loader must do;
- search p95 over realistic queries (target < 5 ms); baseline: a plain scan
  for the folded query in each folded name;
- opening a procedure screen, tap to painted, p95 (target < 50 ms); baseline:
  a plain QStackedWidget page switch (bench/screen_switch.py's).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT, demo_kiosk, percentile, save
from kiosk_app.catalogue.catalogue import load_catalogue
from kiosk_app.catalogue.search import SearchIndex, fold

COUNT = 2000
QUERIES = [
    "dang ky khai sinh", "khai sinh", "Đăng ký kết hôn", "ket hon", "đăng kí khai sinh",
    "giấy khai sinh", "sao y", "birth registration", "khai sinnh", "tam tru", "thuong tru",
    "ho kinh doanh", "xac nhan doc than", "chung thuc chu ky", "giay phep xay dung", "tro cap",
    "marriage", "certified copy", "khai tu", "trich luc", "tôi muốn đăng ký tạm trú",
    "dang ki thuong tru cho con", "ket hôn lần hai", "xin giay phep kinh doanh",
]  # fmt: skip


def make_catalogue(folder: Path, count: int = COUNT) -> None:
    shipped = ROOT / "procedures"
    (folder / "categories.yaml").write_bytes((shipped / "categories.yaml").read_bytes())
    templates = [
        p.read_text(encoding="utf-8") for p in sorted(shipped.glob("*.yaml")) if p.name != "categories.yaml"
    ]
    for number in range(count):
        text = templates[number % len(templates)]
        text = re.sub(r'^code: ".*"$', f'code: "9.{number:06d}"', text, count=1, flags=re.MULTILINE)
        # A distinct name per copy, as a real city catalogue has.
        text = re.sub(
            r"^name: \{vi: \"(.*?)\"", rf'name: {{vi: "\1 (mẫu {number})"', text, count=1, flags=re.MULTILINE
        )
        (folder / f"p{number:05d}.yaml").write_text(text, encoding="utf-8")


def measure_load(folder: Path, runs: int = 3) -> dict[str, float]:
    full, parse_only = [], []
    loader_type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for _ in range(runs):
        started = time.perf_counter()
        for path in sorted(folder.glob("*.yaml")):
            loader = loader_type(path.read_bytes())  # the safe loader, as PyYAML's safe_load uses it
            loader.get_single_data()
            loader.dispose()
        parse_only.append(time.perf_counter() - started)
        started = time.perf_counter()
        catalogue = load_catalogue(folder)
        full.append(time.perf_counter() - started)
        assert len(catalogue.procedures) == COUNT and not catalogue.problems
    # A restart: the cache of validated bytes (written by the first load) skips validation.
    load_catalogue(folder, use_cache=True)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        assert len(load_catalogue(folder, use_cache=True).procedures) == COUNT
        warm.append(time.perf_counter() - started)
    (folder / ".validated.json").unlink()
    return {
        "restart_from_cache_s": round(statistics.median(warm), 3),
        "load_validate_s": round(statistics.median(full), 3),
        "yaml_parse_only_s": round(statistics.median(parse_only), 3),
        "load_ratio": round(statistics.median(full) / statistics.median(parse_only), 2),
        "load_target_s": 1.0,
    }


def measure_search(folder: Path, rounds: int = 20) -> dict[str, float]:
    catalogue = load_catalogue(folder)
    index = SearchIndex(catalogue.procedures.values())
    names = [(fold(p.name.vi), fold(p.name.en)) for p in catalogue.procedures.values()]
    ours, plain = [], []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            index.search(query, limit=10)
            ours.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            folded = fold(query)
            [n for n in names if folded in n[0] or folded in n[1]]
            plain.append((time.perf_counter() - started) * 1000)
    return {
        "search_p50_ms": round(percentile(ours, 0.5), 3),
        "search_p95_ms": round(percentile(ours, 0.95), 3),
        "substring_scan_p95_ms": round(percentile(plain, 0.95), 3),
        "search_ratio": round(percentile(ours, 0.95) / percentile(plain, 0.95), 2),
        "search_target_ms": 5.0,
        "queries": len(ours),
    }


def measure_open_screen(folder: Path, samples: int = 200) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from bench.screen_switch import baseline, press_until_painted
    from ui.screens.base import ScreenId
    from ui.screens.procedures import CategoryScreen
    from ui.start import create_application

    app = create_application()
    base = baseline(app, samples)
    with demo_kiosk(catalogue_folder=folder) as (services, runtime):
        window = runtime.window
        services.session.touch()
        window.context_selection().category = "certification"
        window.home()
        window.go(ScreenId.CATEGORY)
        app.processEvents()
        category = window.screens[ScreenId.CATEGORY]
        assert isinstance(category, CategoryScreen)
        overview = window.screens[ScreenId.PROCEDURE]
        times = []
        for i in range(samples):
            row = category.list.items[i % len(category.list.items)]
            times.append(press_until_painted(app, row, overview))
            window.back()
            app.processEvents()
            services.session.touch()
    return {
        "open_procedure_p50_ms": round(percentile(times, 0.5), 2),
        "open_procedure_p95_ms": round(percentile(times, 0.95), 2),
        "page_switch_baseline_p95_ms": round(percentile(base, 0.95), 2),
        "open_ratio": round(percentile(times, 0.95) / percentile(base, 0.95), 2),
        "open_target_ms": 50.0,
        "catalogue_size": COUNT,
    }


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        make_catalogue(folder)
        figures: dict[str, Any] = {}
        figures.update(measure_load(folder))
        figures.update(measure_search(folder))
        figures.update(measure_open_screen(folder))
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    result = measure()
    print(json.dumps(result, indent=2))
    save("catalogue", result)
