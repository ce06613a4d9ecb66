"""The citizen screens that talk to the city, driven offscreen against the real simulator process."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from devices.cccd import CitizenIdentity
from devices.id_reader import SimulatedIdReader
from kiosk_app import destinations as to
from kiosk_app.backend.simulator_process import RunningSimulator, sample_licence
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.run_mode import RunMode
from kiosk_app.session import EndReason
from kiosk_app.settings import Settings
from tests.conftest import SIMULATOR_LICENCES, FakeClock
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime, build_runtime
from ui.scan_router import ScanRouter
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.id_card import IdCardScreen
from ui.screens.licence_check import LicenceCheckScreen
from ui.screens.procedure_flow import ChecklistScreen

CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Sài Gòn|20042021"
DEMO_CITIZEN = CitizenIdentity(
    "079090001234", "NGUYỄN VĂN AN", date(1990, 3, 15), "male", "12 Lê Lợi, Phường Sài Gòn", date(2021, 4, 20)
)


@pytest.fixture
def city(
    backend_settings: Settings, clock: FakeClock, qtbot: QtBot
) -> Iterator[tuple[KioskRuntime, KioskServices]]:
    services = build_services(backend_settings, RunMode.DEMO, clock=clock, configure_logging=False)
    services.catalogue.ensure_loaded()
    runtime = build_runtime(services)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    tap(qtbot, runtime.window.screens[ScreenId.ATTRACT])  # a visit starts (Vietnamese)
    yield runtime, services
    runtime.close()
    services.close()


def dossier(sim: RunningSimulator, status: int, owner: str = DEMO_CITIZEN.id_number) -> tuple[str, str]:
    db = sqlite3.connect(sim.data_dir / "backend.sqlite3")
    try:
        row = db.execute(
            "SELECT code, lookup_secret FROM dossiers WHERE status_code = ? AND owner_id = ?", (status, owner)
        ).fetchone()
    finally:
        db.close()
    return str(row[0]), str(row[1])


def status_screen(runtime: KioskRuntime) -> DossierStatusScreen:
    screen = runtime.window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(screen, DossierStatusScreen)
    return screen


def look_up(qtbot: QtBot, screen: DossierStatusScreen, second: str) -> None:
    screen.field.setText(second)
    tap(qtbot, screen.next_button)
    qtbot.waitUntil(lambda: screen.again.isVisible() or screen.message.isVisible(), timeout=10_000)


@pytest.mark.parametrize(
    ("status", "words"),
    [(5, "Cần bổ sung giấy tờ"), (6, "Cần nộp phí"), (9, "có thể đến nhận"), (10, "Đã trả kết quả")],
)
def test_a_scanned_slip_and_the_owners_id_show_the_status_in_plain_words(
    qtbot: QtBot,
    city: tuple[KioskRuntime, KioskServices],
    backend_sim: RunningSimulator,
    status: int,
    words: str,
) -> None:
    runtime, services = city
    code, _ = dossier(backend_sim, status)
    runtime.window.go(to.DossierStatus(code))  # as a scanned slip arrives
    screen = status_screen(runtime)
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)
    assert screen.answer.isVisible()
    assert words in screen.headline.text()
    assert screen.label.text()  # the backend's own label, shown beside the national meaning
    # What to do next, when there is something to do.
    assert screen.next_step.isVisible() == (status in (5, 6, 9))
    assert "Vừa tra cứu lúc" in screen.details.text()
    # Nothing of it was kept: not in the visit's record, not in the kiosk's store files.
    assert services.session.personal.entries == {}
    for path in services.settings.data_dir().glob("*.sqlite3*"):
        assert code.encode() not in path.read_bytes()


def test_the_slips_secret_works_and_a_wrong_owner_learns_nothing(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    runtime, _ = city
    code, secret = dossier(backend_sim, 4)
    runtime.window.go(to.DossierStatus(code))
    screen = status_screen(runtime)
    look_up(qtbot, screen, "079185009999")
    assert not screen.answer.isVisible()
    assert "Không có hồ sơ nào khớp" in screen.message.text()
    tap(qtbot, screen.again)  # back to the code, as a citizen typing it
    screen.field.setText(code)
    tap(qtbot, screen.next_button)
    look_up(qtbot, screen, secret.lower())  # typed in lower case: the same secret
    assert screen.answer.isVisible() and "Đang giải quyết" in screen.headline.text()


def test_the_id_card_read_in_this_visit_is_the_second_factor(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    runtime, services = city
    services.identity.accept(DEMO_CITIZEN)
    code, _ = dossier(backend_sim, 9)
    runtime.window.go(to.DossierStatus(code))
    screen = status_screen(runtime)
    assert screen.use_card.isVisible() and "1234" in screen.use_card.text()
    tap(qtbot, screen.use_card)
    qtbot.waitUntil(screen.answer.isVisible, timeout=10_000)
    assert "có thể đến nhận" in screen.headline.text()


def test_lookups_per_visit_are_limited_and_the_limit_ends_with_the_visit(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    runtime, services = city
    limit = services.settings.backend.lookups_per_visit
    code, _ = dossier(backend_sim, 2)
    runtime.window.go(to.DossierStatus())
    screen = status_screen(runtime)

    def try_owner(owner: str) -> None:
        screen.field.setText(code)
        tap(qtbot, screen.next_button)
        look_up(qtbot, screen, owner)
        tap(qtbot, screen.again)

    for _ in range(limit):
        try_owner("079185009999")
        assert "Không có hồ sơ nào khớp" in screen.message.text() or screen.message.text() == ""
    screen.field.setText(code)
    tap(qtbot, screen.next_button)
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)  # even the right owner: the limit holds
    assert not screen.answer.isVisible()
    assert "đủ số hồ sơ cho phép" in screen.message.text()
    services.session.end(EndReason.FINISHED)
    assert services.session.personal.dossier_lookups == 0


def test_offline_is_said_and_sends_the_citizen_to_the_counter(
    qtbot: QtBot,
    city: tuple[KioskRuntime, KioskServices],
    backend_sim: RunningSimulator,
    sim_faults: Callable[..., dict[str, object]],
) -> None:
    runtime, services = city
    code, _ = dossier(backend_sim, 4)
    sim_faults(**{"5xx": 1.0})
    runtime.window.go(to.DossierStatus(code))
    screen = status_screen(runtime)
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)
    assert not screen.answer.isVisible()  # never a status it could not fetch now
    assert "chưa kết nối được" in screen.message.text()
    assert f"quầy số {services.settings.site.help_counter}" in screen.message.text().lower()


def _licence_screen(runtime: KioskRuntime) -> LicenceCheckScreen:
    screen = runtime.window.screens[ScreenId.LICENCE_CHECK]
    assert isinstance(screen, LicenceCheckScreen)
    return screen


@pytest.mark.parametrize(
    ("state", "verdict", "role"),
    [
        ("valid", "Còn hiệu lực", "verdict-good"),
        ("revoked", "Đã bị thu hồi", "verdict-bad"),
        ("expired", "Đã hết hạn", "verdict-bad"),
    ],
)
def test_a_scanned_licence_gets_its_verdict_and_the_datas_age(
    qtbot: QtBot,
    city: tuple[KioskRuntime, KioskServices],
    backend_sim: RunningSimulator,
    state: str,
    verdict: str,
    role: str,
) -> None:
    runtime, services = city
    services.backend.sync_once()
    payload = sample_licence(backend_sim.data_dir, state, licences=SIMULATOR_LICENCES)
    runtime.window.go(to.LicenceCheck(payload))
    screen = _licence_screen(runtime)
    qtbot.waitUntil(screen.verdict.isVisible, timeout=10_000)
    assert screen.verdict.text() == verdict
    assert screen.verdict.property("role") == role
    assert "-KQ" in screen.facts.text()
    assert "cập nhật lúc" in screen.freshness.text()


def test_a_tampered_licence_is_not_genuine(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    runtime, services = city
    services.backend.sync_once()
    payload = sample_licence(backend_sim.data_dir, "valid", licences=SIMULATOR_LICENCES)
    tampered = payload[:60] + ("0" if payload[60] != "0" else "1") + payload[61:]
    runtime.window.go(to.LicenceCheck(tampered))
    screen = _licence_screen(runtime)
    qtbot.waitUntil(screen.verdict.isVisible, timeout=10_000)
    assert screen.verdict.text() == "Không phải giấy phép điện tử hợp lệ"
    assert screen.facts.text().count("-KQ") == 0  # nothing from an unverified payload is shown


def _household_checklist(qtbot: QtBot, runtime: KioskRuntime) -> ChecklistScreen:
    window = runtime.window
    window.go(to.BeginProcedure("2.000575"))
    for answer in ("answer_yes", "answer_no", "answer_next"):
        # Each question builds its own buttons; the last question's may linger until deleted.
        buttons = window.current_screen.findChildren(QPushButton, answer)
        tap(qtbot, next(b for b in buttons if b.isVisible()))
    assert window.current is ScreenId.CHECKLIST
    screen = window.screens[ScreenId.CHECKLIST]
    assert isinstance(screen, ChecklistScreen)
    return screen


def test_papers_on_file_need_a_chip_verified_identity(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices]
) -> None:
    runtime, services = city
    # No card read: the checklist offers the card.
    checklist = _household_checklist(qtbot, runtime)
    assert checklist.on_file_button.isVisible()
    rows = checklist.text
    assert rows is not None and not any("Thành phố đã lưu" in row.text for row in rows.rows)
    window = runtime.window
    # Read from the QR code only: after yes the citizen is back at the checklist, with why not.
    router = window.findChild(ScanRouter)
    assert router is not None
    router.route(CCCD)
    assert window.current is ScreenId.ID_CONSENT
    tap(qtbot, window.current_screen.findChild(QPushButton, "consent_yes"))
    assert window.current is ScreenId.CHECKLIST
    assert "mã QR" in checklist.on_file_text.text()
    assert services.session.personal.on_file == {}
    # Read from the chip: card on the reader, six digits, yes; the city answers.
    reader = services.hardware.id_reader
    assert isinstance(reader, SimulatedIdReader)
    reader.card = DEMO_CITIZEN
    tap(qtbot, checklist.on_file_button)
    card = window.screens[ScreenId.ID_CARD]
    assert isinstance(card, IdCardScreen)
    for digit in DEMO_CITIZEN.id_number[-6:]:
        tap(qtbot, card.pad.keys[digit])
    tap(qtbot, card.read)
    qtbot.waitUntil(lambda: window.current is ScreenId.ID_CONSENT, timeout=5000)
    tap(qtbot, window.current_screen.findChild(QPushButton, "consent_yes"))
    assert window.current is ScreenId.CHECKLIST
    qtbot.waitUntil(lambda: not checklist._asking, timeout=10_000)
    assert services.session.personal.on_file == {"2.000575": {"owner_id": "reusable"}}
    texts = [row.text for row in (checklist.text.rows if checklist.text else ())]
    on_file_at = texts.index("Thành phố đã lưu: không cần mang")
    owner_copy = next(i for i, t in enumerate(texts) if "Căn cước" in t and t.startswith("•"))
    assert owner_copy > on_file_at  # listed under "on file", not under "papers to bring"
    assert not checklist.on_file_button.isVisible()
    services.session.end(EndReason.FINISHED)
    assert services.session.personal.on_file == {}


def test_a_slip_url_with_an_opaque_id_asks_only_for_the_owner(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    runtime, services = city
    code, _ = dossier(backend_sim, 6)
    ref = hashlib.sha256(f"slip:2025:{code}".encode()).hexdigest()[:24]  # as the simulator prints it
    router = runtime.window.findChild(ScanRouter)
    assert router is not None
    router.route(f"https://dichvucong.hochiminhcity.gov.vn/tra-cuu-ho-so?ref={ref}")
    assert runtime.window.current is ScreenId.DOSSIER_STATUS
    screen = status_screen(runtime)
    assert ref not in screen.instruction.text() and code not in screen.instruction.text()
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)
    assert screen.answer.isVisible() and "Cần nộp phí" in screen.headline.text()
    assert code in screen.instruction.text()  # the backend named the dossier once the owner matched
    assert services.session.personal.entries == {}


def test_the_demo_slip_is_the_demo_cards_dossier(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices]
) -> None:
    from kiosk_app.demo_panel import SAMPLE_SLIP

    runtime, services = city
    services.identity.accept(DEMO_CITIZEN)
    router = runtime.window.findChild(ScanRouter)
    assert router is not None
    router.route(SAMPLE_SLIP)
    screen = status_screen(runtime)
    tap(qtbot, screen.use_card)
    qtbot.waitUntil(screen.answer.isVisible, timeout=10_000)
    assert "có thể đến nhận" in screen.headline.text()


def test_a_status_prints_as_the_screen_shows_it(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator
) -> None:
    from devices.printer import SimulatedPrinter

    runtime, services = city
    code, _ = dossier(backend_sim, 5)
    runtime.window.go(to.DossierStatus(code))
    screen = status_screen(runtime)
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)
    printer = services.printing.printer
    assert isinstance(printer, SimulatedPrinter)
    before = len(printer.printed)
    assert screen.print_slip.isVisible()
    tap(qtbot, screen.print_slip)
    qtbot.waitUntil(lambda: len(printer.printed) == before + 1, timeout=10_000)
    slip = services.printing.status_slip(
        dossier_code=code, status="x", next_step="", details=(), language="vi"
    )
    assert any("Mã hồ sơ" in getattr(block, "text", "") for block in slip.blocks)


def test_what_the_city_said_is_gone_when_the_visit_ends(
    qtbot: QtBot, city: tuple[KioskRuntime, KioskServices], backend_sim: RunningSimulator, clock: FakeClock
) -> None:
    """A dossier status, a licence's holder and papers on file: shown, then nowhere (widgets, store, logs)."""
    from tests.test_shell_flow import every_text

    runtime, services = city
    window = runtime.window
    services.backend.sync_once()
    code, _ = dossier(backend_sim, 9)
    window.go(to.DossierStatus(code))
    screen = status_screen(runtime)
    look_up(qtbot, screen, DEMO_CITIZEN.id_number)
    assert screen.answer.isVisible()
    payload = sample_licence(backend_sim.data_dir, "valid", licences=SIMULATOR_LICENCES)
    window.go(to.LicenceCheck(payload))
    licence = _licence_screen(runtime)
    qtbot.waitUntil(licence.verdict.isVisible, timeout=10_000)
    holder = licence.facts.text().split("\n")[1].split(": ", 1)[1]
    licence_id = licence.facts.text().split("\n")[2].split(": ", 1)[1]
    services.identity.accept(dataclasses.replace(DEMO_CITIZEN, verified=True))
    checklist = _household_checklist(qtbot, runtime)
    qtbot.waitUntil(lambda: not checklist._asking, timeout=10_000)
    assert services.session.personal.on_file
    secrets = (code, DEMO_CITIZEN.id_number, DEMO_CITIZEN.full_name, holder, licence_id)
    # Nobody answers: the visit times out.
    for wait in (services.settings.session.idle_timeout_s, services.settings.session.warning_s):
        clock.advance(wait + 1)
        window.tick()
    assert window.current is ScreenId.ATTRACT
    qtbot.wait(1)  # deleteLater on the old screens
    held = every_text(window)
    for secret in secrets:
        assert secret not in held, secret
        assert secret not in repr(vars(services.session.personal))
    services.backend.sync_once()  # whatever the outbox held is sent; what is kept stays local
    data = services.settings.data_dir()
    for file in (f for f in data.rglob("*") if f.is_file()):
        content = file.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, (file.name, secret)
