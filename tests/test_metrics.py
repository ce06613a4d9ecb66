"""Service metrics after a real visit: exposed in the Prometheus format, sent with the heartbeat, alerts that parse."""

from __future__ import annotations

import json
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import promql_parser
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.queue import Handed, Lane
from kiosk_app.run_mode import RunMode
from kiosk_app.satisfaction import Level
from kiosk_app.session import EndReason
from kiosk_app.settings import Settings
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "prometheus"
ID_NUMBER = "079090001234"


@pytest.fixture
def visited(backend_settings: Settings, clock: FakeClock) -> Iterator[KioskServices]:
    """A kiosk after one visit: a procedure begun, a question, a ticket printed, a rating, finished."""
    services = build_services(backend_settings, RunMode.DEMO, clock=clock, configure_logging=False)
    services.catalogue.ensure_loaded()
    services.session.touch()
    services.guide.start(services.catalogue.catalogue.procedures["2.000575"])
    services.voice.assistant().ask(f"tôi muốn lấy số thứ tự, số căn cước {ID_NUMBER}", "vi")
    ticket = services.queue.take("counter-5", Lane.PRIORITY, services.queue.new_request()).ticket
    assert ticket is not None
    services.printing.print(
        services.printing.ticket(
            number=ticket.label, counter=5, waiting=None, lane="", ticket_code="STT", language="vi"
        )
    )
    services.queue.hand_over(ticket, Handed.PRINTED)
    services.satisfaction.rate(Level.SATISFIED, ["quick", "something a citizen typed"])
    services.session.end(EndReason.FINISHED)
    yield services
    services.close()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_a_visit_is_counted_and_nothing_personal_is_exposed(visited: KioskServices) -> None:
    text = visited.metrics.exposition().decode()
    found = samples(text)
    assert found[("kiosk_visits_total", (("reason", "finished"),))] == 1
    assert found[("kiosk_procedures_begun_total", (("procedure", "2.000575"),))] == 1
    ticket = (("lane", "priority"), ("offline", "false"), ("outcome", "printed"), ("service", "counter-5"))
    assert found[("kiosk_tickets_total", ticket)] == 1
    assert found[("kiosk_ratings_total", (("level", "satisfied"),))] == 1
    assert found[("kiosk_prints_total", (("result", "printed"),))] == 1
    assert sum(v for (name, _), v in found.items() if name == "kiosk_assistant_questions_total") == 1
    assert ("kiosk_backend_up", ()) in found and ("kiosk_outbox_pending", ()) in found
    assert ("kiosk_queue_people_ahead", (("service", "counter-5"),)) in found
    assert ID_NUMBER not in text and "typed" not in text and "NGUY" not in text


def test_the_endpoint_answers_on_loopback_only(visited: KioskServices) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert visited.metrics.serve(port)
    reply = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert reply.status_code == 200 and "kiosk_tickets_total" in reply.text
    # Bound to 127.0.0.1: another address of this machine does not answer.
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    for address in addresses - {"127.0.0.1"}:
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://{address}:{port}/metrics", timeout=2)


def test_the_heartbeat_carries_the_counters(visited: KioskServices, backend_sim: RunningSimulator) -> None:
    report = visited.backend.sync_once()
    assert report.errors == ()
    db = sqlite3.connect(backend_sim.data_dir / "backend.sqlite3")
    try:
        row = db.execute(
            "SELECT body FROM heartbeats WHERE kiosk_id = ?", (visited.settings.site.kiosk_id,)
        ).fetchone()
    finally:
        db.close()
    metrics = json.loads(row[0])["metrics"]
    key = 'kiosk_tickets_total{lane="priority",offline="false",outcome="printed",service="counter-5"}'
    assert metrics[key] == 1
    assert metrics['kiosk_ratings_total{level="satisfied"}'] == 1


def _selectors(node: Any) -> Iterator[str]:
    """Every metric name an expression reads."""
    if isinstance(node, promql_parser.VectorSelector):
        yield str(node.name)
    elif isinstance(node, promql_parser.MatrixSelector):
        yield from _selectors(node.vector_selector)
    elif isinstance(node, promql_parser.BinaryExpr):
        yield from _selectors(node.lhs)
        yield from _selectors(node.rhs)
    elif isinstance(node, promql_parser.AggregateExpr | promql_parser.ParenExpr | promql_parser.UnaryExpr):
        yield from _selectors(node.expr)
    elif isinstance(node, promql_parser.Call):
        for argument in node.args:
            yield from _selectors(argument)


def test_every_alert_parses_and_reads_only_what_the_kiosk_exposes(visited: KioskServices) -> None:
    text = visited.metrics.exposition().decode()
    # Families with no sample yet (no device has a problem) are declared all the same.
    exposed = {name for name, _ in samples(text)} | {f.name for f in text_string_to_metric_families(text)}
    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text(encoding="utf-8"))
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert {"KioskDown", "PrinterOutOfPaper", "OutboxGrowing", "LicenceSyncStale"} <= {
        a["alert"] for a in alerts
    }
    for alert in alerts:
        expression = promql_parser.parse(alert["expr"])
        names = set(_selectors(expression))
        assert names, alert["alert"]
        assert names <= exposed | {"up"}, (alert["alert"], names - exposed)
        assert alert["annotations"]["summary"]


def test_the_scrape_configuration_names_its_rules() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text(encoding="utf-8"))
    for rule_file in config["rule_files"]:
        assert (DEPLOY / rule_file).is_file()
    (job,) = config["scrape_configs"]
    assert job["job_name"] == "kiosk" and job["metrics_path"] == "/metrics"
