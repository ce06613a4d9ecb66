"""How well the assistant understands unseen sentences, and how fast (target: p95 under 10 ms).

Accuracy is measured leave-one-set-out: each development set under
``tests/data`` is taken out of the shipped examples in turn and understood by
an assistant that never saw it (its classifier trained again without it),
so the figures say how the design generalises, not how well it remembers.
Reported per language and set: in-domain accuracy with the cue rules alone,
with the nearest examples behind them, and with the trained classifier
weighing both, and how many out-of-scope sentences each acted on.

Speed: every sentence of every set understood once more, p50/p95 per
sentence; baseline in the same run: splitting the same sentences into words
(``words_of``), the least any understanding must do.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT, percentile, save
from kiosk_app.assistant import training
from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.intents import words_of
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.catalogue_cli import shipped_folder
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import load_settings

PARTS = ("rules", "examples", "all")
SETS = (
    "utterances", "heldout", "heldout2", "fresh",
    *(f"set{number}" for number in range(4, 18)),
)  # fmt: skip
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "assistant_models" / "examples"


def dev_set(kind: str, language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / f"{kind}_{language}.yaml").read_text(encoding="utf-8"))
    return data


def without(language: str, held: dict[str, Any], folder: Path) -> None:
    """The shipped examples minus every sentence of the held-out set."""
    shipped = yaml.safe_load((EXAMPLES / f"{language}.yaml").read_text(encoding="utf-8"))
    gone = {entry[0] for entry in held["in_domain"]} | set(held["out_of_domain"])
    kept = {
        "in_domain": [e for e in shipped["in_domain"] if e[0] not in gone],
        "out_of_domain": [t for t in shipped["out_of_domain"] if t not in gone],
    }
    (folder / f"{language}.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")


def score(assistant: Assistant, data: dict[str, Any], language: str, parts: str) -> tuple[float, int]:
    """``parts``: "rules", "examples" (rules and the nearest examples) or "all" (and the classifier)."""
    understander = assistant._understander(language)
    examples, trained = understander.examples, understander.trained
    if parts == "rules":
        understander.examples = None
    if parts != "all":
        understander.trained = None
    try:
        right = sum(
            (got := understander.understand(text)).intent == intent
            and (procedure is None or got.slots.get("procedure") == procedure)
            for text, intent, procedure in data["in_domain"]
        )
        acted = sum(understander.understand(text).intent != "unknown" for text in data["out_of_domain"])
    finally:
        understander.examples, understander.trained = examples, trained
    return right / len(data["in_domain"]), acted


def measure() -> dict[str, Any]:
    settings = load_settings(ROOT / "config" / "site-example.yaml")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as live:
        catalogue = CatalogueService(Path(live), shipped_folder(), calendar=WorkCalendar()).load()
        for language in ("vi", "en"):
            rows: dict[str, Any] = {}
            for kind in SETS:
                held = dev_set(kind, language)
                with tempfile.TemporaryDirectory() as folder:
                    without(language, held, Path(folder))
                    procedures = catalogue.procedures.values()
                    training.build(language, procedures, folder=Path(folder), examples_folder=Path(folder))
                    assistant = Assistant(
                        catalogue, site=settings.site, messages=MessageCatalogue(),
                        examples_folder=Path(folder), trained_folder=Path(folder),
                    )  # fmt: skip
                    figures = {parts: score(assistant, held, language, parts) for parts in PARTS}
                rows[kind] = {
                    **{parts: round(figures[parts][0], 3) for parts in PARTS},
                    "traps": len(held["out_of_domain"]),
                    **{f"acted_on_{parts}": figures[parts][1] for parts in PARTS},
                }
                print(language, kind, rows[kind], file=sys.stderr, flush=True)
            rows["all_sets"] = totals(rows, language)
            results[language] = rows
        results["speed"] = speed(Assistant(catalogue, site=settings.site, messages=MessageCatalogue()))
    return results


def totals(rows: dict[str, Any], language: str) -> dict[str, Any]:
    """Every set together: sentences right and traps acted on, per part."""
    sizes = {kind: len(dev_set(kind, language)["in_domain"]) for kind in rows}
    traps = sum(r["traps"] for r in rows.values())
    found: dict[str, Any] = {"in_domain": sum(sizes.values()), "traps": traps}
    for parts in PARTS:
        right = sum(round(rows[kind][parts] * sizes[kind]) for kind in rows)
        found[parts] = round(right / found["in_domain"], 3)
        found[f"acted_on_{parts}"] = sum(rows[kind][f"acted_on_{parts}"] for kind in rows)
    return found


def speed(assistant: Assistant) -> dict[str, Any]:
    sentences = [
        (text, language)
        for language in ("vi", "en")
        for kind in SETS
        for text in [e[0] for e in dev_set(kind, language)["in_domain"]]
        + dev_set(kind, language)["out_of_domain"]
    ]
    for language in ("vi", "en"):
        assistant._understander(language)  # built once, as the kiosk does before the first question
    times, base = [], []
    for text, language in sentences:
        started = time.perf_counter()
        words_of(text, language)
        base.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assistant.ask(text, language)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "sentences": len(sentences),
        "p50_ms": round(percentile(times, 0.5), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "baseline_words_of_p95_ms": round(percentile(base, 0.95), 3),
        "ratio_p95": round(percentile(times, 0.95) / percentile(base, 0.95)),
        "target_p95_ms": 10,
    }


if __name__ == "__main__":
    figures = measure()
    print(json.dumps(figures, indent=2))
    save("understanding", figures)
    sys.exit(0)
