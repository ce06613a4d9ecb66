"""The simulator's HTTP routes: ``docs/backend-api.yaml`` over the seeded SQLite.

Requests are checked as strictly as the contract says (unknown fields,
patterns, ranges: 422), so schemathesis holds both sides to the same file.
``/_sim/...`` are the simulator's own controls (faults, churn, counts), not
part of the contract.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

import msgspec
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend_simulator.data import STATUS_LABELS, slip_ref, token_sha, transaction
from backend_simulator.faults import FaultBox, FaultMiddleware, FaultSpecError

# \Z, not $: in Python $ also matches before a final newline, which JSON Schema's does not.
DOSSIER_CODE = r"^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}\Z"
ID_NUMBER = r"^([0-9]{12}|[0-9]{9})\Z"
CURSOR = re.compile(r"e([0-9]{1,9})\.([0-9]{1,18})")
SERVICE = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9-]{1,40}\Z")]
AwareTime = Annotated[datetime, msgspec.Meta(tz=True)]
MAX_ERROR = 500
CENTRE_TIME = timezone(timedelta(hours=7), "ICT")  # Vietnam: no daylight saving
BOOKING_GRACE_MIN = 30  # a citizen may check in up to half an hour late
LOOKUPS_PER_MINUTE = 60


class DossierQuery(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=48, pattern=DOSSIER_CODE)] | None = None
    slip_ref: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{8,64}\Z")] | None = None
    owner_id: Annotated[str, msgspec.Meta(pattern=ID_NUMBER)] | None = None
    lookup_secret: Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9]{6,12}\Z")] | None = None


class Verification(msgspec.Struct, forbid_unknown_fields=True):
    method: Literal["chip", "qr"]
    passive_authentication: bool


class DocumentsQuery(msgspec.Struct, forbid_unknown_fields=True):
    citizen_id: Annotated[str, msgspec.Meta(pattern=ID_NUMBER)]
    verification: Verification
    consent: bool
    procedures: Annotated[
        list[Annotated[str, msgspec.Meta(pattern=r"^[0-9A-Za-z.]{1,40}\Z")]],
        msgspec.Meta(min_length=1, max_length=20),
    ]


class CheckInBody(msgspec.Struct, forbid_unknown_fields=True):
    booking_code: Annotated[str, msgspec.Meta(pattern=r"^LH[0-9]{6}[0-9]{3,5}\Z")]


class TicketRequest(msgspec.Struct, forbid_unknown_fields=True):
    service: SERVICE
    lane: Literal["standard", "priority", "appointment"]


class BlockRequest(msgspec.Struct, forbid_unknown_fields=True):
    service: SERVICE
    size: Annotated[int, msgspec.Meta(ge=1, le=500)]


class EventBody(msgspec.Struct, forbid_unknown_fields=True):
    kind: Literal["ticket_issued", "ticket_void", "rating", "telemetry"]
    at: AwareTime
    data: Annotated[dict[str, Any], msgspec.Meta(max_length=40)]


class HeartbeatBody(msgspec.Struct, forbid_unknown_fields=True):
    at: AwareTime
    version: Annotated[str, msgspec.Meta(max_length=40)]
    devices: Annotated[dict[str, Literal["ok", "degraded", "offline"]], msgspec.Meta(max_length=20)]
    outbox_pending: Annotated[int, msgspec.Meta(ge=0)]
    licence_data_as_of: AwareTime | None = None
    metrics: Annotated[dict[str, float], msgspec.Meta(max_length=200)] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.retry_after = retry_after


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    # Messages may repeat a bad field name; the contract caps them at 500 characters.
    return JSONResponse({"error": message[:MAX_ERROR], "code": code}, status_code=status, headers=headers)


def _whole_numbers(value: Any) -> Any:
    """1.0 is an integer in JSON Schema; msgspec's strict mode would refuse it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


