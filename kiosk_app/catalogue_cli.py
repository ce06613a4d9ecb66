"""`kiosk procedures check|search|export`: the catalogue from a shell.

Without paths, `check` reads the catalogue in service (the site's data folder,
filled from the shipped scripts on first use); with paths, it checks those
files or folders, taking categories from the folder each file is in (or the
shipped list when that folder has none).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from kiosk_app import paths
from kiosk_app.catalogue import export
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import (
    CATEGORIES_FILE,
    Catalogue,
    add_files,
    load_catalogue,
    read_categories,
)
from kiosk_app.catalogue.reader import ScriptProblem
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.settings import ConfigError, Settings, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def shipped_folder() -> Path:
    return paths.install_root() / "procedures"


def service_from_settings() -> CatalogueService | None:
    found = settings_and_catalogue()
    return None if found is None else found[1]


def settings_and_catalogue() -> tuple[Settings, CatalogueService] | None:
    """The site's settings and its loaded catalogue; None (problems printed) when the site file is bad."""
    site = os.environ.get("KIOSK_CONFIG")
    try:
        settings = load_settings(Path(site) if site else None)
    except ConfigError as exc:
        print(f"kiosk: the site file has problems:\n{exc}", file=sys.stderr)
        return None
    calendar = WorkCalendar.of(settings.calendar.holidays, settings.calendar.saturday_is_working_day)
    service = CatalogueService(settings.catalogue_dir(), shipped_folder(), calendar=calendar)
    service.load()
    return settings, service


def procedures_command(args: argparse.Namespace) -> int:
    # Problems are this command's output; the log's warnings about them are not.
    logging.getLogger().setLevel(logging.ERROR)
    as_json = bool(getattr(args, "json", False))
    if args.procedures_command == "check":
        return _check(args.paths, as_json)
    service = service_from_settings()
    if service is None:
        return EXIT_USAGE
    if args.procedures_command == "search":
        hits = service.search(args.query, limit=max(1, args.limit))
        rows = [
            {"code": h.procedure.code, "name": h.procedure.name.get(args.lang), "score": h.score}
            for h in hits
        ]
        if as_json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                print(f"{row['score']:6.3f}  {row['code']:<24} {row['name']}")
        return EXIT_OK
    data = export.catalogue(service.catalogue)
    print(json.dumps(data, ensure_ascii=False, indent=None if as_json else 2))
    return EXIT_OK


def _check(targets: list[Path], as_json: bool) -> int:
    problems: list[ScriptProblem] = []
    checked = 0
    if not targets:
        service = service_from_settings()
        if service is None:
            return EXIT_USAGE
        problems = service.catalogue.problems
        checked = len(service.catalogue.files)
    for target in targets:
        if target.is_dir():
            catalogue = load_catalogue(target)
            problems += catalogue.problems
            checked += len(catalogue.files)
        elif target.is_file():
            folder = target.parent if (target.parent / CATEGORIES_FILE).exists() else shipped_folder()
            categories, category_problems = read_categories(folder)
            problems += category_problems
            catalogue = Catalogue(folder, categories, {})
            add_files(catalogue, [target])
            problems += catalogue.problems
            checked += 1
        else:
            problems.append(ScriptProblem(str(target), 1, 1, "no such file or folder"))
    problems = sorted(set(problems))
    if as_json:
        print(
            json.dumps(
                [
                    {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
                    for p in problems
                ],
                ensure_ascii=False,
            )
        )
    else:
        for problem in problems:
            print(problem.describe())
        print(f"{checked} script(s) checked, {len(problems)} problem(s)")
    return EXIT_FAILED if problems else EXIT_OK
