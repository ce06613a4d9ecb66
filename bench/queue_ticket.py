"""A queue ticket, from the tap on "Take a number" to the printed ticket, against the backend simulator.

The real kiosk (services, window, ``QueueScreen``), offscreen at 1920x1080,
talks to the backend simulator process (plain HTTP on 127.0.0.1). Each sample
is a real click on the screen's ``take`` button after a counter's tile was
tapped; the clock stops when the ``SimulatedPrinter`` has received the ticket
image and ``QueueService.hand_over`` has recorded it as handed over (that job
runs in the screen's worker thread, right after the print). Also noted: when
the number came back (``QueueService.take`` returned), when the printer had it,
and when the screen showed the ticket.

Settings, each on its own counter so one never uses another's reserve:

a. online: the backend numbers the ticket;
b. offline from the reserved block: the simulator answers 503 to every call
   (``/_sim/faults`` ``5xx=1.0``) after a top-up reserved a block; the kiosk's
   last call failed, so the reserve answers at once;
c. the first take after the outage: the kiosk's last call succeeded (a
   ``sync_once`` just before), then every call fails (``5xx=1.0``), so the
   online call is retried until the client gives up, then the reserve
   answers; the worst case a citizen sees. Also, with fewer samples, the same
   with a backend that hangs (``timeout=1.0``): the online call then waits for
   the whole ticket deadline (``ONLINE_TICKET_DEADLINE_S``).

The background sync (``start_background``) is not running: the kiosk's view
of the link changes only with the calls the benchmark makes, so every sample
of (c) really is a first take after an outage.

Baseline in the same run, interleaved with the samples (one after each):
building and printing the same ticket receipt on the same ``SimulatedPrinter``
directly on the GUI thread, ``PrintService.print(PrintService.ticket(...))``;
each setting's figures are its "tap to printed" over the prints interleaved
with its own samples, p50 over p50 and p95 over p95.

python -m bench.queue_ticket            about 1 minute
python -m bench.queue_ticket --quick    fewer samples
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bench.common import ROOT, percentile, save
from devices.printer import KEEP_PRINTED, SimulatedPrinter
from kiosk_app import paths
from kiosk_app.backend import simulator_process
from kiosk_app.backend.simulator_process import RunningSimulator
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.destinations import Queue
from kiosk_app.printing import PrintResult
from kiosk_app.queue import ONLINE_TICKET_DEADLINE_S, Handed, QueueTicket, TakeResult, service_of
from kiosk_app.run_mode import RunMode
from kiosk_app.settings import load_settings
from ui.launcher import KioskRuntime, build_runtime
from ui.screens.base import ScreenId
from ui.screens.queue import QueueScreen

LICENCES = 2000  # the replica's first sync is part of the set-up, not of any sample
HANG_S = 6.0  # a hung request answers after this (past the ticket deadline, so the client has given up)
SAMPLE_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Plan:
    samples: int  # (a) and (b)
    first_takes: int  # (c), 5xx
    hung_takes: int  # (c), a hanging backend: each waits the whole deadline


FULL = Plan(samples=40, first_takes=40, hung_takes=3)
QUICK = Plan(samples=15, first_takes=10, hung_takes=1)


# --- the kiosk, instrumented ---------------------------------------------------------------
@dataclass
class Stamps:
    """When each step of one ticket ended (perf_counter seconds), set from whichever thread did it."""

    taken: float | None = None
    result: TakeResult | None = None
    printed: float | None = None
    handed: float | None = None
    how: Handed | None = None
    jobs: int = 0  # every image the printer received, the kiosk's and the baseline's

    def clear(self) -> None:
        self.taken = self.printed = self.handed = None
        self.result = None
        self.how = None


def instrument(services: KioskServices, stamps: Stamps) -> SimulatedPrinter:
    """Wrap (on the instances only) the three calls the screen's jobs make, to time-stamp their ends."""
    queue = services.queue
    printer = services.printing.printer
    assert isinstance(printer, SimulatedPrinter)
    take, hand_over, print_image = queue.take, queue.hand_over, printer.print_image

    def timed_take(*args: Any, **kwargs: Any) -> TakeResult:
        result = take(*args, **kwargs)
        stamps.result, stamps.taken = result, time.perf_counter()
        return result

    def timed_hand_over(ticket: QueueTicket, how: Handed) -> None:
        hand_over(ticket, how)
        stamps.how, stamps.handed = how, time.perf_counter()

    def timed_print_image(image: Any) -> None:
        print_image(image)
        stamps.printed = time.perf_counter()
        stamps.jobs += 1

    queue.take = timed_take  # type: ignore[method-assign]
    queue.hand_over = timed_hand_over  # type: ignore[method-assign]
    printer.print_image = timed_print_image  # type: ignore[method-assign]
    return printer


