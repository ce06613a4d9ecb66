"""Inputs built to be slow, each against a baseline measured in the same run.

- a valid 252 KB procedure script with 12 yes/no questions (4,096 answer sets)
  and 1,800 never-true conditions (the probe's was 11.8 s to check); baseline:
  parsing the same bytes with libyaml, the least any check must do;
- 100 KB of ``a-a-a-…`` asked of the assistant (the probe's took 64 s);
  baseline: a normal spoken question;
- a site file holding an alias bomb under an unknown key (the probe's ran to
  3 GB); baseline: checking the example site file.

Run: python -m bench.hostile_inputs [runs]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.common import ROOT, save
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.settings import load_schema, read_site_file
from tests.catalogue_helpers import CATEGORIES, heavy_script


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def peak_bytes(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(runs: int = 3) -> dict[str, float]:
    figures: dict[str, float] = {}

    script = heavy_script(questions=12, never_true=1800).encode("utf-8")
    loader_type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

    def parse_only() -> None:
        loader = loader_type(script)
        loader.get_single_node()
        loader.dispose()

    procedure, problems = load_procedure(script, "heavy.yaml", CATEGORIES)
    assert procedure is None and len(problems) == 1800, len(problems)
    figures["script_kb"] = len(script) / 1024
    figures["script_check_s"] = best_of(runs, lambda: load_procedure(script, "heavy.yaml", CATEGORIES))
    figures["script_parse_s"] = best_of(runs, parse_only)
    figures["script_check_over_parse"] = figures["script_check_s"] / figures["script_parse_s"]

    from kiosk_app.assistant.assistant import Assistant
    from kiosk_app.catalogue.catalogue import load_catalogue
    from kiosk_app.messages import MessageCatalogue
    from kiosk_app.settings import load_settings

    site = load_settings(ROOT / "config" / "site-example.yaml").site
    assistant = Assistant(load_catalogue(ROOT / "procedures"), site=site, messages=MessageCatalogue())
    normal = "cho tôi hỏi làm giấy khai sinh cho con cần giấy tờ gì"
    flood = "a-" * 50_000
    assistant.ask(normal, "vi")  # builds the understander once
    figures["assistant_normal_s"] = best_of(runs, lambda: assistant.ask(normal, "vi"))
    figures["assistant_100kb_s"] = best_of(runs, lambda: assistant.ask(flood, "vi"))
    figures["assistant_100kb_over_normal"] = figures["assistant_100kb_s"] / figures["assistant_normal_s"]

    schema = load_schema()
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
    )
    with tempfile.TemporaryDirectory() as scratch:
        bomb = Path(scratch) / "bomb.yaml"
        bomb.write_text("unknown:\n  " + laughs.replace("\n", "\n  "), encoding="utf-8")
        example = ROOT / "config" / "site-example.yaml"
        figures["site_bomb_s"] = best_of(runs, lambda: read_site_file(bomb, schema))
        figures["site_example_s"] = best_of(runs, lambda: read_site_file(example, schema))
        figures["site_bomb_over_example"] = figures["site_bomb_s"] / figures["site_example_s"]
        figures["site_bomb_peak_mb"] = peak_bytes(lambda: read_site_file(bomb, schema)) / 2**20
        figures["site_example_peak_mb"] = peak_bytes(lambda: read_site_file(example, schema)) / 2**20

    path = save("hostile_inputs", figures)
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:10.4f}")
    print(f"saved {path}")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
