"""The procedure catalogue: every script in a folder, checked, and kept serving.

A script with problems never takes the kiosk down: if an earlier version of
that file loaded, it keeps serving (and staff see the problems); otherwise the
procedure is simply missing until it is fixed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_app.catalogue.cache import CACHE_FILE, ValidatedCache, digest
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.model import Procedure, Text
from kiosk_app.catalogue.reader import Reader, ScriptProblem
from kiosk_app.catalogue.search import fold

log = logging.getLogger(__name__)
CATEGORIES_FILE = "categories.yaml"
_CODE_LINE = re.compile(rb"^code\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Category:
    id: str
    name: Text
    description: Text


@dataclass(frozen=True)
class FileState:
    """How one script file stands: its problems, and whether an older version still serves."""

    file: str
    code: str | None
    problems: tuple[ScriptProblem, ...]
    serving_previous: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class Catalogue:
    folder: Path
    categories: dict[str, Category]
    procedures: dict[str, Procedure]  # by code
    files: dict[str, FileState] = field(default_factory=dict)  # by file name

    @property
    def problems(self) -> list[ScriptProblem]:
        return sorted(p for state in self.files.values() for p in state.problems)

    def in_category(self, category: str) -> list[Procedure]:
        # Folded names sort as a Vietnamese reader expects: Đ with D, not after Z.
        return sorted(
            (p for p in self.procedures.values() if p.category == category),
            key=lambda p: fold(p.name.vi),
        )

    def get(self, code: str) -> Procedure | None:
        return self.procedures.get(code)


def read_categories(folder: Path) -> tuple[dict[str, Category], list[ScriptProblem]]:
    path = folder / CATEGORIES_FILE
    reader = Reader(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {}, [ScriptProblem(str(path), 1, 1, f"cannot read the category list: {exc.strerror}")]
    root = reader.parse(data)
    categories: dict[str, Category] = {}
    if root is None:
        return {}, reader.problems
    fields = reader.mapping(root, what="the category list", required=("categories",))
    for item in reader.sequence(fields["categories"], what="categories") if "categories" in fields else []:
        entry = reader.mapping(item, what="a category", required=("id", "name", "description"))
        if set(entry) != {"id", "name", "description"}:
            continue
        category_id = reader.string(entry["id"], what="a category id", max_length=40)
        name = reader.text(entry["name"], what="a category name", max_length=100)
        description = reader.text(entry["description"], what="a category description", max_length=300)
        if category_id in categories:
            reader.problem(entry["id"], f"the category '{category_id}' is listed twice")
        elif category_id and name and description:
            categories[category_id] = Category(category_id, name, description)
    return categories, reader.problems


def script_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != CATEGORIES_FILE)


def load_catalogue(folder: Path, previous: Catalogue | None = None, *, use_cache: bool = False) -> Catalogue:
    """Every script in ``folder``; ``use_cache`` only for the folder the kiosk owns (see cache.py)."""
    categories, category_problems = read_categories(folder)
    if category_problems and previous is not None:
        categories = previous.categories
    catalogue = Catalogue(folder, categories, {})
    if category_problems:
        file = str(folder / CATEGORIES_FILE)
        catalogue.files[CATEGORIES_FILE] = FileState(
            file, None, tuple(category_problems), previous is not None
        )
    cache = None
    if use_cache and not category_problems:
        categories_bytes = (folder / CATEGORIES_FILE).read_bytes()
        cache = ValidatedCache(folder / CACHE_FILE, digest(categories_bytes))
    add_files(catalogue, script_files(folder), previous, cache)
    if cache is not None:
        cache.save()
    return catalogue


def add_files(
    catalogue: Catalogue,
    files: Iterable[Path],
    previous: Catalogue | None = None,
    cache: ValidatedCache | None = None,
) -> None:
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problem = ScriptProblem(str(path), 1, 1, f"cannot read the file: {exc.strerror}")
            _keep_previous(catalogue, path, (problem,), previous)
            continue
        sha = digest(data) if cache is not None else ""
        cached = cache.get(path.name, sha, str(path)) if cache is not None else None
        procedure: Procedure | None
        problems: list[ScriptProblem]
        if cached is not None:
            procedure, problems = cached, []
        else:
            procedure, problems = load_procedure(data, str(path), catalogue.categories)
            if procedure is not None and cache is not None:
                cache.put(path.name, sha, procedure)
        if procedure is not None and procedure.code in catalogue.procedures:
            other = catalogue.procedures[procedure.code].source_file
            match = _CODE_LINE.search(data)
            line = data[: match.start()].count(b"\n") + 1 if match else 1
            problems = [
                ScriptProblem(
                    str(path), line, 1, f"the code {procedure.code} is already used by {Path(other).name}"
                )
            ]
            procedure = None
        if procedure is None:
            _keep_previous(catalogue, path, tuple(problems), previous)
            continue
        catalogue.procedures[procedure.code] = procedure
        catalogue.files[path.name] = FileState(str(path), procedure.code, ())


def _keep_previous(
    catalogue: Catalogue, path: Path, problems: tuple[ScriptProblem, ...], previous: Catalogue | None
) -> None:
    old_state = previous.files.get(path.name) if previous else None
    old = previous.get(old_state.code) if previous and old_state and old_state.code else None
    if old is not None and old.code not in catalogue.procedures:
        catalogue.procedures[old.code] = old
        catalogue.files[path.name] = FileState(str(path), old.code, problems, serving_previous=True)
    else:
        catalogue.files[path.name] = FileState(str(path), None, problems)
    log.warning(
        "procedure script has problems",
        extra={"file": path.name, "problems": len(problems), "serving_previous": old is not None},
    )