@dataclass
class Backend:
    sim: RunningSimulator

    def faults(self, **switches: float) -> None:
        reply = httpx.post(
            f"{self.sim.url}/_sim/faults", json={"clear": True, **switches}, timeout=5, trust_env=False
        )
        reply.raise_for_status()


@contextlib.contextmanager
def city_kiosk(folder: Path) -> Iterator[tuple[Backend, KioskServices, KioskRuntime]]:
    """The simulator, and the example site's kiosk connected to it (as tests/conftest.py does)."""
    settings = load_settings(paths.config_dir() / "site-example.yaml")
    kiosk_id = settings.site.kiosk_id
    (folder / "sim").mkdir()
    (folder / "data").mkdir()
    started = time.perf_counter()
    sim = simulator_process.start(
        folder / "sim", licences=LICENCES, kiosks={kiosk_id: secrets.token_urlsafe(24)}
    )
    print(f"  simulator ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    try:
        data = dataclasses.replace(settings.storage, data_dir=str(folder / "data"))
        settings = sim.connect(dataclasses.replace(settings, storage=data))
        services = build_services(settings, RunMode.DEMO, configure_logging=False)
        try:
            services.catalogue.ensure_loaded()
            runtime = build_runtime(services)
            try:
                runtime.window.resize(1920, 1080)
                runtime.window.show()
                yield Backend(sim), services, runtime
            finally:
                runtime.close()
        finally:
            services.close()
    finally:
        with contextlib.suppress(httpx.HTTPError):
            Backend(sim).faults()
        sim.stop()


def top_up(services: KioskServices) -> None:
    """The background job's work (``QueueService._top_up``), done now, as tests/test_queue.py does."""
    link = services.backend
    client, _ = link._built()
    link.network.run(services.queue._top_up(client), timeout=30)


def back_online(services: KioskServices) -> None:
    """One full round that succeeds: the kiosk's last call answered."""
    report = services.backend.sync_once()
    if report.errors:
        raise RuntimeError(f"the sync did not succeed: {report.errors}")
    if services.backend.freshness().online is not True:
        raise RuntimeError("the kiosk does not think it is online after a good sync")


# --- one tap, one ticket -----------------------------------------------------------------------
@dataclass
class Sample:
    number_ms: float  # tap -> QueueService.take returned
    printed_ms: float  # tap -> the printer has the image
    handed_ms: float  # tap -> recorded as handed over: THE figure
    screen_ms: float  # tap -> the screen shows the printed ticket
    ticket: QueueTicket


@dataclass
class Setting:
    name: str
    service: str
    offline: bool
    samples: list[Sample] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)  # print alone, one after each sample


def turn(app: QApplication, until: Callable[[], bool], timeout_s: float) -> None:
    """Let the GUI thread sleep on its event loop until ``until()``; a 5 ms timer wakes it to check."""
    timer = QTimer()
    timer.start(5)
    deadline = time.perf_counter() + timeout_s
    try:
        while not until():
            if time.perf_counter() > deadline:
                raise RuntimeError("timed out")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        timer.stop()


