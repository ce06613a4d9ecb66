"""Write a PNG of every screen, in both languages and both orientations.

    ./dev.sh screenshots [OUT_DIR]      (runs under Xvfb; default OUT_DIR: screenshots/)

Uses the example site file, a throw-away data folder and a fake clock, so the
idle warning can be shown without waiting.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk_app import paths
from kiosk_app.composition import RunMode, build_services
from kiosk_app.pins import PinResult
from kiosk_app.session import CitizenIdentity, Preferences
from kiosk_app.settings import load_settings
from ui.launcher import build_runtime, create_application
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.pin import PinScreen

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    create_application()
    written = 0
    for orientation, size in SIZES.items():
        for language in ("vi", "en"):
            with tempfile.TemporaryDirectory() as data:
                settings = load_settings(paths.config_dir() / "site-example.yaml")
                settings = settings.__class__(
                    **{**vars(settings), "storage": settings.storage.__class__(data_dir=data)}
                )
                clock = ManualClock()
                services = build_services(settings, RunMode.DEMO, clock=clock, configure_logging=False)
                runtime = build_runtime(services)
                written += _capture_all(
                    runtime.window,
                    services,
                    clock,
                    language,
                    out / f"{orientation}-{language}",
                    size,
                )
                runtime.close()
                services.close()
    print(f"wrote {written} screenshots to {out}/")
    return 0


def _capture_all(window, services, clock, language, prefix: Path, size) -> int:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert app is not None
    window.resize(*size)
    window.show()
    count = 0

    def shot(name: str) -> None:
        nonlocal count
        for _ in range(3):
            app.processEvents()
        window.grab().save(f"{prefix}-{name}.png")
        count += 1

    shot("01-attract")
    session = services.session
    session.touch()
    session.set_preferences(Preferences(language, False, False, False))
    window.home()
    shot("02-home")
    for number, screen in enumerate(
        (
            ScreenId.PROCEDURES,
            ScreenId.DOSSIER_STATUS,
            ScreenId.QUEUE,
            ScreenId.ASSISTANT,
            ScreenId.LICENCE_CHECK,
        ),
        start=3,
    ):
        window.go(screen)
        shot(f"{number:02d}-{screen.value}")
        window.home()
    window.go(ScreenId.DOSSIER_STATUS)
    status = window.screens[ScreenId.DOSSIER_STATUS]
    assert isinstance(status, DossierStatusScreen)
    status.code.setText("000.00.19.H29-251129-0001")
    status.look_up.click()
    shot("08-dossier-status-entered")
    window.go(ScreenId.PIN)
    pin = window.screens[ScreenId.PIN]
    assert isinstance(pin, PinScreen)
    pin._checked(PinResult(None, 3, 0.0))
    pin.pad.keys["1"].click()
    pin.pad.keys["2"].click()
    shot("09-pin")
    window.go(ScreenId.STAFF)
    shot("10-staff")
    window.go(ScreenId.TECHNICIAN)
    shot("11-technician")
    window.show_error()
    shot("12-error")
    session.personal.identity = CitizenIdentity("079090001234", "NGUYỄN VĂN AN")
    window.home()
    shot("13-home-identified")
    session.set_preferences(Preferences(language, True, False, False))
    shot("14-home-large-text")
    session.set_preferences(Preferences(language, False, True, False))
    shot("15-home-high-contrast")
    session.set_preferences(Preferences(language, False, False, False))
    clock.now += services.settings.session.idle_timeout_s + 1
    window.tick()
    clock.now += 3
    window.tick()
    shot("16-idle-warning")
    session.end(session.ended and __import__("kiosk_app.session").session.EndReason.TIMEOUT)
    return count


if __name__ == "__main__":
    sys.exit(main())