class Simulator:
    def __init__(
        self, db: sqlite3.Connection, box: FaultBox, *, today: Callable[[], date], seed: int = 2025
    ) -> None:
        self.db = db
        self.seed = seed
        self.box = box
        self.today = today
        self._lookups: dict[str, deque[float]] = {}

    # --- helpers --------------------------------------------------------------
    def kiosk(self, request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, "unauthorised", "a kiosk credential is required")
        row = self.db.execute(
            "SELECT kiosk_id FROM kiosks WHERE token_sha = ?", (token_sha(token),)
        ).fetchone()
        if row is None:
            raise ApiError(401, "unauthorised", "unknown credential")
        return str(row[0])

    def meta(self, name: str) -> str:
        return str(self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()[0])

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("UPDATE meta SET value = ? WHERE name = ?", (value, name))

    @staticmethod
    async def body(request: Request, kind: type[Any]) -> Any:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise ApiError(415, "media_type", "send the body as application/json")
        raw = await request.body()
        if len(raw) > 64 * 1024:
            raise ApiError(422, "too_large", "the body is larger than 64 KB")
        try:
            return msgspec.convert(_whole_numbers(msgspec.json.decode(raw)), type=kind)
        except msgspec.ValidationError as exc:
            raise ApiError(422, "invalid", str(exc)) from None
        except msgspec.DecodeError:
            raise ApiError(422, "not_json", "the body is not JSON") from None

    @staticmethod
    def idempotency_key(request: Request) -> str:
        key = request.headers.get("idempotency-key")
        if (
            key is None
            or not 8 <= len(key) <= 80
            or not all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
        ):
            raise ApiError(
                422,
                "idempotency_key",
                "an Idempotency-Key header of 8-80 letters, digits, _ or - is required",
            )
        return key

    def once(
        self,
        kiosk: str,
        key: str,
        operation: str,
        body: Any,
        create: Callable[[], dict[str, Any]],
        created: int,
    ) -> JSONResponse:
        """Run ``create`` once per (kiosk, key); repeat its answer for the same body, 409 for another body.

        Keys are scoped to the credential: another kiosk's key is never this kiosk's.
        """
        key = f"{kiosk}/{key}"
        body_sha = hashlib.sha256(msgspec.json.encode(body, order="sorted")).hexdigest()
        with transaction(self.db):
            row = self.db.execute(
                "SELECT operation, body_sha, response FROM idempotency WHERE key = ?", (key,)
            ).fetchone()
            if row is not None:
                if row[0] != operation or row[1] != body_sha:
                    raise ApiError(
                        409, "key_reused", "this Idempotency-Key was used with a different request"
                    )
                self.db.execute("UPDATE idempotency SET deliveries = deliveries + 1 WHERE key = ?", (key,))
                return JSONResponse(json.loads(row[2]), status_code=200)
            response = create()
            self.db.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?, 1)",
                (key, operation, body_sha, created, json.dumps(response, ensure_ascii=False)),
            )
        return JSONResponse(response, status_code=created)

    # --- the contract ---------------------------------------------------------
    async def dossier_status(self, request: Request) -> Response:
        kiosk = self.kiosk(request)
        query: DossierQuery = await self.body(request, DossierQuery)
        if (query.code is None) == (query.slip_ref is None):
            raise ApiError(422, "which_dossier", "give exactly one of code and slip_ref")
        if (query.owner_id is None) == (query.lookup_secret is None):
            raise ApiError(422, "second_factor", "give exactly one of owner_id and lookup_secret")
        now = time.monotonic()
        window = self._lookups.setdefault(kiosk, deque())
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= LOOKUPS_PER_MINUTE:
            raise ApiError(
                429, "rate_limited", "too many lookups from this kiosk; wait a minute", retry_after=60
            )
        window.append(now)
        code = query.code
        if query.slip_ref is not None:
            codes = [str(r[0]) for r in self.db.execute("SELECT code FROM dossiers")]
            code = next((c for c in codes if hmac.compare_digest(slip_ref(c, self.seed), query.slip_ref)), "")
        row = self.db.execute(
            "SELECT code, owner_id, lookup_secret, procedure_vi, procedure_en, status_code, label_vi, label_en, "
            "updated_at, return_date, next_vi, next_en, counter, history FROM dossiers WHERE code = ?",
            (code,),
        ).fetchone()
        matches = row is not None and (
            (query.owner_id is not None and hmac.compare_digest(query.owner_id, row[1]))
            or (query.lookup_secret is not None and hmac.compare_digest(query.lookup_secret, row[2]))
        )
        if not matches:
            # The same answer for an unknown code and a wrong second factor.
            raise ApiError(404, "not_found", "no dossier matches this code and second factor")
        assert row is not None
        return JSONResponse(
            {
                "code": row[0],
                "procedure": {"vi": row[3], "en": row[4]},
                "status_code": row[5],
                "status_label": {"vi": row[6], "en": row[7]},
                "updated_at": row[8],
                "return_date": row[9],
                "next_step": {"vi": row[10], "en": row[11]} if row[10] else None,
                "counter": row[12],
                "history": json.loads(row[13]),
            }
        )

    async def licence_changes(self, request: Request) -> Response:
        self.kiosk(request)
        params = request.query_params
        unknown = set(params) - {"cursor", "limit"}
        if unknown:
            raise ApiError(422, "invalid", f"unknown parameters: {', '.join(sorted(unknown))}")
        limit_text = params.get("limit", "1000")
        if not (limit_text.isascii() and limit_text.isdigit()) or not 1 <= int(limit_text) <= 5000:
            raise ApiError(422, "invalid", "limit is a whole number from 1 to 5000")
        limit = int(limit_text)
        cursor = params.get("cursor")
        epoch = int(self.meta("epoch"))
        faults = self.box.faults
        if faults.reset_cursor and cursor is not None:
            # The backend rebuilt its feed: every cursor handed out so far is void.
            self.box.faults = faults.updated({"reset_cursor": False})
            with transaction(self.db):
                self.set_meta("epoch", str(epoch + 1))
            raise ApiError(410, "cursor_reset", "the feed was rebuilt; start again without a cursor")
        after = 0
        if cursor is not None:
            found = CURSOR.fullmatch(cursor)
            if found is None:
                raise ApiError(422, "invalid", "malformed cursor: use the next_cursor the feed gave")
            if int(found[1]) != epoch:
                raise ApiError(410, "cursor_reset", "the feed was rebuilt; start again without a cursor")
            after = int(found[2])
        rows = self.db.execute(
            "SELECT ref, status, valid_from, valid_until, revoked_at, seq FROM licences "
            "WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        ).fetchall()
        items = [
            {
                "ref": r[0],
                "status": r[1],
                "valid_from": r[2],
                "valid_until": r[3],
                "revoked_at": r[4],
                "seq": r[5],
            }
            for r in rows
        ]
        last = rows[-1][5] if rows else after
        if rows and self.box.chance(faults.duplicate_rate):
            # Delivered twice: the first half again at the end of this page (within the page
            # limit), and the cursor only half way, so the second half comes again next time.
            half = len(items) // 2
            items = items[: max(half, limit - half)] + items[:half]
            if half:
                last = items[half - 1]["seq"]
        more = self.db.execute("SELECT 1 FROM licences WHERE seq > ? LIMIT 1", (last,)).fetchone() is not None
        return JSONResponse({"items": items, "next_cursor": f"e{epoch}.{last}", "more": more})

    async def signing_keys(self, request: Request) -> Response:
        self.kiosk(request)
        rows = self.db.execute(
            "SELECT kid, agency_vi, agency_en, public_key, not_before, not_after, revoked FROM keys ORDER BY kid"
        ).fetchall()
        body = {
            "keys": [
                {
                    "kid": r[0],
                    "agency": {"vi": r[1], "en": r[2]},
                    "alg": "EdDSA",
                    "public_key": r[3],
                    "not_before": r[4],
                    "not_after": r[5],
                    "revoked": bool(r[6]),
                }
                for r in rows
            ]
        }
        encoded = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
        etag = '"' + hashlib.sha256(encoded).hexdigest()[:32] + '"'
        asked = request.headers.get("if-none-match")
        if asked is not None and len(asked) > 200:
            raise ApiError(422, "invalid", "If-None-Match is at most 200 characters")
        if asked == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(encoded, media_type="application/json", headers={"ETag": etag})

    async def documents(self, request: Request) -> Response:
        self.kiosk(request)
        query: DocumentsQuery = await self.body(request, DocumentsQuery)
        if not query.consent:
            raise ApiError(403, "no_consent", "the citizen has not consented")
        if query.verification.method != "chip" or not query.verification.passive_authentication:
            raise ApiError(
                403, "not_verified", "documents on file need an identity verified from the card's chip"
            )
        marks = ",".join("?" * len(query.procedures))
        rows = self.db.execute(
            f"SELECT procedure, document, title_vi, title_en, state, held_since FROM documents "  # noqa: S608
            f"WHERE citizen_id = ? AND procedure IN ({marks}) ORDER BY procedure, document",
            (query.citizen_id, *query.procedures),
        ).fetchall()
        return JSONResponse(
            {
                "documents": [
                    {
                        "procedure": r[0],
                        "document": r[1],
                        "title": {"vi": r[2], "en": r[3]},
                        "state": r[4],
                        "held_since": r[5],
                    }
                    for r in rows
                ]
            }
        )

    async def issue_ticket(self, request: Request) -> Response:
        kiosk = self.kiosk(request)
        key = self.idempotency_key(request)
        ticket: TicketRequest = await self.body(request, TicketRequest)
        day = self.today().isoformat()

        def create() -> dict[str, Any]:
            return self._new_ticket(ticket.service, ticket.lane, kiosk, day)

        return self.once(kiosk, key, "ticket", ticket, create, 201)

    def _new_ticket(self, service: str, lane: str, kiosk: str, day: str) -> dict[str, Any]:
        # Numbered by one atomic counter per service and day, never by counting tickets.
        self.db.execute("INSERT INTO queue_counters VALUES (?, ?, 1) ON CONFLICT DO NOTHING", (service, day))
        number = int(
            self.db.execute(
                "UPDATE queue_counters SET next = next + 1 WHERE service = ? AND day = ? RETURNING next - 1",
                (service, day),
            ).fetchone()[0]
        )
        issued = datetime.now(UTC).isoformat()
        self.db.execute(
            "INSERT INTO tickets (service, lane, day, number, issued_at, kiosk_id) VALUES (?, ?, ?, ?, ?, ?)",
            (service, lane, day, number, issued, kiosk),
        )
        ahead = self.db.execute(
            "SELECT COUNT(*) FROM tickets WHERE service = ? AND day = ? AND number < ?",
            (service, day, number),
        ).fetchone()[0]
        counter = service.removeprefix("counter-")
        return {
            "number": number,
            "service": service,
            "lane": lane,
            "day": day,
            "counter": int(counter) if counter.isdigit() and 1 <= int(counter) <= 99 else None,
            "people_ahead": int(ahead),
            "issued_at": issued,
        }

    async def check_in(self, request: Request) -> Response:
        """Bookings are made up from their code: LH + date + number n (1-96), at 00:00 + 15 min x n, Vietnam
        time, for counter 2 + n % 4: every code of today names a slot, so a demo always finds one ahead."""
        kiosk = self.kiosk(request)
        key = self.idempotency_key(request)
        booking: CheckInBody = await self.body(request, CheckInBody)
        code = booking.booking_code
        try:
            day = date(2000 + int(code[2:4]), int(code[4:6]), int(code[6:8]))
        except ValueError:
            raise ApiError(404, "not_found", "no booking has this code") from None
        number = int(code[8:])
        if not 1 <= number <= 96:
            raise ApiError(404, "not_found", "no booking has this code")
        at = datetime(day.year, day.month, day.day, tzinfo=CENTRE_TIME) + timedelta(minutes=15 * number)
        today = datetime.now(CENTRE_TIME).date()
        if day > today:
            raise ApiError(409, "wrong_day", f"this booking is for {day.isoformat()}")
        if day < today or datetime.now(CENTRE_TIME) > at + timedelta(minutes=BOOKING_GRACE_MIN):
            raise ApiError(410, "expired", "this booking's time has passed")
        service = f"counter-{2 + number % 4}"

        def create() -> dict[str, Any]:
            return {
                "ticket": self._new_ticket(service, "appointment", kiosk, self.today().isoformat()),
                "appointment_at": at.isoformat(),
                "service": {"vi": f"Quầy số {2 + number % 4}", "en": f"Counter {2 + number % 4}"},
            }

        return self.once(kiosk, key, "check_in", booking, create, 201)

    async def reserve_block(self, request: Request) -> Response:
        kiosk = self.kiosk(request)
        key = self.idempotency_key(request)
        block: BlockRequest = await self.body(request, BlockRequest)
        day = self.today().isoformat()

        def create() -> dict[str, Any]:
            self.db.execute(
                "INSERT INTO queue_counters VALUES (?, ?, 1) ON CONFLICT DO NOTHING", (block.service, day)
            )
            first = int(
                self.db.execute(
                    "UPDATE queue_counters SET next = next + ? WHERE service = ? AND day = ? RETURNING next - ?",
                    (block.size, block.service, day, block.size),
                ).fetchone()[0]
            )
            return {"service": block.service, "day": day, "first": first, "last": first + block.size - 1}

        return self.once(kiosk, key, "block", block, create, 201)

    async def submit_event(self, request: Request) -> Response:
        kiosk = self.kiosk(request)
        key = self.idempotency_key(request)
        event: EventBody = await self.body(request, EventBody)

        def create() -> dict[str, Any]:
            self.db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?)",
                (
                    f"{kiosk}/{key}",
                    event.kind,
                    event.at.isoformat(),
                    json.dumps(event.data, ensure_ascii=False),
                ),
            )
            return {"key": key, "duplicate": False}

        response = self.once(kiosk, key, "event", event, create, 202)
        if response.status_code == 200:
            return JSONResponse({"key": key, "duplicate": True}, status_code=200)
        return response

    async def heartbeat(self, request: Request) -> Response:
        kiosk = self.kiosk(request)
        body: HeartbeatBody = await self.body(request, HeartbeatBody)
        if request.path_params["kiosk_id"] != kiosk:
            raise ApiError(403, "other_kiosk", "this credential belongs to another kiosk")
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO heartbeats VALUES (?, ?, ?) ON CONFLICT (kiosk_id) DO UPDATE SET at = excluded.at, "
                "body = excluded.body",
                (kiosk, datetime.now(UTC).isoformat(), msgspec.json.encode(body).decode()),
            )
        return JSONResponse({"server_time": datetime.now(UTC).isoformat()})

    # --- the simulator's own controls -----------------------------------------
    async def set_faults(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                changes = json.loads(await request.body() or b"{}")
                if not isinstance(changes, dict):
                    raise FaultSpecError("send a JSON object of fault names and values")
                self.box.faults = (
                    type(self.box.faults)() if changes.pop("clear", False) else self.box.faults
                ).updated(changes)
            except (ValueError, FaultSpecError) as exc:
                return error(422, "invalid", str(exc))
        return JSONResponse(self.box.faults.as_dict())

    async def churn(self, request: Request) -> Response:
        """Change ``count`` licences (a share of them revoked), as a day of the city's work would."""
        spec = json.loads(await request.body() or b"{}")
        count = int(spec.get("count", 1000))
        revoke_share = float(spec.get("revoke_share", 0.3))
        rng = self.box.rng
        with transaction(self.db):
            seq = int(self.meta("seq"))
            total = int(self.db.execute("SELECT MAX(id) FROM licences").fetchone()[0])
            chosen = rng.sample(range(1, total + 1), min(count, total))
            now = datetime.now(UTC).isoformat()
            for licence in chosen:
                seq += 1
                if rng.random() < revoke_share:
                    self.db.execute(
                        "UPDATE licences SET status = 'revoked', revoked_at = ?, seq = ? WHERE id = ?",
                        (now, seq, licence),
                    )
                else:
                    until = (self.today() + timedelta(days=365)).isoformat()
                    self.db.execute(
                        "UPDATE licences SET status = 'valid', revoked_at = NULL, valid_until = ?, seq = ? "
                        "WHERE id = ?",
                        (until, seq, licence),
                    )
            self.set_meta("seq", str(seq))
        return JSONResponse({"changed": len(chosen), "seq": seq})

    async def stats(self, request: Request) -> Response:
        rows = self.db.execute(
            "SELECT operation, COUNT(*), COALESCE(SUM(deliveries), 0) FROM idempotency GROUP BY operation"
        ).fetchall()
        by_operation = {r[0]: {"keys": r[1], "deliveries": r[2]} for r in rows}
        return JSONResponse(
            {
                "idempotency": by_operation,
                "events": self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                "tickets": self.db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0],
                "heartbeats": {r[0]: r[1] for r in self.db.execute("SELECT kiosk_id, at FROM heartbeats")},
                "licences": self.db.execute("SELECT COUNT(*) FROM licences").fetchone()[0],
                "seq": int(self.meta("seq")),
                "epoch": int(self.meta("epoch")),
                "labels": {str(code): list(label) for code, label in STATUS_LABELS.items()},
            }
        )


