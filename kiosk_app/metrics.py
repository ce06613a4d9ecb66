"""Service metrics: honest numbers about the service, never about a person.

Counters (visits, procedures begun, tickets by service, lane and outcome,
ratings, assistant questions by intent, prints by result) count events as
they happen; gauges (device health and problems, the outbox backlog, the
licence data's age, whether the backend answers, people ahead in each queue)
are read when scraped. They are exposed in the Prometheus text format on
127.0.0.1 only, with the official ``prometheus-client``, and a flat copy goes
with each heartbeat. Labels are closed sets (procedure codes from the
catalogue, counter services from the site file, enum values): nothing a
citizen typed ever becomes a label.

Counting is plain Python; ``prometheus_client`` is imported only when the
numbers are first read (a scrape, a heartbeat), so it costs the first paint
nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from kiosk_app.backend.service import BackendLink
    from kiosk_app.device_health import DeviceHealthBoard

log = logging.getLogger(__name__)
HEALTH_VALUE = {"ok": 1.0, "degraded": 0.5, "offline": 0.0}

# name -> (help, label names); exposed with the "_total" suffix Prometheus gives counters.
COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "kiosk_visits": ("Citizen visits ended, by how they ended", ("reason",)),
    "kiosk_procedures_begun": ("Procedures begun", ("procedure",)),
    "kiosk_tickets": (
        "Queue tickets by service, lane and outcome",
        ("service", "lane", "outcome", "offline"),
    ),
    "kiosk_ratings": ("Satisfaction ratings by level", ("level",)),
    "kiosk_assistant_questions": ("Assistant questions by what it understood", ("intent",)),
    "kiosk_prints": ("Receipts by result (printed, on screen, failed)", ("result",)),
}


class ServiceMetrics:
    def __init__(self, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id
        self._lock = threading.Lock()
        self._counts: dict[str, dict[tuple[str, ...], float]] = {name: {} for name in COUNTERS}
        self._people_ahead: dict[str, float] = {}
        self._live: tuple[DeviceHealthBoard, BackendLink, Callable[[], float]] | None = None
        self._registry: CollectorRegistry | None = None

    def watch(self, board: DeviceHealthBoard, link: BackendLink, clock: Callable[[], float]) -> None:
        """The gauges read at each scrape: devices, the backend and its data."""
        self._live = (board, link, clock)

    # --- what the services report ------------------------------------------------------
    def _count(self, name: str, *labels: str) -> None:
        with self._lock:
            counts = self._counts[name]
            counts[labels] = counts.get(labels, 0.0) + 1.0

    def visit_ended(self, reason: str) -> None:
        self._count("kiosk_visits", reason)

    def procedure_begun(self, code: str) -> None:
        self._count("kiosk_procedures_begun", code)

    def ticket(
        self, service: str, lane: str, outcome: str, *, offline: bool, people_ahead: int | None
    ) -> None:
        self._count("kiosk_tickets", service, lane, outcome, "true" if offline else "false")
        if people_ahead is not None:
            with self._lock:
                self._people_ahead[service] = float(people_ahead)

    def rated(self, level: str) -> None:
        self._count("kiosk_ratings", level)

    def asked(self, intent: str) -> None:
        self._count("kiosk_assistant_questions", intent)

    def printed(self, result: str) -> None:
        self._count("kiosk_prints", result)

    # --- reading ----------------------------------------------------------------------
    def registry(self) -> CollectorRegistry:
        if self._registry is None:
            from prometheus_client import CollectorRegistry

            self._registry = CollectorRegistry(auto_describe=True)
            self._registry.register(_Collector(self))
        return self._registry

    def exposition(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(self.registry())

    def snapshot(self) -> dict[str, float]:
        """Every sample as ``name{label="value",...}`` -> value, for the heartbeat (at most 200)."""
        flat: dict[str, float] = {}
        for family in self.registry().collect():
            for sample in family.samples:
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
                flat[f"{sample.name}{{{labels}}}" if labels else sample.name] = float(sample.value)
        return dict(list(flat.items())[:200])

    def serve(self, port: int) -> bool:
        """The endpoint on 127.0.0.1 (a scraper reaches it through the node's agent or an SSH tunnel)."""
        from prometheus_client import start_http_server

        try:
            start_http_server(port, addr="127.0.0.1", registry=self.registry())
        except OSError as exc:
            log.error("the metrics endpoint could not start: %s", exc.strerror or type(exc).__name__)
            return False
        log.info("metrics served", extra={"port": port})
        return True

    def _families(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        with self._lock:
            counts = {name: dict(values) for name, values in self._counts.items()}
            people_ahead = dict(self._people_ahead)
        for name, (help_text, labels) in COUNTERS.items():
            family = CounterMetricFamily(name, help_text, labels=list(labels))
            for values, value in counts[name].items():
                family.add_metric(list(values), value)
            yield family
        ahead = GaugeMetricFamily(
            "kiosk_queue_people_ahead", "People ahead at the last ticket", labels=["service"]
        )
        for service, value in people_ahead.items():
            ahead.add_metric([service], value)
        yield ahead
        if self._live is None:
            return
        board, link, clock = self._live
        health = GaugeMetricFamily("kiosk_device_health", "1 ok, 0.5 degraded, 0 offline", labels=["role"])
        problem = GaugeMetricFamily(
            "kiosk_device_problem", "1 while a device has this problem", labels=["role", "problem"]
        )
        for role, status in list(board.statuses.items()):
            health.add_metric([role.value], HEALTH_VALUE.get(status.health.value, 0.0))
            if status.problem.value != "none":
                problem.add_metric([role.value, status.problem.value], 1.0)
        yield health
        yield problem
        pending, refused = link.store.outbox_counts()
        yield GaugeMetricFamily("kiosk_outbox_pending", "Events waiting to be sent", value=pending)
        yield GaugeMetricFamily("kiosk_outbox_refused", "Events the backend refused for good", value=refused)
        fresh = link.freshness()
        up = 1.0 if fresh.online else 0.0
        yield GaugeMetricFamily("kiosk_backend_up", "1 when the backend answered the last call", value=up)
        age = GaugeMetricFamily(
            "kiosk_licence_data_age_seconds", "Seconds since the licence data was complete"
        )
        if fresh.licences_as_of is not None:
            age.add_metric([], max(0.0, clock() - fresh.licences_as_of))
        yield age


class _Collector:
    """prometheus-client's collector protocol over the counts (duck-typed: no import at start)."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterator[Any]:
        yield from self._metrics._families()