def tap(widget: QWidget) -> None:
    if not widget.isVisible() or not widget.isEnabled():
        raise RuntimeError(f"cannot tap {widget.objectName()}")
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def queue_screen(runtime: KioskRuntime, app: QApplication) -> QueueScreen:
    window = runtime.window
    if window.current is ScreenId.QUEUE:
        screen = window.current_screen
        assert isinstance(screen, QueueScreen)
        if screen.done.isVisible():
            tap(screen.done)  # the citizen is done: home
    window.go(Queue())
    app.processEvents()
    screen = window.current_screen
    assert isinstance(screen, QueueScreen)
    return screen


def take_one(
    app: QApplication, runtime: KioskRuntime, services: KioskServices, stamps: Stamps, setting: Setting
) -> Sample:
    screen = queue_screen(runtime, app)
    tap(screen.service_buttons[setting.service])
    app.processEvents()
    stamps.clear()
    started = time.perf_counter()
    tap(screen.take)
    shown: list[float] = []

    def finished() -> bool:
        if screen.done.isVisible() or screen.keep.isVisible():
            shown.append(time.perf_counter())
            return True
        return False

    turn(app, finished, SAMPLE_TIMEOUT_S)
    result = stamps.result
    if not screen.reprint.isVisible() or result is None or result.ticket is None:
        outcome = result.outcome.value if result is not None else "no answer"
        raise RuntimeError(f"{setting.name}: no printed ticket ({outcome}): {screen.spoken_text()}")
    # The handed-over stamp is set just after hand_over returns, in the worker: wait for it too.
    turn(app, lambda: stamps.handed is not None, SAMPLE_TIMEOUT_S)
    ticket = result.ticket
    if stamps.how is not Handed.PRINTED or services.queue.last_ticket != ticket:
        raise RuntimeError(f"{setting.name}: the ticket was not recorded as printed")
    if ticket.offline != setting.offline or ticket.service != setting.service:
        raise RuntimeError(f"{setting.name}: expected offline={setting.offline}, got {ticket}")
    assert stamps.taken is not None and stamps.printed is not None and stamps.handed is not None
    return Sample(
        number_ms=(stamps.taken - started) * 1000,
        printed_ms=(stamps.printed - started) * 1000,
        handed_ms=(stamps.handed - started) * 1000,
        screen_ms=(shown[0] - started) * 1000,
        ticket=ticket,
    )


def print_alone(services: KioskServices, screen: QueueScreen, ticket: QueueTicket) -> float:
    """The baseline: the same receipt built and printed on the same printer, directly (milliseconds)."""
    printing = services.printing
    started = time.perf_counter()
    receipt = printing.ticket(
        number=ticket.label,
        counter=ticket.counter,
        waiting=ticket.people_ahead,
        lane="",  # the standard lane, as the screen prints it
        ticket_code=f"STT|{ticket.service}|{ticket.day.isoformat()}|{ticket.number}",
        language=screen.context.language,
    )
    outcome = printing.print(receipt)
    elapsed = (time.perf_counter() - started) * 1000
    if outcome.result is not PrintResult.PRINTED:
        raise RuntimeError(f"the baseline print did not print: {outcome.result}")
    return elapsed


# --- the run ---------------------------------------------------------------------------------------
def ms(value: float) -> float:
    return round(value, 2)


def ratio(ours: float, base: float) -> float:
    return round(ours / base, 2) if base > 0 else float("inf")