def _guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except ClientDisconnect:
            return Response(status_code=499)  # the kiosk gave up (its timeout): nothing to answer
        except ApiError as problem:
            headers = {"Retry-After": str(problem.retry_after)} if problem.retry_after else None
            return error(problem.status, problem.code, problem.message, headers)

    return run


async def _plain_error(request: Request, exc: Exception) -> Response:
    """Errors outside the routes (unknown path, wrong method, a crash) answer in the contract's shape too."""
    status = getattr(exc, "status_code", 500)
    codes = {404: "not_found", 405: "method_not_allowed"}
    headers = dict(getattr(exc, "headers", None) or {})  # 405 carries Allow (RFC 9110)
    message = "not part of this API" if status < 500 else "internal error"
    return error(status, codes.get(status, "internal"), message, headers or None)


def build_app(simulator: Simulator) -> FaultMiddleware:
    s = simulator
    routes = [
        Route("/v1/dossiers/status", _guarded(s.dossier_status), methods=["POST"]),
        Route("/v1/licences/changes", _guarded(s.licence_changes), methods=["GET"]),
        Route("/v1/keys", _guarded(s.signing_keys), methods=["GET"]),
        Route("/v1/citizens/documents", _guarded(s.documents), methods=["POST"]),
        Route("/v1/queue/tickets", _guarded(s.issue_ticket), methods=["POST"]),
        Route("/v1/queue/blocks", _guarded(s.reserve_block), methods=["POST"]),
        Route("/v1/appointments/check-in", _guarded(s.check_in), methods=["POST"]),
        Route("/v1/events", _guarded(s.submit_event), methods=["POST"]),
        Route("/v1/kiosks/{kiosk_id}/heartbeat", _guarded(s.heartbeat), methods=["PUT"]),
        Route("/_sim/faults", s.set_faults, methods=["GET", "POST"]),
        Route("/_sim/churn", s.churn, methods=["POST"]),
        Route("/_sim/stats", s.stats, methods=["GET"]),
    ]
    handlers = {404: _plain_error, 405: _plain_error, Exception: _plain_error}
    return FaultMiddleware(Starlette(routes=routes, exception_handlers=handlers), simulator.box)
