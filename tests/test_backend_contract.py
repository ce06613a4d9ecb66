"""The backend simulator against ``docs/backend-api.yaml``, with schemathesis.

The contract is the truth for both sides: the kiosk's client is written to
it, and here the simulator, a real process on a free port, is held to it.
Every operation gets generated requests, valid and invalid ones, and every
answer goes through all of schemathesis's default checks. The contract has
no examples and no links, so generated requests never find a seeded dossier
or the kiosk's own id; a second test sends the seeded values and holds those
answers to the same checks. A third sends plain requests the contract says
must be refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings

from kiosk_app.backend import simulator_process
from kiosk_app.backend.simulator_process import RunningSimulator

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "backend-api.yaml"
KIOSK, TOKEN = "kiosk-01", "contract-test-kiosk-01-token"
# A second kiosk: its own lookup allowance, and another kiosk's heartbeat to refuse.
OTHER_KIOSK, OTHER_TOKEN = "kiosk-02", "contract-test-kiosk-02-token"
LICENCES = 2000  # a few feed pages, seeded in well under a second
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

schema = schemathesis.openapi.from_path(CONTRACT)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    running = simulator_process.start(
        tmp_path_factory.mktemp("backend"),
        kiosks={KIOSK: TOKEN, OTHER_KIOSK: OTHER_TOKEN},
        licences=LICENCES,
    )
    try:
        yield running
    finally:
        running.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_simulator_keeps_the_contract(case: schemathesis.Case[Any], simulator: RunningSimulator) -> None:
    excluded = []
    if case.operation.path == "/v1/licences/changes" and "cursor" in (case.query or {}):
        # A well-formed cursor the backend never issued (or issued before a rebuild) is a 410:
        # the contract says so, and the kiosk then starts a full pass.
        excluded.append(schemathesis.checks.positive_data_acceptance)
    if case.operation.path == "/v1/appointments/check-in":
        # A well-formed booking code names a slot that may be past (410), another day (409) or none (404):
        # what a valid request gets depends on the day the test runs, as the contract says.
        excluded.append(schemathesis.checks.positive_data_acceptance)
    case.call_and_validate(base_url=simulator.url, headers=bearer(TOKEN), excluded_checks=excluded)


# --- seeded data: the answers generated requests cannot reach -------------------------


def _call(simulator: RunningSimulator, method: str, path: str, **parts: Any) -> schemathesis.Response:
    """A request of our own making, checked as generated ones are (as kiosk-02: its own lookup allowance)."""
    case = schema[path][method].Case(**parts)
    return case.call_and_validate(base_url=simulator.url, headers=bearer(OTHER_TOKEN))


def _seeded_dossiers(simulator: RunningSimulator) -> list[tuple[str, str, str]]:
    database = simulator.data_dir / "backend.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT code, owner_id, lookup_secret FROM dossiers ORDER BY code").fetchall()
    db.close()
    return [(str(code), str(owner), str(secret)) for code, owner, secret in rows]


def test_seeded_records_answer_as_the_contract_says(simulator: RunningSimulator) -> None:
    dossiers = _seeded_dossiers(simulator)
    assert len(dossiers) == 20
    for index, (code, owner, secret) in enumerate(dossiers):
        factor = {"owner_id": owner} if index % 2 else {"lookup_secret": secret}
        found = _call(simulator, "POST", "/v1/dossiers/status", body={"code": code, **factor})
        assert found.status_code == 200, found.text
        assert found.json()["code"] == code
    # A wrong second factor: the same 404 as an unknown code.
    wrong = _call(
        simulator, "POST", "/v1/dossiers/status", body={"code": dossiers[0][0], "lookup_secret": "WRONG2345"}
    )
    assert wrong.status_code == 404

    documents = _call(
        simulator,
        "POST",
        "/v1/citizens/documents",
        body={
            "citizen_id": "079090001234",
            "verification": {"method": "chip", "passive_authentication": True},
            "consent": True,
            "procedures": ["1.001193", "2.000575", "1.004222"],
        },
    )
    assert documents.status_code == 200
    assert {d["state"] for d in documents.json()["documents"]} == {"reusable", "digitised"}

    keys = _call(simulator, "GET", "/v1/keys")
    assert keys.status_code == 200
    etag = keys.headers["etag"][0]
    unchanged = _call(simulator, "GET", "/v1/keys", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304

    refs: set[str] = set()
    query: dict[str, Any] = {"limit": 700}
    while True:
        page = _call(simulator, "GET", "/v1/licences/changes", query=query)
        assert page.status_code == 200
        body = page.json()
        refs.update(item["ref"] for item in body["items"])
        if not body["more"]:
            break
        query = {"limit": 700, "cursor": body["next_cursor"]}
    assert len(refs) == LICENCES

    seen = _call(
        simulator,
        "PUT",
        "/v1/kiosks/{kiosk_id}/heartbeat",
        path_parameters={"kiosk_id": OTHER_KIOSK},
        body={
            "at": datetime.now(UTC).isoformat(),
            "version": "1.0.0",
            "devices": {"printer": "ok", "scanner": "degraded"},
            "outbox_pending": 3,
            "licence_data_as_of": None,
        },
    )
    assert seen.status_code == 200


# --- refusals --------------------------------------------------------------------------

EVENT = {"kind": "rating", "at": "2025-09-01T08:30:00+07:00", "data": {"stars": 5}}
HEARTBEAT = {"at": "2025-09-01T08:30:00+07:00", "version": "1.0.0", "devices": {}, "outbox_pending": 0}
# A request each operation would answer, but for its credential.
WELL_FORMED: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/dossiers/status"): {
        "json": {"code": "000.00.29.H29-250101-0001", "owner_id": "079090001234"}
    },
    ("GET", "/v1/licences/changes"): {"params": {"limit": 10}},
    ("GET", "/v1/keys"): {},
    ("POST", "/v1/citizens/documents"): {
        "json": {
            "citizen_id": "079090001234",
            "verification": {"method": "chip", "passive_authentication": True},
            "consent": True,
            "procedures": ["1.001193"],
        }
    },
    ("POST", "/v1/queue/tickets"): {
        "json": {"service": "civil-status", "lane": "standard"},
        "headers": {"Idempotency-Key": "no-credential-ticket"},
    },
    ("POST", "/v1/queue/blocks"): {
        "json": {"service": "civil-status", "size": 10},
        "headers": {"Idempotency-Key": "no-credential-block"},
    },
    ("POST", "/v1/events"): {"json": EVENT, "headers": {"Idempotency-Key": "no-credential-event"}},
    ("PUT", "/v1/kiosks/{kiosk_id}/heartbeat"): {"json": HEARTBEAT},
    ("POST", "/v1/appointments/check-in"): {
        "json": {"booking_code": "LH200101001"},  # a day long past
        "headers": {"Idempotency-Key": "no-credential-check-in"},
    },
}
# What each of them gets with a credential (the dossier code is not a seeded one).
ANSWERED = {
    ("POST", "/v1/dossiers/status"): 404,
    ("GET", "/v1/licences/changes"): 200,
    ("GET", "/v1/keys"): 200,
    ("POST", "/v1/citizens/documents"): 200,
    ("POST", "/v1/queue/tickets"): 201,
    ("POST", "/v1/queue/blocks"): 201,
    ("POST", "/v1/events"): 202,
    ("PUT", "/v1/kiosks/{kiosk_id}/heartbeat"): 200,
    ("POST", "/v1/appointments/check-in"): 410,
}


def _contract_operations() -> set[tuple[str, str]]:
    paths = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))["paths"]
    return {
        (method.upper(), path) for path, item in paths.items() for method in item if method in HTTP_METHODS
    }


def _send(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    token: str | None = None,
    kiosk: str = KIOSK,
    **request: Any,
) -> httpx.Response:
    headers = dict(request.pop("headers", {}))
    if token is not None:
        headers.update(bearer(token))
    return client.request(method, path.format(kiosk_id=kiosk), headers=headers, **request)


def _assert_error(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "code"}
    assert isinstance(body["error"], str) and isinstance(body["code"], str)


def test_requests_the_contract_forbids_are_refused(simulator: RunningSimulator) -> None:
    assert set(WELL_FORMED) == _contract_operations(), "every operation in the contract needs a request here"
    with httpx.Client(base_url=simulator.url, timeout=10) as client:
        for (method, path), request in WELL_FORMED.items():
            # No credential, a credential the backend never issued, and a header that is no credential.
            _assert_error(_send(client, method, path, **request), 401)
            _assert_error(_send(client, method, path, token="not-a-token-we-issued", **request), 401)
            with_basic = {
                **request,
                "headers": {**request.get("headers", {}), "Authorization": "Basic a2lvc2s6"},
            }
            _assert_error(_send(client, method, path, **with_basic), 401)
            # With a credential the same request goes through; a key the refusals used is still new.
            accepted = _send(client, method, path, token=OTHER_TOKEN, kiosk=OTHER_KIOSK, **request)
            assert accepted.status_code == ANSWERED[method, path], accepted.text

        # The same key with another body, on each operation that takes one.
        for path, first, other, created in [
            ("/v1/events", EVENT, {**EVENT, "kind": "telemetry"}, 202),
            (
                "/v1/queue/tickets",
                {"service": "civil-status", "lane": "standard"},
                {"service": "civil-status", "lane": "priority"},
                201,
            ),
            (
                "/v1/queue/blocks",
                {"service": "civil-status", "size": 10},
                {"service": "civil-status", "size": 11},
                201,
            ),
        ]:
            key = {"Idempotency-Key": f"reused-{path.rsplit('/', 1)[-1]}-0001"}
            made = _send(client, "POST", path, token=TOKEN, json=first, headers=key)
            assert made.status_code == created, made.text
            again = _send(client, "POST", path, token=TOKEN, json=first, headers=key)
            assert again.status_code == 200, again.text
            if path == "/v1/events":
                assert again.json() == {"key": key["Idempotency-Key"], "duplicate": True}
            else:
                assert again.json() == made.json()
            _assert_error(_send(client, "POST", path, token=TOKEN, json=other, headers=key), 409)

        # A credential speaks for its own kiosk only.
        _assert_error(
            _send(client, "PUT", "/v1/kiosks/{kiosk_id}/heartbeat", token=OTHER_TOKEN, json=HEARTBEAT), 403
        )