def summary(setting: Setting) -> dict[str, Any]:
    """Against the prints interleaved with this setting's own samples (the machine drifts)."""
    handed = [s.handed_ms for s in setting.samples]
    base = setting.baseline
    base_p50, base_p95 = percentile(base, 0.5), percentile(base, 0.95)
    p50, p95 = percentile(handed, 0.5), percentile(handed, 0.95)

    def median_of(values: list[float]) -> float:
        return ms(percentile(values, 0.5))

    return {
        "samples": len(handed),
        "tap_to_printed_p50_ms": ms(p50),
        "tap_to_printed_p95_ms": ms(p95),
        "tap_to_printed_max_ms": ms(max(handed)),
        "print_alone_p50_ms": ms(base_p50),
        "print_alone_p95_ms": ms(base_p95),
        "ratio_p50": ratio(p50, base_p50),
        "ratio_p95": ratio(p95, base_p95),
        # Where the time goes (medians): the number, the print job, the record, the screen.
        "tap_to_number_p50_ms": median_of([s.number_ms for s in setting.samples]),
        "tap_to_number_p95_ms": ms(percentile([s.number_ms for s in setting.samples], 0.95)),
        "number_to_printer_p50_ms": median_of([s.printed_ms - s.number_ms for s in setting.samples]),
        "printer_to_handed_p50_ms": median_of([s.handed_ms - s.printed_ms for s in setting.samples]),
        "tap_to_ticket_screen_p50_ms": median_of([s.screen_ms for s in setting.samples]),
        "tap_to_ticket_screen_p95_ms": ms(percentile([s.screen_ms for s in setting.samples], 0.95)),
        "offline_tickets": sum(s.ticket.offline for s in setting.samples),
        "distinct_numbers": len({s.ticket.number for s in setting.samples}),
    }


def measure(quick: bool = False) -> dict[str, Any]:
    plan = QUICK if quick else FULL
    wall = time.perf_counter()
    settings: dict[str, Setting] = {
        "online": Setting("online", service_of(2), offline=False),
        "offline_reserve": Setting("offline_reserve", service_of(3), offline=True),
        "first_after_outage": Setting("first_after_outage", service_of(4), offline=True),
        "first_after_outage_hung": Setting("first_after_outage_hung", service_of(5), offline=True),
    }
    stamps = Stamps()
    with (
        tempfile.TemporaryDirectory(prefix="bench-queue-ticket-") as temporary,
        city_kiosk(Path(temporary)) as (backend, services, runtime),
    ):
        app = runtime.app
        window = runtime.window
        printer = instrument(services, stamps)
        tap(window.screens[ScreenId.ATTRACT])  # a visit starts (Vietnamese)
        app.processEvents()
        back_online(services)  # the replica's first sync, before any sample
        top_up(services)  # a block of numbers reserved for every counter, for later
        numbered = {service_of(counter.number) for counter in services.queue.services()}
        for setting in settings.values():
            assert setting.service in numbered, setting.service
        # Warm-up (python-escpos' import on the first print, the first request's connection).
        warm = Setting("warm-up", service_of(2), offline=False)
        for _ in range(2):
            sample = take_one(app, runtime, services, stamps, warm)
            screen = window.current_screen
            assert isinstance(screen, QueueScreen)
            print_alone(services, screen, sample.ticket)
        today = sample.ticket.day.isoformat()
        needed = {
            "offline_reserve": plan.samples,
            "first_after_outage": plan.first_takes,
            "first_after_outage_hung": plan.hung_takes,
        }
        for name, count in needed.items():
            left = services.backend.store.numbers_left(settings[name].service, today)
            if left < count:
                raise RuntimeError(f"{name}: {left} reserved numbers left, {count} wanted")
        print(f"  set-up done in {time.perf_counter() - wall:.1f} s", file=sys.stderr)

        def run(setting: Setting, count: int, before: Callable[[], None]) -> None:
            started = time.perf_counter()
            for _ in range(count):
                before()
                sample = take_one(app, runtime, services, stamps, setting)
                setting.samples.append(sample)
                screen = window.current_screen
                assert isinstance(screen, QueueScreen)
                setting.baseline.append(print_alone(services, screen, sample.ticket))
            handed = [s.handed_ms for s in setting.samples]
            print(
                f"  {setting.name}: {count} tickets in {time.perf_counter() - started:.1f} s, "
                f"p50 {percentile(handed, 0.5):.1f} ms, p95 {percentile(handed, 0.95):.1f} ms",
                file=sys.stderr,
            )

        # (a) online.
        run(settings["online"], plan.samples, lambda: None)

        # (c) the first take after the outage: the last call succeeded, then every call fails.
        def outage_begins() -> None:
            backend.faults()
            back_online(services)
            backend.faults(**{"5xx": 1.0})

        run(settings["first_after_outage"], plan.first_takes, outage_begins)

        # (b) the outage goes on: the last call failed, the reserve answers at once.
        if services.backend.freshness().online is not False:
            raise RuntimeError("the kiosk should know it is offline by now")
        run(settings["offline_reserve"], plan.samples, lambda: None)

        # (c), a hanging backend: the online call waits for the whole ticket deadline.
        def hang_begins() -> None:
            backend.faults()
            back_online(services)
            backend.faults(timeout=1.0, hang_s=HANG_S)

        run(settings["first_after_outage_hung"], plan.hung_takes, hang_begins)
        backend.faults()
        wanted = 2 * (2 + sum(len(s.samples) for s in settings.values()))  # the warm-up's too
        if stamps.jobs != wanted or len(printer.printed) != min(wanted, KEEP_PRINTED):
            raise RuntimeError(f"the printer received {stamps.jobs} images, not {wanted}")
    everything = [t for setting in settings.values() for t in setting.baseline]
    figures: dict[str, Any] = {
        "quick": quick,
        "print_alone_p50_ms": ms(percentile(everything, 0.5)),
        "print_alone_p95_ms": ms(percentile(everything, 0.95)),
        "print_alone_samples": len(everything),
        "online_ticket_deadline_s": ONLINE_TICKET_DEADLINE_S,
        "printer_jobs": stamps.jobs,
    }
    for name, setting in settings.items():
        figures[name] = summary(setting)
    figures["bench_wall_s"] = round(time.perf_counter() - wall, 1)
    return figures


