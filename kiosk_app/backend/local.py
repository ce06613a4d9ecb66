"""What the kiosk keeps of the backend: the licence replica, the sync cursor, the trust list, the outbox.

Its own SQLite file (``backend.sqlite3``) beside the kiosk's store, so a
100,000-record sync never competes with a citizen's tap for the same
connection, and with ``synchronous=FULL``: an outbox row that committed
survives a power cut. Nothing personal is kept: licences are named by the
SHA-256 of their ID (the feed never carries the ID), and dossier statuses
are never written here.

At start the file is checked; a damaged one is moved aside and the pending
outbox rows are salvaged from it into the fresh file before anything else
runs, so a power cut never loses an event the kiosk promised to deliver.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk_app.store import OpenReport, open_database

if TYPE_CHECKING:
    from kiosk_app.backend import models

log = logging.getLogger(__name__)

MIGRATIONS: list[tuple[str, ...]] = [
    (
        # ref: the SHA-256 of the licence ID, 32 bytes; generation: which full pass last saw it.
        """CREATE TABLE licences (
            ref BLOB PRIMARY KEY,
            revoked INTEGER NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT,
            revoked_at TEXT,
            seq INTEGER NOT NULL,
            generation INTEGER NOT NULL
        ) WITHOUT ROWID""",
        "CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE trust_keys (
            kid TEXT PRIMARY KEY,
            agency_vi TEXT NOT NULL,
            agency_en TEXT NOT NULL,
            public_key BLOB NOT NULL,
            not_before REAL NOT NULL,
            not_after REAL NOT NULL,
            revoked INTEGER NOT NULL
        )""",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            body BLOB NOT NULL,
            created_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            dead INTEGER NOT NULL DEFAULT 0
        )""",
    ),
    (
        # Numbers the backend reserved for this kiosk, to hand out while the link is down.
        """CREATE TABLE queue_blocks (
            service TEXT NOT NULL,
            day TEXT NOT NULL,
            first INTEGER NOT NULL,
            last INTEGER NOT NULL,
            next INTEGER NOT NULL,
            reserved_with TEXT NOT NULL UNIQUE,
            PRIMARY KEY (service, day, first)
        )""",
        # Every ticket handed over (or voided), with its outbox event in the same transaction.
        """CREATE TABLE tickets (
            key TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            day TEXT NOT NULL,
            number INTEGER NOT NULL,
            lane TEXT NOT NULL,
            offline INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            at REAL NOT NULL
        )""",
    ),
]
OUTBOX_KINDS = ("ticket_issued", "ticket_void", "rating", "telemetry")
# A repeated or older record (the feed may deliver twice) never overwrites a newer one, and
# every record seen belongs to this pass: one statement, so a page costs one index walk.
_NEWER = "CASE WHEN excluded.seq >= licences.seq THEN excluded.{0} ELSE licences.{0} END"
UPSERT_LICENCE = (
    "INSERT INTO licences (ref, revoked, valid_from, valid_until, revoked_at, seq, generation) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET "
    + ", ".join(
        f"{column} = {_NEWER.format(column)}"
        for column in ("revoked", "valid_from", "valid_until", "revoked_at")
    )
    + ", seq = MAX(excluded.seq, licences.seq), generation = MAX(excluded.generation, licences.generation)"
)


@dataclass(frozen=True)
class ReplicaRecord:
    revoked: bool
    valid_from: date
    valid_until: date | None
    revoked_at: str | None


@dataclass(frozen=True)
class TrustedKey:
    kid: str
    agency_vi: str
    agency_en: str
    public_key: bytes
    not_before: float
    not_after: float
    revoked: bool


@dataclass(frozen=True)
class OutboxRow:
    id: int
    key: str
    kind: str
    body: bytes
    attempts: int


@dataclass(frozen=True)
class SyncCursor:
    cursor: str | None
    generation: int
    full_pass: bool  # a pass from an empty cursor is under way: records it does not see get dropped


class BackendStore:
    def __init__(self, connection: sqlite3.Connection, report: OpenReport, salvaged: int) -> None:
        self._db = connection  # the one writer, behind the lock
        self._lock = threading.RLock()
        # Readers get their own connection per thread: in WAL mode they read the last commit
        # while a page of the sync is being written, instead of waiting for its fsync.
        self._readers = threading.local()
        self._all_readers: list[sqlite3.Connection] = []
        self.report = report
        self.salvaged = salvaged

    @classmethod
    def open(cls, path: Path, *, clock: Callable[[], float] = time.time) -> BackendStore:
        connection, report = open_database(path, MIGRATIONS, synchronous="FULL", clock=clock)
        salvaged = 0
        if report.moved_aside is not None:
            salvaged = _salvage_outbox(report.moved_aside, connection)
            log.warning("salvaged pending outbox rows from the damaged store", extra={"rows": salvaged})
        return cls(connection, report, salvaged)

    def close(self) -> None:
        with self._lock:
            for reader in self._all_readers:
                reader.close()
            self._all_readers.clear()
            self._db.close()

    def _read(self) -> sqlite3.Connection:
        reader: sqlite3.Connection | None = getattr(self._readers, "connection", None)
        if reader is None:
            reader = sqlite3.connect(self.report.path, isolation_level=None, check_same_thread=False)
            reader.execute("PRAGMA query_only = ON")
            self._readers.connection = reader
            with self._lock:
                self._all_readers.append(reader)
        return reader

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: a write and its outbox row (``enqueue(within=...)``) commit together."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- sync state --------------------------------------------------------------
    def state(self, name: str) -> str | None:
        row = self._read().execute("SELECT value FROM sync_state WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    @staticmethod
    def _set_state(db: sqlite3.Connection, name: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM sync_state WHERE name = ?", (name,))
        else:
            db.execute(
                "INSERT INTO sync_state (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def set_state(self, name: str, value: str | None) -> None:
        with self.transaction() as db:
            self._set_state(db, name, value)

    def licence_cursor(self) -> SyncCursor:
        return SyncCursor(
            self.state("licences.cursor"),
            int(self.state("licences.generation") or 0),
            self.state("licences.full_pass") == "1",
        )

    def start_full_pass(self) -> SyncCursor:
        """Forget the cursor (a first sync, or the feed said 410): the next pages are a full copy."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM sync_state WHERE name = 'licences.generation'").fetchone()
            generation = int(row[0] if row else 0) + 1
            self._set_state(db, "licences.generation", str(generation))
            self._set_state(db, "licences.full_pass", "1")
            self._set_state(db, "licences.cursor", None)
        return SyncCursor(None, generation, True)

    def apply_page(self, page: models.LicencePage, generation: int, *, now: float) -> int:
        """The page's records and the cursor after them, in one transaction: a kill leaves both or neither."""
        rows = [
            (
                bytes.fromhex(item.ref),
                1 if item.status == "revoked" else 0,
                item.valid_from.isoformat(),
                item.valid_until.isoformat() if item.valid_until else None,
                item.revoked_at.isoformat() if item.revoked_at else None,
                item.seq,
                generation,
            )
            for item in page.items
        ]
        with self.transaction() as db:
            db.executemany(UPSERT_LICENCE, rows)
            self._set_state(db, "licences.cursor", page.next_cursor)
            if not page.more:
                full = db.execute("SELECT value FROM sync_state WHERE name = 'licences.full_pass'").fetchone()
                if full is not None and full[0] == "1":
                    dropped = db.execute("DELETE FROM licences WHERE generation < ?", (generation,)).rowcount
                    if dropped:
                        log.info(
                            "full licence pass dropped records the feed no longer has",
                            extra={"dropped": dropped},
                        )
                    self._set_state(db, "licences.full_pass", None)
                self._set_state(db, "licences.synced_at", repr(now))
        return len(rows)

    def licences_synced_at(self) -> float | None:
        value = self.state("licences.synced_at")
        return float(value) if value else None

    def licence(self, ref: bytes) -> ReplicaRecord | None:
        row = (
            self._read()
            .execute(
                "SELECT revoked, valid_from, valid_until, revoked_at FROM licences WHERE ref = ?", (ref,)
            )
            .fetchone()
        )
        if row is None:
            return None
        return ReplicaRecord(
            bool(row[0]),
            date.fromisoformat(row[1]),
            date.fromisoformat(row[2]) if row[2] else None,
            row[3],
        )

    def licence_count(self) -> int:
        return int(self._read().execute("SELECT COUNT(*) FROM licences").fetchone()[0])

    # --- trust list ----------------------------------------------------------------
    def replace_keys(self, keys: Sequence[models.SigningKey], etag: str | None, *, now: float) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM trust_keys")
            db.executemany(
                "INSERT INTO trust_keys VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        key.kid,
                        key.agency.vi,
                        key.agency.en,
                        base64.b64decode(key.public_key),
                        key.not_before.timestamp(),
                        key.not_after.timestamp(),
                        int(key.revoked),
                    )
                    for key in keys
                ],
            )
            self._set_state(db, "keys.etag", etag)
            self._set_state(db, "keys.synced_at", repr(now))

    def mark_keys_checked(self, *, now: float) -> None:
        self.set_state("keys.synced_at", repr(now))

    def trusted_key(self, kid: str) -> TrustedKey | None:
        row = (
            self._read()
            .execute(
                "SELECT kid, agency_vi, agency_en, public_key, not_before, not_after, revoked "
                "FROM trust_keys WHERE kid = ?",
                (kid,),
            )
            .fetchone()
        )
        if row is None:
            return None
        return TrustedKey(row[0], row[1], row[2], bytes(row[3]), row[4], row[5], bool(row[6]))

    def key_count(self) -> int:
        return int(self._read().execute("SELECT COUNT(*) FROM trust_keys").fetchone()[0])

    # --- outbox --------------------------------------------------------------------
    def enqueue(
        self,
        kind: str,
        data: dict[str, object],
        *,
        at: datetime,
        key: str | None = None,
        within: sqlite3.Connection | None = None,
    ) -> str:
        """Add an event to send; inside ``transaction()`` pass its connection as ``within``."""
        if kind not in OUTBOX_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        if at.tzinfo is None:
            raise ValueError("an event's time needs its offset (the backend refuses a naive time)")
        import msgspec

        key = key or uuid.uuid4().hex
        body = msgspec.json.encode({"kind": kind, "at": at.isoformat(), "data": data})
        statement = "INSERT INTO outbox (key, kind, body, created_at) VALUES (?, ?, ?, ?)"
        if within is not None:
            within.execute(statement, (key, kind, body, time.time()))
        else:
            with self.transaction() as db:
                db.execute(statement, (key, kind, body, time.time()))
        return key

    # --- queue numbers ---------------------------------------------------------------
    def add_block(self, service: str, day: str, first: int, last: int, reserved_with: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO queue_blocks VALUES (?, ?, ?, ?, ?, ?)",
                (service, day, first, last, first, reserved_with),
            )

    def blocks_reserved(self, service: str, day: str) -> int:
        row = (
            self._read()
            .execute("SELECT COUNT(*) FROM queue_blocks WHERE service = ? AND day = ?", (service, day))
            .fetchone()
        )
        return int(row[0])

    def numbers_left(self, service: str, day: str) -> int:
        row = (
            self._read()
            .execute(
                "SELECT COALESCE(SUM(last - next + 1), 0) FROM queue_blocks WHERE service = ? AND day = ? "
                "AND next <= last",
                (service, day),
            )
            .fetchone()
        )
        return int(row[0])

    def take_reserved_number(self, service: str, day: str) -> int | None:
        """The next number of today's reserved blocks, used up at once (a crash never hands it out twice)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT first, next FROM queue_blocks WHERE service = ? AND day = ? AND next <= last "
                "ORDER BY first LIMIT 1",
                (service, day),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE queue_blocks SET next = next + 1 WHERE service = ? AND day = ? AND first = ?",
                (service, day, row[0]),
            )
        return int(row[1])

    def record_ticket(
        self,
        *,
        key: str,
        service: str,
        day: str,
        number: int,
        lane: str,
        offline: bool,
        outcome: str,
        at: datetime,
    ) -> bool:
        """A ticket handed over ("printed", "on_screen") or not ("void"), and its event, in one transaction.

        False when this ticket was already recorded (a second tap, a retry): nothing is counted twice.
        """
        kind = "ticket_void" if outcome == "void" else "ticket_issued"
        data: dict[str, object] = {
            "service": service,
            "day": day,
            "number": number,
            "lane": lane,
            "offline": offline,
            "outcome": outcome,
        }
        with self.transaction() as db:
            done = db.execute(
                "INSERT OR IGNORE INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, service, day, number, lane, int(offline), outcome, at.timestamp()),
            ).rowcount
            if not done:
                return False
            self.enqueue(kind, data, at=at, key=f"ticket-{key}", within=db)
        return True

    def tickets(self, day: str) -> list[tuple[str, str, str, int]]:
        """(service, lane, outcome, count) for a day, for the service metrics."""
        query = "SELECT service, lane, outcome, COUNT(*) FROM tickets WHERE day = ? GROUP BY 1, 2, 3"
        rows = self._read().execute(query, (day,)).fetchall()
        return [(str(a), str(b), str(c), int(n)) for a, b, c, n in rows]

    def due(self, now: float, limit: int = 50) -> list[OutboxRow]:
        rows = (
            self._read()
            .execute(
                "SELECT id, key, kind, body, attempts FROM outbox WHERE dead = 0 AND next_attempt_at <= ? "
                "ORDER BY id LIMIT ?",
                (now, limit),
            )
            .fetchall()
        )
        return [OutboxRow(r[0], r[1], r[2], bytes(r[3]), r[4]) for r in rows]

    def sent(self, row_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    def retry_later(self, row_id: int, error: str, at: float) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                (at, error[:200], row_id),
            )

    def give_up(self, row_id: int, error: str) -> None:
        """The backend refused the event for good (409, 422): kept for the technician, not resent."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET dead = 1, attempts = attempts + 1, last_error = ? WHERE id = ?",
                (error[:200], row_id),
            )

    def outbox_counts(self) -> tuple[int, int]:
        """(pending, given up)."""
        row = (
            self._read()
            .execute("SELECT COALESCE(SUM(dead = 0), 0), COALESCE(SUM(dead = 1), 0) FROM outbox")
            .fetchone()
        )
        return int(row[0]), int(row[1])


def _salvage_outbox(damaged: Path, fresh: sqlite3.Connection) -> int:
    """Copy every outbox row still readable in ``damaged`` into ``fresh``; the rest of it is lost."""
    try:
        old = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    copied = 0
    try:
        try:
            highest = old.execute("SELECT MAX(id) FROM outbox").fetchone()[0] or 0
        except sqlite3.DatabaseError:
            highest = 100_000  # the index is damaged: probe row by row
        for row_id in range(1, int(highest) + 1):
            try:
                row = old.execute(
                    "SELECT key, kind, body, created_at FROM outbox WHERE id = ? AND dead = 0", (row_id,)
                ).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is None:
                continue
            try:
                fresh.execute(
                    "INSERT OR IGNORE INTO outbox (key, kind, body, created_at) VALUES (?, ?, ?, ?)", row
                )
                copied += 1
            except sqlite3.DatabaseError:
                continue
    finally:
        old.close()
    return copied
