"""The kiosk window: header, the current screen, the navigation bar.

It is the Navigator the screens talk to: ``go`` takes a typed destination
(``kiosk_app.destinations``), shows the screen for its type and hands it the
value. It builds each screen with only the services that screen uses. It is the
one place that reacts to the citizen session: it starts the idle ticker, shows
the warning, and when a session ends it throws every screen away and builds
fresh ones, so nothing a citizen typed survives in a widget, an undo stack or
a completer.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk_app.catalogue.catalogue import Catalogue
from kiosk_app.composition import KioskServices
from kiosk_app.destinations import (
    Assistant,
    Attract,
    BeginProcedure,
    Destination,
    ErrorPage,
    Home,
    ProcedureGuide,
    Rating,
)
from kiosk_app.memory import release_freed_memory
from kiosk_app.session import EndReason, Preferences, SessionState, VisitSummary
from kiosk_app.speech import Speaker
from ui.chrome import Header, NavigationBar
from ui.finish_question import FinishQuestion
from ui.guard import forget_copied_text
from ui.i18n import LanguageSwitcher
from ui.idle_warning import IdleWarningOverlay
from ui.jobs import BackgroundJobs
from ui.notice import NoticeBanner
from ui.screens.assistant import AssistantScreen
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen, ScreenContext, ScreenId
from ui.screens.demo_devices import DemoDevicesScreen
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.error import ErrorScreen
from ui.screens.home import HomeScreen
from ui.screens.id_card import IdCardScreen
from ui.screens.id_consent import IdConsentScreen
from ui.screens.licence_check import LicenceCheckScreen
from ui.screens.pin import PinScreen
from ui.screens.procedure_flow import ChecklistScreen, ProcedureScreen, QuestionScreen
from ui.screens.procedures import CategoryScreen, ProceduresScreen, SearchScreen
from ui.screens.queue import QueueScreen
from ui.screens.rating import RatingScreen
from ui.screens.staff import TechnicianScreen
from ui.screens.staff_editor import StaffEditScreen, StaffScreen
from ui.theme import stylesheet
from ui.voice import VoiceBridge

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
    RatingScreen,
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
SCREEN_FOR: dict[type[Destination], ScreenId] = {t.destination: t.screen_id for t in SCREEN_TYPES}
# Screens that are not a step of the citizen's way: Back never returns to them.
NOT_IN_HISTORY = (ScreenId.ATTRACT, ScreenId.ERROR, ScreenId.PIN)


class CatalogueBridge(QObject):
    """The catalogue announces loads from whichever thread did them; Qt queues this signal to ours."""

    changed = Signal()

    def announce(self, _: Catalogue) -> None:
        self.changed.emit()


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
        self.voice = VoiceBridge(services.voice, jobs, self)
        self.catalogue_bridge = CatalogueBridge(self)
        services.catalogue.changed.connect(self.catalogue_bridge.announce)
        self.catalogue_bridge.changed.connect(self._catalogue_changed)
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
        self.finish_question = FinishQuestion(self)
        self.finish_question.confirmed.connect(self._ask_rating)

        self.navbar.home_requested.connect(self.home)
        self.navbar.back_requested.connect(self.back)
        self.navbar.finish_requested.connect(self._finish_requested)
        self.navbar.assistant_requested.connect(self._open_assistant)
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

        self._context = ScreenContext(
            navigator=self,
            jobs=self.jobs,
            speaker=self.speaker,
            preferences=lambda: session.preferences,
            messages=services.messages,
            site=services.settings.site,
            demo=services.settings.devices.simulated,
        )
        self.screens = ScreenSet(self._build_screen)
        self._history: list[Destination] = []
        self._destination: Destination = Attract()
        self._portrait = False
        self._theme: tuple[bool, bool] | None = None
        self._apply_preferences(session.preferences)
        self.show_destination(Attract())

    # --- screens ---------------------------------------------------------

    def _build_screen(self, screen_id: ScreenId) -> Screen:
        screen = self._construct(screen_id)
        screen.set_portrait(self._portrait)
        self.stack.addWidget(screen)
        return screen

    def _construct(self, screen_id: ScreenId) -> Screen:
        """Each screen with the services it uses, and no others."""
        s, c = self.services, self._context
        languages = s.settings.ui.languages
        match screen_id:
            case ScreenId.ATTRACT:
                return AttractScreen(c, languages=languages, choose_language=self.choose_language)
            case ScreenId.HOME:
                return HomeScreen(
                    c,
                    identity=s.identity,
                    can_listen=s.voice.can_listen,
                    most_asked=lambda limit: s.use.most_asked(
                        s.catalogue.catalogue.procedures.values(), limit, c.language
                    ),
                )
            case ScreenId.PROCEDURES:
                return ProceduresScreen(c, catalogue=s.catalogue)
            case ScreenId.CATEGORY:
                return CategoryScreen(c, catalogue=s.catalogue, order=s.use.ordered)
            case ScreenId.SEARCH:
                return SearchScreen(c, catalogue=s.catalogue)
            case ScreenId.PROCEDURE:
                return ProcedureScreen(c, guide=s.guide)
            case ScreenId.QUESTION:
                return QuestionScreen(c, guide=s.guide)
            case ScreenId.CHECKLIST:
                return ChecklistScreen(c, guide=s.guide, printing=s.printing, on_file=s.on_file)
            case ScreenId.DOSSIER_STATUS:
                return DossierStatusScreen(c, dossiers=s.dossiers, identity=s.identity, printing=s.printing)
            case ScreenId.QUEUE:
                return QueueScreen(c, queue=s.queue, printing=s.printing)
            case ScreenId.RATING:
                return RatingScreen(c, satisfaction=s.satisfaction)
            case ScreenId.ASSISTANT:
                return AssistantScreen(
                    c, voice=self.voice, catalogue=s.catalogue, languages=languages,
                    choose_language=self.choose_language,
                )  # fmt: skip
            case ScreenId.LICENCE_CHECK:
                return LicenceCheckScreen(c, backend=s.backend)
            case ScreenId.PIN:
                return PinScreen(c, pins=s.pins)
            case ScreenId.STAFF:
                return StaffScreen(c, catalogue=s.catalogue)
            case ScreenId.STAFF_EDIT:
                return StaffEditScreen(c, catalogue=s.catalogue)
            case ScreenId.TECHNICIAN:
                return TechnicianScreen(c, tools=s.technician)
            case ScreenId.ERROR:
                return ErrorScreen(c)
            case ScreenId.ID_CONSENT:
                return IdConsentScreen(c, identity=s.identity)
            case ScreenId.ID_CARD:
                return IdCardScreen(c, identity=s.identity)
            case ScreenId.DEMO_DEVICES:
                return DemoDevicesScreen(c, panel=s.demo_panel)

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

    @property
    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    @property
    def current_destination(self) -> Destination:
        return self._destination

    def show_destination(self, destination: Destination) -> None:
        """Show the screen for this destination (no history step; ``go`` adds one)."""
        screen_id = SCREEN_FOR[type(destination)]
        screen = self.screens[screen_id]
        self._destination = destination
        self.banner.clear_notice()  # news belongs to the screen it was given on
        self.stack.setCurrentWidget(screen)
        screen.arrive(destination)
        self.header.setVisible(screen_id is not ScreenId.ATTRACT)
        self.navbar.setVisible(screen.shows_navigation)
        self.navbar.show_for(back_possible=bool(self._history), citizen_facing=screen.citizen_facing)
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(screen.spoken_text(), self.services.session.preferences.language)

    def devices_changed(self) -> None:
        self.current_screen.devices_changed()

    def _catalogue_changed(self) -> None:
        for screen in self.screens.built():
            screen.catalogue_changed()
        # The assistant over the new catalogue is built in the background, not on the first question.
        self.jobs.run(self.services.voice.warm_up, lambda _: None)

    # --- Navigator ---------------------------------------------------------

    def go(self, destination: Destination) -> None:
        if isinstance(destination, BeginProcedure):
            self._begin(destination.code)
            return
        if destination == self._destination and SCREEN_FOR[type(destination)] is self.current:
            return
        self.services.session.touch()
        if self.current not in NOT_IN_HISTORY:
            self._history.append(self._destination)
        self.show_destination(destination)

    def _begin(self, code: str) -> None:
        overview = ProcedureGuide(code)
        guide = self.services.guide
        procedure = guide.procedure(overview)
        if procedure is None:  # gone from the catalogue since it was listed: the overview says so
            self.go(overview)
            return
        self.services.session.touch()
        if self.current not in NOT_IN_HISTORY:
            self._history.append(self._destination)
        self._history.append(overview)  # Back from the first question shows the overview
        self.show_destination(guide.start(procedure))

    def home(self) -> None:
        self.services.session.touch()
        self._history.clear()
        self.show_destination(Home())

    def back(self) -> None:
        if self.current_screen.handle_back():
            return
        if self._history:
            self.show_destination(self._history.pop())
        else:
            self.home()

    def back_past(self, *kinds: type[Destination]) -> None:
        """Back to the last place in the history that is none of ``kinds`` (home when there is none).

        After the ID card is read and accepted, the citizen returns to what they
        were doing (a checklist, a dossier lookup), not to the card screens.
        """
        while self._history and isinstance(self._history[-1], kinds):
            self._history.pop()
        if self._history:
            self.show_destination(self._history.pop())
        else:
            self.home()

    def choose_language(self, language: str) -> None:
        session = self.services.session
        session.set_preferences(dataclasses.replace(session.preferences, language=language))

    def _open_assistant(self) -> None:
        """The assistant, told which procedure is on screen: "how much is it?" is then about that one."""
        self.go(Assistant(about=self.current_screen.procedure_in_view()))

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
        self.show_destination(ErrorPage())

    # --- the session ---------------------------------------------------------

    def tick(self) -> None:
        """One second passed: the ticker calls this; tests call it with a fake clock."""
        session = self.services.session
        session.tick()
        if session.state is SessionState.WARNING:
            self.overlay.show_countdown(session.seconds_left())

    def _finish_requested(self) -> None:
        """Finish at once when nothing would be lost (or on the rating screen); otherwise ask first."""
        personal = self.services.session.personal
        if self.current is ScreenId.RATING or (personal.is_empty() and personal.last_ticket is None):
            self.end_session(EndReason.FINISHED)
            return
        if personal.is_empty():  # only a ticket taken: nothing to lose, something to rate
            self._ask_rating()
            return
        self.finish_question.ask()
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(self.finish_question.spoken_text(), self.services.session.preferences.language)

    def _ask_rating(self) -> None:
        """The citizen finished a visit that did something: one tap to say how it was, or to skip."""
        self.finish_question.hide()
        self.go(Rating())

    def _show_warning(self) -> None:
        self.overlay.show_countdown(self.services.session.seconds_left())
        if self.services.session.preferences.audio_guidance:
            self.speaker.say(self.overlay.spoken_text(), self.services.session.preferences.language)

    def _session_ended(self, visit: VisitSummary) -> None:
        self._reset_to_attract()

    def _reset_to_attract(self) -> None:
        self.ticker.stop()
        self.overlay.hide()
        self.finish_question.hide()
        self.speaker.stop()
        # A question still being heard belongs to the visit that just ended.
        self.services.voice.abandon()
        forget_copied_text()
        self._history.clear()
        self._drop_screens()
        self.show_destination(Attract())
        # Once the dropped screens are deleted (deferred), give their memory back.
        QTimer.singleShot(0, release_freed_memory)

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
        self.finish_question.setGeometry(self.rect())
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
