"""The catalogue in service: loading, search, tailoring, and staff publishing.

The folder in service lives in the kiosk's data folder (staff publish there);
on first start it is filled from the scripts shipped with the kiosk. Publishing
is atomic (temporary file, fsync, rename), one publisher at a time, and keeps
the replaced versions in ``.history/`` (written the same way, the newest
``HISTORY_KEEP``) for a one-tap rollback. A script with problems is never
published. A publish killed at any point leaves the live file and every
history entry whole; its temporary file is removed at the next start.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk_app.atomic_file import write_atomically
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import CATEGORIES_FILE, Catalogue, load_catalogue, script_files
from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import Checklist, tailor
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.reader import ScriptProblem
from kiosk_app.catalogue.search import Hit, SearchIndex
from kiosk_app.events import Event

log = logging.getLogger(__name__)
HISTORY = ".history"
# Earlier versions kept per script: enough to undo a morning's edits, bounded on disk.
HISTORY_KEEP = 20
LOCK_FILE = ".publish.lock"
SCRIPT_MODE = 0o644
_STAMP = re.compile(r"^\d{8}T\d{12}(-\d{4})?$")
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
            self.remove_leftovers()
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

    def search(self, query: str, limit: int = 20, *, typing: bool = False) -> list[Hit]:
        return self.index.search(query, limit, typing=typing)

    def tailor(self, procedure: Procedure, answers: dict[str, AnswerValue]) -> Checklist:
        return tailor(procedure, answers, received_at=self._now(), calendar=self.calendar)

    # --- staff -----------------------------------------------------------------------

    def check(self, file_name: str, data: bytes) -> list[ScriptProblem]:
        """Problems with this text as ``file_name``, in the context of the other scripts."""
        return self.examine(file_name, data)[1]

    def examine(self, file_name: str, data: bytes) -> tuple[Procedure | None, list[ScriptProblem]]:
        """The procedure this text would publish (for a preview), or its problems.

        Bounded in time for any text under the size limit, yet not instant:
        callers on the GUI thread run it as a background job.
        """
        if not _FILE_NAME.match(file_name):
            return None, [
                ScriptProblem(
                    file_name, 1, 1, "a script's file name is lower-case letters, digits and -, ending .yaml"
                )
            ]
        procedure, problems = load_procedure(data, file_name, self.catalogue.categories)
        if procedure is not None:
            other = self.catalogue.get(procedure.code)
            if other is not None and Path(other.source_file).name != file_name:
                return None, [
                    ScriptProblem(
                        file_name,
                        1,
                        1,
                        f"the code {procedure.code} is already used by {Path(other.source_file).name}",
                    )
                ]
        return procedure, problems

    def publish(self, file_name: str, data: bytes) -> list[ScriptProblem]:
        """Check, keep the old version in history, write atomically, reload. Nothing changes on problems."""
        problems = self.check(file_name, data)
        if problems:
            return problems
        with _publishing(self.folder):
            target = self.folder / file_name
            current = _read_or_none(target)
            if current == data:
                return []  # nothing to publish; history would only gain a copy of the live file
            if current is not None:
                self._keep(file_name, current)
            write_atomically(target, data, mode=SCRIPT_MODE)
            self._prune(file_name)
        log.info("procedure script published", extra={"file": file_name})
        self.reload()
        return []

    def history(self, file_name: str) -> list[Version]:
        """Earlier versions of a script, newest first."""
        folder = self.folder / HISTORY
        if not folder.is_dir() or not _FILE_NAME.match(file_name):
            return []
        versions = [
            Version(file_name, path.name[len(file_name) + 1 :], path)
            for path in folder.glob(f"{file_name}.*")
            if path.is_file() and _STAMP.match(path.name[len(file_name) + 1 :])
        ]
        return sorted(versions, key=lambda v: v.saved_at, reverse=True)

    def rollback(self, file_name: str) -> list[ScriptProblem]:
        """Put back the newest earlier version that differs and is whole (the current one goes to history).

        Safe to interrupt at any point: a copy of the live file left in history
        by an interrupted rollback is skipped (and removed), and a damaged entry
        is passed over for the one before it.
        """
        with _publishing(self.folder):
            target = self.folder / file_name
            live = _read_or_none(target)
            for version in self.history(file_name):
                data = _read_or_none(version.path)
                if data is None:
                    continue
                if data == live:
                    version.path.unlink(missing_ok=True)
                    continue
                if self.check(file_name, data):
                    log.warning("skipping a damaged history entry", extra={"file": file_name})
                    continue
                if live is not None:
                    self._keep(file_name, live)
                write_atomically(target, data, mode=SCRIPT_MODE)
                version.path.unlink(missing_ok=True)
                self._prune(file_name)
                break
            else:
                return [ScriptProblem(file_name, 1, 1, "there is no earlier version to go back to")]
        log.info("procedure script rolled back", extra={"file": file_name})
        self.reload()
        return []

    def _keep(self, file_name: str, data: bytes) -> None:
        """The replaced version, written whole into history (never a half-copied entry)."""
        history = self.folder / HISTORY
        history.mkdir(exist_ok=True)
        stamp = self._now().strftime("%Y%m%dT%H%M%S%f")
        newest = self.history(file_name)
        if newest and newest[0].saved_at >= stamp:  # a clock that stood still or went back
            stamp = f"{newest[0].saved_at[:21]}-{_sequence(newest[0].saved_at) + 1:04d}"
        write_atomically(history / f"{file_name}.{stamp}", data, mode=SCRIPT_MODE)

    def _prune(self, file_name: str) -> None:
        for version in self.history(file_name)[HISTORY_KEEP:]:
            version.path.unlink(missing_ok=True)

    def remove_leftovers(self) -> int:
        """What a publish interrupted by a power cut or a kill left behind; how many files went.

        Its temporary files, and a history copy of the live file (written just
        before the kill, so the new text never replaced it): such a copy is no
        earlier version and would make Roll back look possible and do nothing.
        """
        removed = 0
        with _publishing(self.folder):
            for folder in (self.folder, self.folder / HISTORY):
                if not folder.is_dir():
                    continue
                for path in folder.glob(".*.tmp"):
                    path.unlink(missing_ok=True)
                    removed += 1
            for live in script_files(self.folder):
                data = _read_or_none(live)
                for version in self.history(live.name):
                    if _read_or_none(version.path) == data:
                        version.path.unlink(missing_ok=True)
                        removed += 1
        if removed:
            log.info("removed what an interrupted publish left", extra={"count": removed})
        return removed


def _sequence(stamp: str) -> int:
    return int(stamp[22:]) if len(stamp) > 22 else 0


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@contextmanager
def _publishing(folder: Path) -> Iterator[None]:
    """One publisher at a time, across processes (the kiosk and `kiosk procedures publish`)."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
