"""The kiosk's local SQLite store: opened at start, checked, migrated.

WAL mode lets the UI read while a background job writes. If the integrity
check fails (power cut mid-write on a cheap SSD), the damaged file is moved
aside for the technician and a fresh store is created, so the kiosk still
starts; later issues refill it from the backend.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Each entry moves the schema one version up, as statements run in one
# transaction. Never edit a released step: add one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            ended_at REAL NOT NULL,
            duration_s REAL NOT NULL,
            reason TEXT NOT NULL,
            language TEXT NOT NULL
        )""",
    ),
    (
        # The PIN pad's wrong tries and lock-out, so a restart does not reset them.
        """CREATE TABLE pin_lockout (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            failures INTEGER NOT NULL,
            locked_until REAL NOT NULL
        )""",
    ),
    (
        # How often each procedure was begun here: a code and a number, nothing about who.
        """CREATE TABLE procedure_use (
            code TEXT PRIMARY KEY,
            begun INTEGER NOT NULL
        )""",
    ),
]


class StoreError(Exception):
    pass


@dataclass(frozen=True)
class OpenReport:
    path: Path
    schema_version: int
    integrity_ok: bool
    moved_aside: Path | None  # where a damaged store went, if it was damaged


class Store:
    def __init__(self, connection: sqlite3.Connection, report: OpenReport) -> None:
        self._db = connection
        self.report = report

    @classmethod
    def open(cls, path: Path, *, clock: Callable[[], float] = time.time) -> Store:
        connection, report = open_database(path, MIGRATIONS, clock=clock)
        return cls(connection, report)

    def close(self) -> None:
        self._db.close()

    def record_visit(self, *, ended_at: float, duration_s: float, reason: str, language: str) -> None:
        """A finished citizen visit, for service statistics. Nothing personal."""
        with self._db:
            self._db.execute(
                "INSERT INTO visits (ended_at, duration_s, reason, language) VALUES (?, ?, ?, ?)",
                (ended_at, duration_s, reason, language),
            )

    def pin_lockout(self) -> tuple[int, float]:
        row = self._db.execute("SELECT failures, locked_until FROM pin_lockout WHERE id = 1").fetchone()
        return (int(row[0]), float(row[1])) if row else (0, 0.0)

    def save_pin_lockout(self, failures: int, locked_until: float) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO pin_lockout (id, failures, locked_until) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, "
                "locked_until = excluded.locked_until",
                (failures, locked_until),
            )

    def count_begun(self, code: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO procedure_use (code, begun) VALUES (?, 1) "
                "ON CONFLICT (code) DO UPDATE SET begun = begun + 1",
                (code,),
            )

    def procedure_use(self) -> dict[str, int]:
        return {code: int(begun) for code, begun in self._db.execute("SELECT code, begun FROM procedure_use")}

    def visit_count(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM visits").fetchone()
        return int(row[0])


def open_database(
    path: Path,
    migrations: list[tuple[str, ...]],
    *,
    synchronous: str = "NORMAL",
    clock: Callable[[], float] = time.time,
) -> tuple[sqlite3.Connection, OpenReport]:
    """Open, check and migrate one SQLite file; a damaged file is moved aside and a fresh one made.

    ``synchronous``: NORMAL loses at most the last commits on a power cut
    (fine for statistics); FULL keeps every commit (the outbox).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    moved_aside = None
    integrity_ok = True
    try:
        connection = _connect_and_check(path, synchronous)
    except sqlite3.DatabaseError as exc:
        integrity_ok = False
        moved_aside = path.with_name(f"{path.name}.damaged-{int(clock())}")
        log.error(
            "local store failed its integrity check (%s); moved it aside", exc, extra={"file": path.name}
        )
        path.rename(moved_aside)
        for suffix in ("-wal", "-shm"):
            wal = Path(f"{path}{suffix}")
            if wal.exists():
                # Kept beside the damaged file: a salvage reads the two together.
                wal.rename(Path(f"{moved_aside}{suffix}"))
        try:
            connection = _connect_and_check(path, synchronous)
        except sqlite3.DatabaseError as again:
            raise StoreError(f"cannot create a fresh store at {path}: {again}") from again
    version = _migrate(connection, migrations)
    return connection, OpenReport(path, version, integrity_ok, moved_aside)


def _connect_and_check(path: Path, synchronous: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity_check said {result[0] if result else 'nothing'}")
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode != "wal":
            raise sqlite3.DatabaseError(f"could not switch to WAL (got {mode})")
        connection.execute(f"PRAGMA synchronous={'FULL' if synchronous == 'FULL' else 'NORMAL'}")
        connection.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def _migrate(connection: sqlite3.Connection, migrations: list[tuple[str, ...]]) -> int:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(migrations):
        raise StoreError(
            f"the store is schema version {version}, newer than this kiosk ({len(migrations)}); "
            "update the kiosk software"
        )
    for number, statements in enumerate(migrations[version:], start=version + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")
        except sqlite3.DatabaseError:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return len(migrations)
