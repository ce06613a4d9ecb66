"""Service metrics: honest numbers about the service, never about a person.

Counters (visits, procedures begun, tickets by service, lane and outcome,
ratings, assistant questions by intent, prints by result) count events as
they happen; gauges (device health, the outbox backlog, the licence data's
age, whether the backend answers, people ahead in each queue) are read when
scraped. They are exposed in the Prometheus text format on 127.0.0.1 only,
with the official ``prometheus-client``, and a flat copy goes with each
heartbeat. Labels are closed sets (procedure codes from the catalogue,
counter services from the site file, enum values): nothing a citizen typed
ever becomes a label.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from kiosk_app.backend.service import BackendLink
    from kiosk_app.device_health import DeviceHealthBoard

log = logging.getLogger(__name__)
HEALTH_VALUE = {"ok": 1.0, "degraded": 0.5, "offline": 0.0}


class ServiceMetrics:
    def __init__(self, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry

        def counter(name: str, help_text: str, labels: list[str]) -> Counter:
            return Counter(name, help_text, labels, registry=registry)

        self.visits = counter("kiosk_visits", "Citizen visits ended, by how they ended", ["reason"])
        self.procedures = counter("kiosk_procedures_begun", "Procedures begun", ["procedure"])
        self.tickets = counter(
            "kiosk_tickets",
            "Queue tickets by service, lane and outcome",
            ["service", "lane", "outcome", "offline"],
        )
        self.ratings = counter("kiosk_ratings", "Satisfaction ratings by level", ["level"])
        self.questions = counter("kiosk_assistant_questions", "Assistant questions by intent", ["intent"])
        self.prints = counter("kiosk_prints", "Receipts by result (printed, on screen, failed)", ["result"])
        self._people_ahead: dict[str, float] = {}
        self._live: _LiveState | None = None

    def watch(self, board: DeviceHealthBoard, link: BackendLink, clock: Callable[[], float]) -> None:
        """The gauges read at each scrape: devices, the backend and its data."""
        self._live = _LiveState(board, link, clock, self._people_ahead)
        self.registry.register(self._live)

    # --- what the services report ------------------------------------------------------
    def visit_ended(self, reason: str) -> None:
        self.visits.labels(reason).inc()

    def procedure_begun(self, code: str) -> None:
        self.procedures.labels(code).inc()

    def ticket(
        self, service: str, lane: str, outcome: str, *, offline: bool, people_ahead: int | None
    ) -> None:
        self.tickets.labels(service, lane, outcome, "true" if offline else "false").inc()
        if people_ahead is not None:
            self._people_ahead[service] = float(people_ahead)

    def rated(self, level: str) -> None:
        self.ratings.labels(level).inc()

    def asked(self, intent: str) -> None:
        self.questions.labels(intent).inc()

    def printed(self, result: str) -> None:
        self.prints.labels(result).inc()

    # --- reading ----------------------------------------------------------------------
    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def snapshot(self) -> dict[str, float]:
        """Every sample as ``name{label="value",...}`` -> value, for the heartbeat (at most 200)."""
        flat: dict[str, float] = {}
        for family in self.registry.collect():
            for sample in family.samples:
                if sample.name.endswith("_created"):
                    continue
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
                flat[f"{sample.name}{{{labels}}}" if labels else sample.name] = float(sample.value)
        return dict(list(flat.items())[:200])

    def serve(self, port: int) -> bool:
        """The endpoint on 127.0.0.1 (a scraper reaches it through the node's agent or an SSH tunnel)."""
        from prometheus_client import start_http_server

        try:
            start_http_server(port, addr="127.0.0.1", registry=self.registry)
        except OSError as exc:
            log.error("the metrics endpoint could not start: %s", exc.strerror or type(exc).__name__)
            return False
        log.info("metrics served", extra={"port": port})
        return True


class _LiveState(Collector):
    def __init__(
        self,
        board: DeviceHealthBoard,
        link: BackendLink,
        clock: Callable[[], float],
        people_ahead: dict[str, float],
    ) -> None:
        self._board = board
        self._link = link
        self._clock = clock
        self._people_ahead = people_ahead

    def collect(self) -> Iterator[GaugeMetricFamily]:
        health = GaugeMetricFamily("kiosk_device_health", "1 ok, 0.5 degraded, 0 offline", labels=["role"])
        problem = GaugeMetricFamily(
            "kiosk_device_problem", "1 while a device has this problem (paper_out, unplugged...)",
            labels=["role", "problem"],
        )  # fmt: skip
        for role, status in list(self._board.statuses.items()):
            health.add_metric([role.value], HEALTH_VALUE.get(status.health.value, 0.0))
            if status.problem.value != "none":
                problem.add_metric([role.value, status.problem.value], 1.0)
        yield health
        yield problem
        pending, refused = self._link.store.outbox_counts()
        yield GaugeMetricFamily(
            "kiosk_outbox_pending", "Events waiting to be sent to the backend", value=pending
        )
        yield GaugeMetricFamily("kiosk_outbox_refused", "Events the backend refused for good", value=refused)
        fresh = self._link.freshness()
        yield GaugeMetricFamily(
            "kiosk_backend_up",
            "1 when the backend answered the last call",
            value=1.0 if fresh.online else 0.0,
        )
        age = GaugeMetricFamily(
            "kiosk_licence_data_age_seconds", "Seconds since the licence replica was complete"
        )
        if fresh.licences_as_of is not None:
            age.add_metric([], max(0.0, self._clock() - fresh.licences_as_of))
        yield age
        ahead = GaugeMetricFamily(
            "kiosk_queue_people_ahead", "People ahead at the last ticket", labels=["service"]
        )
        for service, value in list(self._people_ahead.items()):
            ahead.add_metric([service], value)
        yield ahead
