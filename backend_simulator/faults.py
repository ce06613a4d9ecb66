"""Fault switches: what a real network and a real backend do to a kiosk.

Applied to the contract's paths (``/v1/...``) only, by an ASGI middleware, so
the simulator's own control paths (``/_sim/...``) stay reachable while a
fault is on. Rates are chances per request from a seeded generator.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NAMES = {
    "latency": "latency_s",
    "5xx": "error_rate",
    "timeout": "timeout_rate",
    "drop": "drop_rate",
    "malformed": "malformed_rate",
    "content-type": "wrong_type_rate",
    "duplicate": "duplicate_rate",
    "reset": "reset_cursor",
}


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True)
class Faults:
    latency_s: float = 0.0  # added to every request
    error_rate: float = 0.0  # 503 with a JSON error
    timeout_rate: float = 0.0  # no answer for hang_s
    drop_rate: float = 0.0  # headers sent, then the connection closes
    malformed_rate: float = 0.0  # 200 with broken JSON
    wrong_type_rate: float = 0.0  # 200 with an HTML page
    duplicate_rate: float = 0.0  # feed pages repeat records already delivered
    reset_cursor: bool = False  # the next feed request gets 410 (the cursor epoch moves on)
    hang_s: float = 30.0

    @classmethod
    def parse(cls, text: str) -> Faults:
        """``latency=0.2,5xx=0.3,timeout=0.1,drop=0.1,malformed=0.1,content-type=0.1,duplicate=0.5,reset``."""
        values: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            if name not in NAMES:
                raise FaultSpecError(f"unknown fault {name!r}; known: {', '.join(NAMES)}")
            field = NAMES[name]
            if field == "reset_cursor":
                values[field] = value in ("", "1", "true", "yes")
                continue
            try:
                number = float(value) if value else 1.0
            except ValueError:
                raise FaultSpecError(f"{name} wants a number, not {value!r}") from None
            if field != "latency_s" and not 0.0 <= number <= 1.0:
                raise FaultSpecError(f"{name} is a chance from 0 to 1, not {number}")
            if field == "latency_s" and not 0.0 <= number <= 60.0:
                raise FaultSpecError(f"latency is 0 to 60 seconds, not {number}")
            values[field] = number
        return cls(**values)

    def updated(self, changes: dict[str, Any]) -> Faults:
        known = {f.name: f.type for f in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in changes.items():
            field = NAMES.get(name, name)
            if field not in known:
                raise FaultSpecError(f"unknown fault {name!r}")
            if field == "reset_cursor":
                clean[field] = bool(value)
            elif isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 60:
                clean[field] = float(value)
            else:
                raise FaultSpecError(f"{name}: {value!r} is not a number from 0 to 60")
        return replace(self, **clean)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultBox:
    """The current switches, changed at run time through ``/_sim/faults``."""

    def __init__(self, faults: Faults, seed: int = 7) -> None:
        self.faults = faults
        self.rng = random.Random(seed)

    def chance(self, rate: float) -> bool:
        return rate > 0 and self.rng.random() < rate


class FaultMiddleware:
    def __init__(self, app: ASGIApp, box: FaultBox) -> None:
        self.app = app
        self.box = box

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        faults, box = self.box.faults, self.box
        if faults.latency_s:
            await asyncio.sleep(faults.latency_s)
        if box.chance(faults.timeout_rate):
            await asyncio.sleep(faults.hang_s)
        if box.chance(faults.error_rate):
            await _send(
                send, 503, "application/json", b'{"error": "simulated outage", "code": "unavailable"}'
            )
            return
        if box.chance(faults.drop_rate):
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
                }
            )
            await send({"type": "http.response.body", "body": b'{"items": [', "more_body": True})
            raise ConnectionAbortedError("simulated dropped connection")
        if box.chance(faults.malformed_rate):
            await _send(send, 200, "application/json", b'{"items": [{"ref": "00", "status": ')
            return
        if box.chance(faults.wrong_type_rate):
            await _send(send, 200, "text/html", b"<html><body>Gateway login required</body></html>")
            return
        await self.app(scope, receive, send)


async def _send(send: Send, status: int, content_type: str, body: bytes) -> None:
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
