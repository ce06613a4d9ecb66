"""The simulator's own SQLite: schema and seeded sample data.

Everything is derived from one seed, so two data folders made with the same
seed hold the same licences and keys (a sample payload made by one
simulator verifies against another). All people, codes and documents here
are invented.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from backend_simulator.signing import SigningKey

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosks (kiosk_id TEXT PRIMARY KEY, token_sha TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS keys (
    name TEXT PRIMARY KEY, kid TEXT NOT NULL UNIQUE, agency_vi TEXT NOT NULL, agency_en TEXT NOT NULL,
    public_key TEXT NOT NULL, not_before TEXT NOT NULL, not_after TEXT NOT NULL, revoked INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS licences (
    id INTEGER PRIMARY KEY, licence_id TEXT NOT NULL UNIQUE, ref TEXT NOT NULL UNIQUE,
    kind INTEGER NOT NULL, holder TEXT NOT NULL, status TEXT NOT NULL,
    valid_from TEXT NOT NULL, valid_until TEXT, revoked_at TEXT, key_name TEXT NOT NULL,
    signed_at TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS dossiers (
    code TEXT PRIMARY KEY, owner_id TEXT NOT NULL, lookup_secret TEXT NOT NULL, procedure_vi TEXT NOT NULL,
    procedure_en TEXT NOT NULL, status_code INTEGER NOT NULL, label_vi TEXT NOT NULL, label_en TEXT NOT NULL,
    updated_at TEXT NOT NULL, return_date TEXT, next_vi TEXT, next_en TEXT, counter INTEGER,
    history TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    citizen_id TEXT NOT NULL, procedure TEXT NOT NULL, document TEXT NOT NULL, title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL, state TEXT NOT NULL, held_since TEXT,
    PRIMARY KEY (citizen_id, procedure, document)
);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, operation TEXT NOT NULL, body_sha TEXT NOT NULL, status INTEGER NOT NULL,
    response TEXT NOT NULL, deliveries INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (key TEXT PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queue_counters (service TEXT NOT NULL, day TEXT NOT NULL, next INTEGER NOT NULL,
    PRIMARY KEY (service, day));
CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, service TEXT NOT NULL, lane TEXT NOT NULL,
    day TEXT NOT NULL, number INTEGER NOT NULL, issued_at TEXT NOT NULL, kiosk_id TEXT NOT NULL,
    UNIQUE (service, day, number));
CREATE TABLE IF NOT EXISTS heartbeats (kiosk_id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL);
"""

# The national status codes (TrangThaiHoSo) and this backend's own labels for them.
STATUS_LABELS: dict[int, tuple[str, str]] = {
    1: ("Mới đăng ký (chờ tiếp nhận)", "Registered online, waiting to be received"),
    2: ("Đã tiếp nhận", "Received"),
    3: ("Không được tiếp nhận", "Not accepted"),
    4: ("Đang giải quyết", "Being processed"),
    5: ("Chờ bổ sung hồ sơ", "Waiting for more documents"),
    6: ("Chờ nộp phí, lệ phí", "Waiting for the fee"),
    7: ("Công dân rút hồ sơ", "Withdrawn by the applicant"),
    8: ("Dừng giải quyết", "Processing stopped"),
    9: ("Đã có kết quả, chờ trả", "Done, ready to collect"),
    10: ("Đã trả kết quả", "Result handed over"),
}
NEXT_STEPS: dict[int, tuple[str, str] | None] = {
    1: (
        "Mang giấy tờ gốc đến quầy để được tiếp nhận.",
        "Bring the original papers to the counter to be received.",
    ),
    2: None,
    3: (
        "Xem lý do trong thông báo và liên hệ quầy hướng dẫn.",
        "See the reason in the notice and ask at the information desk.",
    ),
    4: None,
    5: (
        "Nộp bổ sung giấy tờ tại quầy trước ngày hẹn.",
        "Bring the missing documents to the counter before the due date.",
    ),
    6: (
        "Nộp phí tại quầy hoặc trực tuyến để hồ sơ được xử lý tiếp.",
        "Pay the fee at the counter or online so processing can go on.",
    ),
    7: None,
    8: ("Liên hệ quầy hướng dẫn để biết lý do.", "Ask at the information desk why."),
    9: (
        "Mang giấy hẹn và Căn cước đến quầy để nhận kết quả.",
        "Bring the appointment slip and your ID card to the counter to collect the result.",
    ),
    10: None,
}
AGENCIES = {
    "so-tu-phap-2024": ("Sở Tư pháp TP. Hồ Chí Minh", "Ho Chi Minh City Department of Justice"),
    "ubnd-sai-gon-2025": ("UBND Phường Sài Gòn", "Sai Gon Ward People's Committee"),
    "compromised-2025": ("Khóa đã thu hồi (mẫu)", "Revoked key (sample)"),
}
LICENCE_KINDS = [
    ("Giấy chứng nhận đăng ký hộ kinh doanh", "Household business registration certificate"),
    ("Giấy phép xây dựng", "Building permit"),
    ("Giấy chứng nhận đủ điều kiện an toàn thực phẩm", "Food safety certificate"),
    ("Giấy phép bán lẻ rượu", "Retail alcohol licence"),
]
UNITS = ["000.00.29.H29", "000.31.29.H29", "000.32.29.H29", "000.33.29.H29", "38.98.H29"]
FAMILY = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "HUỲNH", "VÕ", "ĐẶNG", "BÙI", "ĐỖ"]
MIDDLE = ["VĂN", "THỊ", "HỮU", "MINH", "NGỌC", "THANH", "QUỐC", "KIM"]
GIVEN = ["AN", "BÌNH", "CHÂU", "DŨNG", "HÀ", "HẢI", "KHOA", "LAN", "MAI", "NAM", "PHÚC", "TÂM", "VY"]