# --- the report -------------------------------------------------------------------------------------
LABELS = {
    "online": "(a) online",
    "offline_reserve": "(b) offline, reserve",
    "first_after_outage": "(c) 1st after outage, 5xx",
    "first_after_outage_hung": "(c) 1st after outage, hung",
}


def table(figures: dict[str, Any]) -> str:
    lines = [
        "tap on 'take' -> printed and recorded as handed over, against building and printing the same "
        "ticket alone",
        f"(interleaved, one print after each sample; all {figures['print_alone_samples']} prints: "
        f"p50 {figures['print_alone_p50_ms']} ms, p95 {figures['print_alone_p95_ms']} ms)",
        f"{'setting':<27} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'print p50':>9} {'print p95':>9} "
        f"{'x p50':>7} {'x p95':>7} {'number p95':>10} {'screen p95':>10}",
        "-" * 106,
    ]
    for name, label in LABELS.items():
        row = figures[name]
        lines.append(
            f"{label:<27} {row['samples']:>3} {row['tap_to_printed_p50_ms']:>8} "
            f"{row['tap_to_printed_p95_ms']:>8} {row['print_alone_p50_ms']:>9} "
            f"{row['print_alone_p95_ms']:>9} "
            f"{row['ratio_p50']:>7} {row['ratio_p95']:>7} {row['tap_to_number_p95_ms']:>10} "
            f"{row['tap_to_ticket_screen_p95_ms']:>10}"
        )
    lines.append(
        "number: tap -> QueueService.take returned; screen: tap -> the screen shows the printed ticket"
    )
    return "\n".join(lines)


def main() -> int:
    figures = measure(quick="--quick" in sys.argv)
    print(table(figures))
    print(json.dumps(figures, indent=2))
    print(f"written to {save('queue_ticket', figures)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
