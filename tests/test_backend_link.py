"""The kiosk's backend link against the real simulator process on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk_app.backend.client import BackendUnavailable, NotFound
from kiosk_app.backend.service import BackendLink, LinkConfig, LinkProblem
from kiosk_app.backend.simulator_process import RunningSimulator, sample_licence
from kiosk_app.settings import Settings
from tests.conftest import SIMULATOR_LICENCES


@pytest.fixture
def link(backend_settings: Settings) -> Iterator[BackendLink]:
    built = BackendLink(LinkConfig.from_settings(backend_settings), backend_settings.data_dir())
    yield built
    built.close()


def _dossier(sim: RunningSimulator, status: int) -> tuple[str, str, str]:
    db = sqlite3.connect(sim.data_dir / "backend.sqlite3")
    try:
        row = db.execute(
            "SELECT code, owner_id, lookup_secret FROM dossiers WHERE status_code = ? LIMIT 1", (status,)
        ).fetchone()
    finally:
        db.close()
    return str(row[0]), str(row[1]), str(row[2])


def test_full_sync_then_nothing_new(link: BackendLink) -> None:
    first = link.sync_once()
    assert first.errors == ()
    assert first.licences_upserted == SIMULATOR_LICENCES
    assert link.store.licence_count() == SIMULATOR_LICENCES
    assert link.store.key_count() == 3
    second = link.sync_once()
    assert second.licences_upserted == 0
    assert second.cursor == first.cursor
    assert link.freshness().online is True


@pytest.mark.parametrize("status", [1, 5, 9, 10])
def test_dossier_status_needs_the_right_owner(
    link: BackendLink, backend_sim: RunningSimulator, status: int
) -> None:
    code, owner, secret = _dossier(backend_sim, status)
    reply = link.dossier_status(code, owner_id=owner)
    assert reply.code == code
    assert reply.status_code == status
    assert reply.history[-1].status_code == status
    by_secret = link.dossier_status(code, lookup_secret=secret)
    assert by_secret.status_code == status
    wrong = owner[:-1] + ("0" if owner[-1] != "0" else "1")
    with pytest.raises(NotFound):
        link.dossier_status(code, owner_id=wrong)


def test_licence_verdicts_follow_the_replica(link: BackendLink, backend_sim: RunningSimulator) -> None:
    link.sync_once()
    for state in ("valid", "revoked", "expired"):
        payload = sample_licence(backend_sim.data_dir, state, licences=SIMULATOR_LICENCES)
        check = link.check_licence(payload)
        assert check.signature_valid, check.detail
        assert check.standing is not None and check.standing.value == state
        assert check.data_as_of is not None


def test_offline_is_said_not_guessed(settings: Settings) -> None:
    # A port nothing listens on: the call fails within its deadline, as "unavailable".
    token = Path(settings.data_dir()) / "token"
    token.parent.mkdir(parents=True, exist_ok=True)
    token.write_text("t0ken-for-nobody")
    offline = dataclasses.replace(
        settings,
        backend=dataclasses.replace(
            settings.backend, url="http://127.0.0.1:9", token_file=str(token), timeout_s=0.5, deadline_s=1.5
        ),
    )
    link = BackendLink(LinkConfig.from_settings(offline), offline.data_dir())
    try:
        with pytest.raises(BackendUnavailable):
            link.dossier_status("000.00.29.H29-261201-0001", owner_id="079090001234")
        assert link.freshness().online is False
    finally:
        link.close()


def test_garbled_replies_are_errors_not_statuses(
    link: BackendLink, backend_sim: RunningSimulator, sim_faults: Callable[..., dict[str, object]]
) -> None:
    code, owner, _ = _dossier(backend_sim, 4)
    for fault in ("malformed", "content-type"):
        sim_faults(**{fault: 1.0})
        with pytest.raises(BackendUnavailable) as caught:
            link.dossier_status(code, owner_id=owner)
        assert caught.value.garbled
    sim_faults()
    assert link.dossier_status(code, owner_id=owner).status_code == 4


@pytest.mark.expect_logs("the backend is not usable")
def test_plain_http_to_another_machine_is_refused_as_a_setting(settings: Settings) -> None:
    # A token over plain http would cross the district network readable: the link refuses to start,
    # says which setting is wrong, and never calls.
    token = Path(settings.data_dir()) / "token"
    token.parent.mkdir(parents=True, exist_ok=True)
    token.write_text("t0ken-for-nobody")
    exposed = dataclasses.replace(
        settings,
        backend=dataclasses.replace(settings.backend, url="http://10.20.30.40:8787", token_file=str(token)),
    )
    link = BackendLink(LinkConfig.from_settings(exposed), exposed.data_dir())
    try:
        assert link.problem_kind is LinkProblem.BAD_SETTING and not link.configured
        assert link.problem is not None and "https://" in link.problem
        with pytest.raises(BackendUnavailable):
            link.dossier_status("000.00.29.H29-261201-0001", owner_id="079090001234")
        assert link.freshness().online is False
    finally:
        link.close()
