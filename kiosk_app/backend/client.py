"""The one way the kiosk talks to the city's backend: ``httpx.AsyncClient`` held to the contract.

- Every call has a per-try timeout and an overall deadline.
- Only safe calls are retried: reads (a status lookup, a feed page, the key
  list) and writes that carry an ``Idempotency-Key``, which the backend
  de-duplicates. Retries back off exponentially, capped, with full jitter.
- TLS is always verified, against the city's private CA when one is
  configured; plain HTTP is refused except to the kiosk's own loopback
  (the simulator).
- Every reply is decoded into a typed value (``models``); a reply that does
  not fit is ``BackendUnavailable(garbled=True)``: the kiosk says it cannot
  check now, never shows a half-read status.
- Nothing personal goes into a URL or a log line: ID numbers and codes travel
  in request bodies, and errors name the operation, never the data.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import msgspec

from kiosk_app.backend import models
from kiosk_app.backend.errors import (
    BackendConfigError,
    BackendError,
    BackendRefused,
    BackendUnavailable,
    CursorReset,
    NotFound,
    check_url,
)

__all__ = [
    "BackendClient",
    "BackendConfigError",
    "BackendError",
    "BackendRefused",
    "BackendUnavailable",
    "ClientSettings",
    "CursorReset",
    "NotFound",
]

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_REPLY_BYTES = 8 * 1024 * 1024  # a feed page of 5,000 records is about 1 MB


@dataclass(frozen=True)
class ClientSettings:
    url: str
    token: str
    kiosk_id: str
    ca_file: Path | None = None
    timeout_s: float = 5.0  # one try
    deadline_s: float = 15.0  # the whole call, retries included
    retries: int = 3
    backoff_base_s: float = 0.2
    backoff_cap_s: float = 2.0


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    etag: str | None


def ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    """Verification on, always; the city's CA if one is given, else the system's."""
    context = ssl.create_default_context()
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise BackendConfigError(f"cannot read the backend CA file {ca_file}: {exc}") from None
    return context


class BackendClient:
    """One per network loop; every method is a coroutine on that loop."""

    def __init__(
        self,
        settings: ClientSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        base = check_url(settings.url)
        self._http = httpx.AsyncClient(
            base_url=base,
            verify=ssl_context(settings.ca_file) if base.startswith("https") else True,
            timeout=httpx.Timeout(settings.timeout_s),
            headers={
                "Authorization": f"Bearer {settings.token}",
                "Accept": "application/json",
                "User-Agent": f"hcmc-kiosk/{settings.kiosk_id}",
            },
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the kiosk talks to one backend
        )
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not a secret

    async def close(self) -> None:
        await self._http.aclose()

    # --- the contract's operations -------------------------------------------
    async def dossier_status(
        self,
        code: str | None,
        *,
        slip_ref: str | None = None,
        owner_id: str | None = None,
        lookup_secret: str | None = None,
    ) -> models.DossierStatusReply:
        body: dict[str, str] = {"code": code} if code is not None else {"slip_ref": slip_ref or ""}
        if owner_id is not None:
            body["owner_id"] = owner_id
        if lookup_secret is not None:
            body["lookup_secret"] = lookup_secret
        reply = await self._call("dossier status", "POST", "/v1/dossiers/status", json=body, safe=True)
        return self._typed(reply, models.DossierStatusReply)

    async def licence_changes(self, cursor: str | None, *, limit: int = 1000) -> models.LicencePage:
        params: dict[str, str] = {"limit": str(limit)}
        if cursor:
            params["cursor"] = cursor
        reply = await self._call("licence feed", "GET", "/v1/licences/changes", params=params, safe=True)
        return self._typed(reply, models.LicencePage)

    async def signing_keys(self, etag: str | None) -> tuple[models.KeyList | None, str | None]:
        """The key list and its ETag; ``(None, etag)`` when unchanged since ``etag``."""
        headers = {"If-None-Match": etag} if etag else {}
        reply = await self._call("signing keys", "GET", "/v1/keys", headers=headers, safe=True)
        if reply.status == 304:
            return None, etag
        return self._typed(reply, models.KeyList), reply.etag

    async def documents_on_file(
        self, citizen_id: str, procedures: list[str], *, chip_verified: bool, consent: bool
    ) -> models.DocumentsOnFile:
        body = {
            "citizen_id": citizen_id,
            "verification": {
                "method": "chip" if chip_verified else "qr",
                "passive_authentication": chip_verified,
            },
            "consent": consent,
            "procedures": procedures,
        }
        reply = await self._call("documents on file", "POST", "/v1/citizens/documents", json=body, safe=True)
        return self._typed(reply, models.DocumentsOnFile)

    async def issue_ticket(
        self, key: str, service: str, lane: str, *, deadline_s: float | None = None
    ) -> models.Ticket:
        reply = await self._call(
            "queue ticket",
            "POST",
            "/v1/queue/tickets",
            json={"service": service, "lane": lane},
            key=key,
            deadline_s=deadline_s,
        )
        return self._typed(reply, models.Ticket)

    async def check_in(self, key: str, booking_code: str) -> models.CheckedIn:
        reply = await self._call(
            "check-in", "POST", "/v1/appointments/check-in", json={"booking_code": booking_code}, key=key
        )
        return self._typed(reply, models.CheckedIn)

    async def reserve_block(self, key: str, service: str, size: int) -> models.NumberBlock:
        reply = await self._call(
            "number block", "POST", "/v1/queue/blocks", json={"service": service, "size": size}, key=key
        )
        block = self._typed(reply, models.NumberBlock)
        if block.first > block.last:
            raise BackendUnavailable("number block: first is after last", garbled=True)
        return block

    async def submit_event(self, key: str, body: bytes) -> models.EventAck:
        """``body`` is the event as the outbox stored it (JSON), sent byte for byte."""
        reply = await self._call("event", "POST", "/v1/events", content=body, key=key)
        return self._typed(reply, models.EventAck)

    async def heartbeat(self, body: Mapping[str, Any]) -> models.HeartbeatAck:
        path = f"/v1/kiosks/{self.settings.kiosk_id}/heartbeat"
        reply = await self._call("heartbeat", "PUT", path, json=body, safe=True)
        return self._typed(reply, models.HeartbeatAck)

    # --- the one request path -------------------------------------------------
    async def _call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        key: str | None = None,
        safe: bool = False,
        deadline_s: float | None = None,
    ) -> Reply:
        retryable = safe or key is not None
        all_headers = dict(headers or {})
        if key is not None:
            all_headers["Idempotency-Key"] = key
        if json is not None:
            content = msgspec.json.encode(json)
            all_headers["Content-Type"] = "application/json"
        elif content is not None:
            all_headers["Content-Type"] = "application/json"
        allowed = (
            self.settings.deadline_s if deadline_s is None else min(deadline_s, self.settings.deadline_s)
        )
        deadline = time.monotonic() + allowed
        attempt = 0
        while True:
            attempt += 1
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise BackendUnavailable(f"{operation}: no answer within {allowed:g} s")
                # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
                # that arrives as the call finishes, and the kiosk's shutdown would wait for it.
                async with asyncio.timeout(remaining):
                    reply = await self._once(method, path, content, params, all_headers)
                return self._checked(operation, reply)
            except httpx.DecodingError:
                # A body its Content-Encoding cannot undo: garbled, like broken JSON.
                failure = BackendUnavailable(f"{operation}: undecodable body", garbled=True)
            except (httpx.HTTPError, TimeoutError) as exc:
                failure = BackendUnavailable(f"{operation}: {type(exc).__name__}")
            except BackendUnavailable as exc:
                failure = exc
            if not retryable or attempt > self.settings.retries or failure.garbled:
                raise failure
            pause = min(self.settings.backoff_cap_s, self.settings.backoff_base_s * 2 ** (attempt - 1))
            pause = self._rng.uniform(0, pause)  # full jitter: kiosks coming back together do not stampede
            if time.monotonic() + pause >= deadline:
                raise failure
            log.info("backend call failed; retrying", extra={"operation": operation, "attempt": attempt})
            await self._sleep(pause)

    async def _once(
        self,
        method: str,
        path: str,
        content: bytes | None,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str],
    ) -> Reply:
        async with self._http.stream(
            method, path, content=content, params=params, headers=headers
        ) as response:
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
                raise BackendUnavailable("the reply is too large", garbled=True)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise BackendUnavailable("the reply is too large", garbled=True)
                chunks.append(chunk)
            body = b"".join(chunks)
            content_type = response.headers.get("content-type", "")
            status = response.status_code
            etag = response.headers.get("etag")
        if status >= 500 or status == 429:
            # An outage, whatever page a proxy put in front of it: retried where safe.
            raise BackendUnavailable(f"the backend answered {status}")
        if 300 <= status < 400 and status != 304:
            # Not followed: a captive portal or a misconfigured proxy, and trying again will not help.
            raise BackendUnavailable(
                f"the backend answered {status} (redirects are not followed)", garbled=True
            )
        media_type = content_type.split(";")[0].strip().lower()
        if status not in (204, 304) and media_type != "application/json":
            raise BackendUnavailable(f"the reply is {media_type or 'untyped'}, not JSON", garbled=True)
        return Reply(status, body, etag)

    def _checked(self, operation: str, reply: Reply) -> Reply:
        status = reply.status
        if 200 <= status < 300 or status == 304:
            return reply
        if status >= 500 or status == 429:
            # 429 is the backend asking to slow down: the same as being away for now.
            raise BackendUnavailable(f"{operation}: the backend answered {status}")
        try:
            problem = msgspec.json.decode(reply.body, type=models.ErrorReply)
        except (msgspec.ValidationError, msgspec.DecodeError):
            raise BackendUnavailable(f"{operation}: {status} with a garbled body", garbled=True) from None
        if status == 404:
            raise NotFound(status, problem.code, problem.error)
        if status == 410 and problem.code == "cursor_reset":
            raise CursorReset(status, problem.code, problem.error)
        raise BackendRefused(status, problem.code, problem.error)

    @staticmethod
    def _typed(reply: Reply, kind: type[T]) -> T:
        try:
            return models.decode(reply.body, kind)
        except models.GarbledReply as exc:
            raise BackendUnavailable(str(exc), garbled=True) from None
