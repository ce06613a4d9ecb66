"""The backend simulator against ``docs/backend-api.yaml``, with schemathesis.

The contract is the truth for both sides: the kiosk's client is written to
it, and here the simulator is held to it. Every operation gets generated
requests (valid and invalid ones) and every answer goes through all of
schemathesis's default checks.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kiosk_app.backend import simulator_process
from kiosk_app.backend.simulator_process import RunningSimulator

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "backend-api.yaml"
KIOSK = "kiosk-01"
TOKEN = "contract-" + secrets.token_urlsafe(18)
LICENCES = 2000  # enough for several feed pages, quick to seed

schema = schemathesis.openapi.from_path(CONTRACT)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    running = simulator_process.start(
        tmp_path_factory.mktemp("backend"), kiosks={KIOSK: TOKEN}, licences=LICENCES
    )
    try:
        yield running
    finally:
        running.stop()
        if running.process.stdout is not None:
            running.process.stdout.close()


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_simulator_keeps_the_contract(case: schemathesis.Case, simulator: RunningSimulator) -> None:
    case.call_and_validate(base_url=simulator.url, headers=_auth())
