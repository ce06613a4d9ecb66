"""The catalogue in service: loading, search, tailoring, and staff publishing.

The folder in service lives in the kiosk's data folder (staff publish there);
on first start it is filled from the scripts shipped with the kiosk. Publishing
is atomic (temporary file, fsync, rename) and keeps every replaced version in
``.history/`` for a one-tap rollback. A script with problems is never published.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import CATEGORIES_FILE, Catalogue, load_catalogue
from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import Checklist, tailor
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.reader import ScriptProblem
from kiosk_app.catalogue.search import Hit, SearchIndex
from kiosk_app.events import Event

log = logging.getLogger(__name__)
HISTORY = ".history"
_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}\.yaml$")


@dataclass(frozen=True)
class Version:
    file: str
    saved_at: str  # sortable stamp, e.g. 20261129T101500
    path: Path


class CatalogueService:
    def __init__(
        self,
        folder: Path,
        shipped: Path,
        *,
        calendar: WorkCalendar,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.folder = folder
        self.shipped = shipped
        self.calendar = calendar
        self._now = now
        self._catalogue = Catalogue(folder, {}, {})
        self._index = SearchIndex(())
        self._loaded = False
        self._lock = threading.RLock()
        # Told after every load, publish and rollback, from the thread that did it:
        # the UI brings it to the GUI thread, and screens showing procedures refresh.
        self.changed = Event[Catalogue]()

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue as last loaded: empty until ``ensure_loaded`` ran; never loads (never blocks)."""
        return self._catalogue

    @property
    def index(self) -> SearchIndex:
        return self._index

    @property
    def loaded(self) -> bool:
        return self._loaded

    def ensure_loaded(self) -> None:
        """Load once (blocking: the kiosk runs this in the background after its first paint)."""
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self.load()

    # --- loading ---------------------------------------------------------------

    def load(self) -> Catalogue:
        with self._lock:
            self._seed()
            return self.reload()

    def reload(self) -> Catalogue:
        """Read every script again; broken files keep serving their last good version."""
        with self._lock:
            previous = self._catalogue if self._catalogue.procedures else None
            catalogue = load_catalogue(self.folder, previous=previous, use_cache=True)
            self._catalogue, self._index = catalogue, SearchIndex(catalogue.procedures.values())
            self._loaded = True
        log.info(
            "procedure catalogue loaded",
            extra={"procedures": len(catalogue.procedures), "problems": len(catalogue.problems)},
        )
        self.changed.emit(catalogue)
        return catalogue

    def _seed(self) -> None:
        if (self.folder / CATEGORIES_FILE).exists() or not self.shipped.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for source in self.shipped.glob("*.yaml"):
            if not (self.folder / source.name).exists():
                shutil.copy2(source, self.folder / source.name)

    # --- citizens ------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        return self.index.search(query, limit)

    def tailor(self, procedure: Procedure, answers: dict[str, AnswerValue]) -> Checklist:
        return tailor(procedure, answers, received_at=self._now(), calendar=self.calendar)

    # --- staff -----------------------------------------------------------------------

    def check(self, file_name: str, data: bytes) -> list[ScriptProblem]:
        """Problems with this text as ``file_name``, in the context of the other scripts."""
        if not _FILE_NAME.match(file_name):
            return [
                ScriptProblem(
                    file_name, 1, 1, "a script's file name is lower-case letters, digits and -, ending .yaml"
                )
            ]
        procedure, problems = load_procedure(data, file_name, self.catalogue.categories)
        if procedure is not None:
            other = self.catalogue.get(procedure.code)
            if other is not None and Path(other.source_file).name != file_name:
                problems = [
                    ScriptProblem(
                        file_name,
                        1,
                        1,
                        f"the code {procedure.code} is already used by {Path(other.source_file).name}",
                    )
                ]
        return problems

    def publish(self, file_name: str, data: bytes) -> list[ScriptProblem]:
        """Check, keep the old version in history, write atomically, reload. Nothing changes on problems."""
        problems = self.check(file_name, data)
        if problems:
            return problems
        target = self.folder / file_name
        if target.exists():
            history = self.folder / HISTORY
            history.mkdir(exist_ok=True)
            stamp = self._now().strftime("%Y%m%dT%H%M%S%f")
            shutil.copy2(target, history / f"{file_name}.{stamp}")
        _write_atomically(target, data)
        log.info("procedure script published", extra={"file": file_name})
        self.reload()
        return []

    def history(self, file_name: str) -> list[Version]:
        """Earlier versions of a script, newest first."""
        folder = self.folder / HISTORY
        versions = (
            [
                Version(file_name, path.name[len(file_name) + 1 :], path)
                for path in folder.glob(f"{file_name}.*")
                if path.is_file()
            ]
            if folder.is_dir()
            else []
        )
        return sorted(versions, key=lambda v: v.saved_at, reverse=True)

    def rollback(self, file_name: str) -> list[ScriptProblem]:
        """Put back the version before the current one (the current one goes to history)."""
        versions = self.history(file_name)
        if not versions:
            return [ScriptProblem(file_name, 1, 1, "there is no earlier version to go back to")]
        previous = versions[0]
        data = previous.path.read_bytes()
        problems = self.publish(file_name, data)
        if not problems:
            previous.path.unlink()
        return problems


def _write_atomically(target: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one, even after a power cut."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