# The demo's invented citizens (the demo's ID card is the first).
DEMO_CITIZENS = ("079090001234", "079185004321")
# The demo's sample appointment slip (the kiosk's demo panel scans it): the first citizen's
# dossier, ready to collect.
DEMO_SLIP = ("000.00.29.H29-251201-0007", 9)
# Bumped when the seeded data changes shape: an older data folder is seeded again.
DATA_VERSION = "2"
DEMO_KIOSKS = ("kiosk-01", "sg-kiosk-01", "demo")


@dataclass(frozen=True)
class Seeded:
    licences: int
    dossiers: int


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One transaction (the connection is in autocommit mode, so ``with db`` alone would not begin one)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    return db


def licence_ref(licence_id: str) -> str:
    return hashlib.sha256(licence_id.encode()).hexdigest()


def slip_ref(code: str, seed: int) -> str:
    """The opaque id a slip's lookup URL carries (``.../tra-cuu-ho-so?ref=...``): not the code."""
    return hashlib.sha256(f"slip:{seed}:{code}".encode()).hexdigest()[:24]


def token_sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keys(seed: int) -> dict[str, SigningKey]:
    return {name: SigningKey.derived(name, seed) for name in AGENCIES}


def seed(db: sqlite3.Connection, *, seed: int, licences: int, today: date) -> Seeded:
    """Fill an empty database; one filled by this data version is left as it is."""
    version = db.execute("SELECT value FROM meta WHERE name = 'data_version'").fetchone()
    if version is not None and version[0] == DATA_VERSION:
        count = db.execute("SELECT COUNT(*) FROM licences").fetchone()[0]
        return Seeded(int(count), int(db.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]))
    with transaction(db):
        for table in (
            "meta",
            "keys",
            "licences",
            "dossiers",
            "documents",
            "idempotency",
            "events",
            "queue_counters",
            "tickets",
            "heartbeats",
        ):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    rng = random.Random(seed)
    signing = keys(seed)
    windows = {
        "so-tu-phap-2024": (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, 23, 59, tzinfo=UTC), 0),
        "ubnd-sai-gon-2025": (
            datetime(2025, 7, 1, tzinfo=UTC),
            datetime(2028, 12, 31, 23, 59, tzinfo=UTC),
            0,
        ),
        "compromised-2025": (datetime(2025, 7, 1, tzinfo=UTC), datetime(2028, 12, 31, 23, 59, tzinfo=UTC), 1),
    }
    with transaction(db):
        db.execute("INSERT INTO meta VALUES ('seeded', ?)", (today.isoformat(),))
        db.execute("INSERT INTO meta VALUES ('data_version', ?)", (DATA_VERSION,))
        db.execute("INSERT INTO meta VALUES ('seed', ?)", (str(seed),))
        db.execute("INSERT INTO meta VALUES ('epoch', '1')")
        db.execute("INSERT INTO meta VALUES ('seq', '0')")
        for name, (vi, en) in AGENCIES.items():
            key = signing[name]
            start, end, revoked = windows[name]
            db.execute(
                "INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    key.kid_text,
                    vi,
                    en,
                    base64.b64encode(key.public_raw).decode(),
                    start.isoformat(),
                    end.isoformat(),
                    revoked,
                ),
            )
        db.executemany(
            "INSERT INTO licences (licence_id, ref, kind, holder, status, valid_from, valid_until, "
            "revoked_at, key_name, signed_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _licences(rng, licences, today),
        )
        db.execute("UPDATE meta SET value = ? WHERE name = 'seq'", (str(licences),))
        dossiers = list(_dossiers(rng, today))
        db.executemany("INSERT INTO dossiers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", dossiers)
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)", _documents(today))
    return Seeded(licences, len(dossiers))


