"""The kiosk window: header, the current screen, the navigation bar.

It is the Navigator the screens talk to, and the one place that reacts to the
citizen session: it starts the idle ticker, shows the warning, and when a
session ends it throws every screen away and builds fresh ones, so nothing a
citizen typed survives in a widget, an undo stack or a completer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk_app.composition import KioskServices
from kiosk_app.session import EndReason, Preferences, SessionState, VisitSummary
from kiosk_app.speech import Speaker
from ui.chrome import Header, NavigationBar
from ui.i18n import LanguageSwitcher
from ui.idle_warning import IdleWarningOverlay
from ui.jobs import BackgroundJobs
from ui.notice import NoticeBanner
from ui.screens.assistant import AssistantScreen
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen, ScreenContext, ScreenId, Selection
from ui.screens.demo_devices import DemoDevicesScreen
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.error import ErrorScreen
from ui.screens.home import HomeScreen
from ui.screens.id_card import IdCardScreen
from ui.screens.id_consent import IdConsentScreen
from ui.screens.pin import PinScreen
from ui.screens.procedure_flow import ChecklistScreen, ProcedureScreen, QuestionScreen
from ui.screens.procedures import CategoryScreen, ProceduresScreen, SearchScreen
from ui.screens.services import LicenceCheckScreen, QueueScreen
from ui.screens.staff import TechnicianScreen
from ui.screens.staff_editor import StaffEditScreen, StaffScreen
from ui.theme import stylesheet
from ui.voice import VoiceController

log = logging.getLogger(__name__)

SCREEN_TYPES: tuple[type[Screen], ...] = (
    AttractScreen,
    HomeScreen,
    ProceduresScreen,
    CategoryScreen,
    SearchScreen,
    ProcedureScreen,
    QuestionScreen,
    ChecklistScreen,
    DossierStatusScreen,
    QueueScreen,
    AssistantScreen,
    LicenceCheckScreen,
    PinScreen,
    StaffScreen,
    StaffEditScreen,
    TechnicianScreen,
    ErrorScreen,
    IdConsentScreen,
    IdCardScreen,
    DemoDevicesScreen,
)
TICK_MS = 1000


class ScreenSet:
    """The window's screens, each built the first time it is needed.

    Building on demand keeps start-up short (the attract screen is all a
    fresh kiosk shows) and makes the end-of-session wipe simple: drop them all.
    """

    def __init__(self, build: Callable[[ScreenId], Screen]) -> None:
        self._build = build
        self._screens: dict[ScreenId, Screen] = {}

    def __getitem__(self, screen_id: ScreenId) -> Screen:
        screen = self._screens.get(screen_id)
        if screen is None:
            screen = self._screens[screen_id] = self._build(screen_id)
        return screen

    def built(self) -> list[Screen]:
        return list(self._screens.values())

    def drop_all(self) -> list[Screen]:
        dropped = self.built()
        self._screens.clear()
        return dropped


class KioskWindow(QWidget):
    def __init__(
        self,
        services: KioskServices,
        *,
        jobs: BackgroundJobs,
        speaker: Speaker,
        languages: LanguageSwitcher,
        kiosk_mode: bool,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.services = services
        self.jobs = jobs
        self.speaker = speaker
        self.languages = languages
        self.kiosk_mode = kiosk_mode
        self.voice = VoiceController(services, jobs, self)
        self.may_close = not kiosk_mode
        self.setWindowTitle(services.settings.site.centre_name(services.session.preferences.language))

        self.header = Header(services.settings.site)
        self.stack = QStackedWidget()
        self.navbar = NavigationBar(services.settings.ui.languages)
        layout = QVBoxLayout(self)
        # The screen's size is a given: the window never grows past it, and the
        # layout adapts in resizeEvent (portrait or landscape) instead.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        self.banner = NoticeBanner()
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.navbar)
        self.overlay = IdleWarningOverlay(self)

        self.navbar.home_requested.connect(self.home)
        self.navbar.back_requested.connect(self.back)
        self.navbar.finish_requested.connect(lambda: self.end_session(EndReason.FINISHED))
        self.navbar.assistant_requested.connect(lambda: self.go(ScreenId.ASSISTANT))
        self.navbar.preferences_requested.connect(self._preferences_requested)
        self.overlay.more_time.connect(services.session.extend)
        self.overlay.finish_now.connect(lambda: self.end_session(EndReason.FINISHED))

        session = services.session
        session.started.connect(lambda _: self.ticker.start())
        session.warning_started.connect(lambda _: self._show_warning())
        session.extended.connect(lambda _: self.overlay.hide())
        session.ended.connect(self._session_ended)
        session.preferences_changed.connect(self._apply_preferences)

        # Runs only while a session is open: the attract screen costs no CPU.
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)

        self._screen_types = {screen_type.screen_id: screen_type for screen_type in SCREEN_TYPES}
        self._context = ScreenContext(self.services, self, self.jobs, self.speaker, Selection(), self.voice)
        self.screens = ScreenSet(self._build_screen)
        self._history: list[ScreenId] = []
        self._portrait = False
        self._theme: tuple[bool, bool] | None = None
        self._apply_preferences(session.preferences)
        self.show_screen(ScreenId.ATTRACT)

    # --- screens ---------------------------------------------------------

    def context_selection(self) -> Selection:
        """What the citizen has picked so far (tests and screenshots set it directly)."""
        return self._context.selection

    def _build_screen(self, screen_id: ScreenId) -> Screen:
        screen = self._screen_types[screen_id](self._context)
        screen.set_portrait(self._portrait)
        self.stack.addWidget(screen)
        return screen

    def _drop_screens(self) -> None:
        """Throw every screen away: what a citizen typed goes with its widget."""
        for old in self.screens.drop_all():
            self.stack.removeWidget(old)
            old.deleteLater()

    @property
    def current(self) -> ScreenId:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget.screen_id

    def show_screen(self, screen_id: ScreenId) -> None:
        screen = self.screens[screen_id]
        self.banner.clear_notice()  # news belongs to the screen it was given on
        self.stack.setCurrentWidget(screen)
        screen.on_shown()
        self.header.setVisible(screen_id is not ScreenId.ATTRACT)
        self.navbar.setVisible(screen.shows_navigation)
        self.navbar.show_for(back_possible=bool(self._history), citizen_facing=screen.citizen_facing)
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(screen.spoken_text(), self.services.session.preferences.language)

    def devices_changed(self) -> None:
        widget = self.stack.currentWidget()
        if isinstance(widget, Screen):
            widget.devices_changed()

    # --- Navigator ---------------------------------------------------------

    def screen_of(self, screen: ScreenId) -> Screen:
        return self.screens[screen]

    def go(self, screen: ScreenId) -> None:
        if screen is self.current:
            return
        self.services.session.touch()
        if self.current not in (ScreenId.ATTRACT, ScreenId.ERROR, ScreenId.PIN):
            self._history.append(self.current)
        self.show_screen(screen)

    def home(self) -> None:
        self.services.session.touch()
        self._history.clear()
        self.show_screen(ScreenId.HOME)

    def back(self) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Screen) and current.handle_back():
            return
        if self._history:
            self.show_screen(self._history.pop())
        else:
            self.home()

    def end_session(self, reason: EndReason) -> None:
        if self.services.session.state is SessionState.IDLE:
            self._reset_to_attract()
        else:
            self.services.session.end(reason)  # -> _session_ended

    def quit_kiosk(self) -> None:
        log.info("technician left kiosk mode")
        self.may_close = True
        self.services.session.end(EndReason.RESET)
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def notify(self, text: str) -> None:
        self.banner.show_notice(text)
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(text, self.services.session.preferences.language)

    def show_error(self) -> None:
        self._history.clear()
        self.overlay.hide()
        self.show_screen(ScreenId.ERROR)

    # --- the session ---------------------------------------------------------

    def tick(self) -> None:
        """One second passed: the ticker calls this; tests call it with a fake clock."""
        session = self.services.session
        session.tick()
        if session.state is SessionState.WARNING:
            self.overlay.show_countdown(session.seconds_left())

    def _show_warning(self) -> None:
        self.overlay.show_countdown(self.services.session.seconds_left())
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(self.overlay.spoken_text(), self.services.session.preferences.language)

    def _session_ended(self, visit: VisitSummary) -> None:
        self._reset_to_attract()

    def _reset_to_attract(self) -> None:
        self.ticker.stop()
        self.overlay.hide()
        self.speaker.stop()
        # A question still being heard belongs to the visit that just ended.
        self.voice.abandon()
        # A citizen may have copied a code; the next one must not paste it.
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        self._history.clear()
        self._drop_screens()
        self._context = ScreenContext(self.services, self, self.jobs, self.speaker, Selection(), self.voice)
        self.show_screen(ScreenId.ATTRACT)

    def _preferences_requested(self, preferences: Preferences) -> None:
        self.services.session.set_preferences(preferences)

    def _apply_preferences(self, preferences: Preferences) -> None:
        self.languages.set_language(preferences.language)
        self.header.set_language(preferences.language)
        self.setWindowTitle(self.services.settings.site.centre_name(preferences.language))
        theme = (preferences.large_text, preferences.high_contrast)
        if theme != self._theme:
            self._theme = theme
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.setStyleSheet(stylesheet(large_text=theme[0], high_contrast=theme[1]))
        self.navbar.set_preferences(preferences)
        if preferences.audio_guidance and self.stack.currentWidget() is not None:
            screen = self.stack.currentWidget()
            assert isinstance(screen, Screen)
            self.speaker.say(screen.spoken_text(), preferences.language)

    # --- Qt ----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        orientation = self.services.settings.ui.orientation
        portrait = orientation == "portrait" or (orientation == "auto" and self.height() > self.width())
        if portrait != self._portrait:
            self._portrait = portrait
            self.navbar.set_portrait(portrait)
            for screen in self.screens.built():
                screen.set_portrait(portrait)

    def closeEvent(self, event: QCloseEvent) -> None:
        # In kiosk mode only the technician's "Exit kiosk mode" closes the window;
        # a window manager's close (Alt+F4) is refused.
        if self.may_close:
            event.accept()
        else:
            log.warning("refused a request to close the kiosk window")
            event.ignore()