def _licences(rng: random.Random, count: int, today: date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    daily: dict[str, int] = {}
    for seq in range(1, count + 1):
        issued = today - timedelta(days=rng.randrange(1, 900))
        stem = f"{rng.choice(UNITS)}-{issued:%y%m%d}"
        daily[stem] = daily.get(stem, 0) + 1
        licence_id = f"{stem}-{daily[stem]:04d}-KQ{rng.choice((1, 1, 1, 2))}"
        kind = rng.randrange(len(LICENCE_KINDS))
        roll = rng.random()
        valid_until: date | None = issued + timedelta(days=rng.choice((365, 730, 1825)))
        if kind == 0:
            valid_until = None  # a household business certificate does not expire
        status, revoked_at = "valid", None
        if roll < 0.03:
            status, revoked_at = "revoked", f"{issued + timedelta(days=30):%Y-%m-%d}T09:00:00+07:00"
        elif roll < 0.06 and kind != 0:
            valid_until = today - timedelta(days=rng.randrange(1, 200))
        # Licences issued before mid-2025 carry the department's retired key.
        key_name = "so-tu-phap-2024" if issued < date(2025, 7, 1) else "ubnd-sai-gon-2025"
        holder = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        rows.append(
            (
                licence_id,
                licence_ref(licence_id),
                kind,
                holder,
                status,
                issued.isoformat(),
                valid_until.isoformat() if valid_until else None,
                revoked_at,
                key_name,
                f"{issued.isoformat()}T10:00:00+07:00",
                seq,
            )
        )
    return rows


def _dossiers(rng: random.Random, today: date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    procedures = [
        ("Đăng ký khai sinh", "Birth registration"),
        ("Chứng thực bản sao từ bản chính", "Certified copy from the original"),
        ("Đăng ký thành lập hộ kinh doanh", "Household business registration"),
        ("Đăng ký thường trú", "Permanent residence registration"),
    ]
    number = 0
    for owner in DEMO_CITIZENS:
        for status in range(1, 11):
            number += 1
            received = today - timedelta(days=status + number % 3)
            code = f"000.00.29.H29-{received:%y%m%d}-{number:04d}"
            if (owner, status) == (DEMO_CITIZENS[0], DEMO_SLIP[1]):
                code = DEMO_SLIP[0]
            secret = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
            vi, en = procedures[number % len(procedures)]
            label_vi, label_en = STATUS_LABELS[status]
            step = NEXT_STEPS[status]
            history = [
                {
                    "status_code": code_,
                    "status_label": dict(zip(("vi", "en"), STATUS_LABELS[code_], strict=True)),
                    "at": f"{received + timedelta(days=i):%Y-%m-%d}T08:3{i % 10}:00+07:00",
                }
                for i, code_ in enumerate(_path_to(status))
            ]
            return_date = None if status in (3, 7, 8) else (received + timedelta(days=5)).isoformat()
            rows.append(
                (
                    code,
                    owner,
                    secret,
                    vi,
                    en,
                    status,
                    label_vi,
                    label_en,
                    history[-1]["at"],
                    return_date,
                    step[0] if step else None,
                    step[1] if step else None,
                    2 + number % 4,
                    json.dumps(history),
                )
            )
    return rows


def _path_to(status: int) -> list[int]:
    """The statuses a dossier passed through to reach ``status``."""
    paths = {
        1: [1],
        2: [1, 2],
        3: [1, 3],
        4: [2, 4],
        5: [2, 4, 5],
        6: [2, 4, 6],
        7: [2, 7],
        8: [2, 4, 8],
        9: [2, 4, 9],
        10: [2, 4, 9, 10],
    }
    return paths[status]


def _documents(today: date) -> list[tuple[object, ...]]:
    citizen = DEMO_CITIZENS[0]
    since = (today - timedelta(days=400)).isoformat()
    return [
        (
            citizen,
            "1.001193",
            "marriage_certificate",
            "Giấy chứng nhận kết hôn",
            "Marriage certificate",
            "reusable",
            since,
        ),
        (citizen, "1.001193", "declarant_id", "Căn cước công dân", "Citizen ID card", "reusable", since),
        (
            citizen,
            "2.000575",
            "owner_id",
            "Bản sao Căn cước của chủ hộ",
            "Copy of the owner's ID card",
            "reusable",
            since,
        ),
        (
            citizen,
            "1.004222",
            "ownership",
            "Giấy chứng nhận quyền sử dụng đất (bản số hóa)",
            "Land use right certificate (digitised copy)",
            "digitised",
            since,
        ),
        (
            citizen,
            "1.000894",
            "marital_status",
            "Giấy xác nhận tình trạng hôn nhân",
            "Marital status certificate",
            "reusable",
            since,
        ),
    ]
