"""The assistant: ask by voice (push to talk) or by typing; it answers, and takes you there.

What it heard and what it will do are shown before anything happens, and
the reply is spoken. When it is not sure, it does nothing and offers the
likely choices as buttons: a wrong action taken silently is worse than one
more tap.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.assistant.actions import NAVIGATING, GoBack, GoTo, SwitchLanguage, action_for
from kiosk_app.assistant.assistant import AssistantReply
from kiosk_app.assistant.audio import synthesize
from kiosk_app.assistant.intents import Intent
from kiosk_app.assistant.pipeline import Heard
from kiosk_app.assistant.understand import Understanding
from kiosk_app.assistant.voice import VoiceState
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.destinations import Assistant, BeginProcedure, Destination, DossierStatus, Procedures
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label
from ui.voice import VoiceBridge
from ui.widgets.basics import restyle
from ui.widgets.vietnamese_keyboard import VietnameseKeyboard

log = logging.getLogger(__name__)

MAX_CHOICES = 3
# Spoken by espeak-ng for the demo's "sample question" (the demo model is Korean).
DEMO_SAMPLES = ("사본 인증", "번호표 주세요", "수수료가 얼마예요", "메인 화면", "커피 한잔 주세요")


def intent_label(intent: str) -> str:
    labels = {
        "open_procedure": translate("AssistantScreen", "Open the guide"),
        "ask_fee": translate("AssistantScreen", "Fees"),
        "ask_time": translate("AssistantScreen", "How long it takes"),
        "ask_documents": translate("AssistantScreen", "Papers to bring"),
        "ask_location": translate("AssistantScreen", "Where to go"),
        "check_status": translate("AssistantScreen", "Dossier status"),
        "take_ticket": translate("AssistantScreen", "Queue number"),
        "go_home": translate("AssistantScreen", "Home screen"),
        "go_back": translate("AssistantScreen", "Go back"),
        "repeat": translate("AssistantScreen", "Say it again"),
        "help": translate("AssistantScreen", "What can I ask?"),
        "change_language": translate("AssistantScreen", "Change language"),
        "talk_to_staff": translate("AssistantScreen", "Talk to staff"),
    }
    return labels.get(intent, intent)


class AssistantScreen(Screen):
    screen_id = ScreenId.ASSISTANT
    destination = Assistant

    def __init__(
        self,
        context: ScreenContext,
        *,
        voice: VoiceBridge,
        catalogue: CatalogueService,
        languages: tuple[str, ...],
        choose_language: Callable[[str], None],
    ) -> None:
        super().__init__(context)
        self._voice = voice
        self._catalogue = catalogue
        self._languages = languages
        self._choose_language = choose_language
        self._about: str | None = None  # the procedure on screen when the citizen asked
        self._last_reply = ""
        self._answer: AssistantReply | None = None
        self._portrait = False
        self._heard_text = ""
        self._sample = 0
        self._choice_actions: list[Callable[[], None]] = []
        self.title = make_label("title")
        self.hint = make_label("hint")
        self.mic = make_button("mic", object_name="assistant_mic")
        self.mic.setMinimumHeight(140)  # a big target, whatever the text size
        self.mic.clicked.connect(self._mic_tapped)
        self.level = QProgressBar()
        self.level.setProperty("role", "level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.status = make_label("hint")
        self.status.setObjectName("assistant_status")
        self.heard = make_label("body")
        self.heard.setObjectName("assistant_heard")
        self.action = make_label("notice")
        self.action.setObjectName("assistant_action")
        self.action.hide()
        self.reply = make_label("reply")
        self.reply.setObjectName("assistant_reply")
        self.reply.hide()
        self.choices: list[QPushButton] = []
        choice_row = QHBoxLayout()
        for index in range(MAX_CHOICES + 1):
            button = make_button("", object_name=f"assistant_choice_{index}")
            button.clicked.connect(lambda _=False, i=index: self._run_choice(i))
            button.hide()
            choice_row.addWidget(button)
            self.choices.append(button)
        self.text = QLineEdit()
        self.text.setObjectName("assistant_text")
        self.text.installEventFilter(self)
        self.text.setMaxLength(120)
        self.text.returnPressed.connect(self._ask_typed)
        self.ask = make_button("primary", object_name="assistant_ask")
        self.ask.clicked.connect(self._ask_typed)
        text_row = QHBoxLayout()
        text_row.addWidget(self.text, 1)
        text_row.addWidget(self.ask)
        self.keyboard = VietnameseKeyboard(self.text)
        self.sample = make_button("", object_name="assistant_sample")
        self.sample.clicked.connect(self._play_sample)
        self.sample.setVisible(context.demo)

        speak = QVBoxLayout()
        speak.setSpacing(14)
        for widget in (
            self.title,
            self.hint,
            self.mic,
            self.level,
            self.status,
            self.heard,
            self.action,
            self.reply,
        ):
            speak.addWidget(widget)
        speak.addLayout(choice_row)
        speak.addWidget(self.sample)
        speak.addStretch(1)
        typing = QVBoxLayout()
        typing.setSpacing(14)
        typing.addLayout(text_row)
        typing.addWidget(self.keyboard)
        typing.addStretch(1)
        left, right = QWidget(), QWidget()
        left.setLayout(speak)
        right.setLayout(typing)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(48, 24, 48, 24)
        self.split.setSpacing(32)
        self.split.addWidget(left, 1)
        self.split.addWidget(right, 1)

        # Bound methods only: the controller outlives this screen (dropped at the end
        # of every visit), and Qt disconnects a deleted receiver's methods, not lambdas.
        voice.partial_changed.connect(self._partial)  # the bridge lives as long as the window
        voice.level_changed.connect(self._level)
        voice.heard.connect(self._heard)
        voice.state_changed.connect(self._state_changed)
        voice.failed.connect(self._failed)
        self.retranslate()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        direction = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        self.split.setDirection(direction)

    def _make_room_for_the_answer(self, answering: bool) -> None:
        """While an answer shows, how-to-ask texts step aside (and, on a tall screen, the keys,
        until the field is tapped): with large text the answer would not fit beside them."""
        self.hint.setVisible(not answering)
        self.status.setVisible(not answering)
        self.keyboard.setVisible(not (answering and self._portrait))
        # With large text beside the keys, "You asked: ..." gives its room to the answer.
        crowded = answering and not self._portrait and self.context.preferences().large_text
        self.heard.setVisible(not crowded)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn):
            self.keyboard.show()  # the citizen wants to type again
        return False

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, Assistant):
            self._about = destination.about
        # Opened again, it starts clean: an earlier answer (perhaps to another question,
        # perhaps in another language) is not the reply to anything asked now.
        self._answer = None
        self._last_reply = ""
        self._clear_answer()
        self.heard.setText("")
        self.text.clear()
        self._show_state()
        self.retranslate()

    # --- asking ------------------------------------------------------------------

    def _voice_key(self) -> str | None:
        voice = self._voice.service
        return self.context.language if voice.can_listen(self.context.language) else None

    def _mic_tapped(self) -> None:
        voice = self._voice.service
        if voice.listening:
            voice.stop()  # the second tap ends the question
            return
        key = self._voice_key()
        if key is None:
            return
        self.context.speaker.stop()  # never listen to ourselves
        self._start_listening(lambda: voice.listen(key, context_procedure=self._about))

    def _play_sample(self) -> None:
        """Demo: espeak-ng says a sample question into the demo model, as if into the microphone."""
        voice = self._voice.service
        if voice.listening or voice.demo_language() is None:
            return
        text = DEMO_SAMPLES[self._sample % len(DEMO_SAMPLES)]
        self._sample += 1
        self.heard.setText(
            translate("AssistantScreen", "Sample question (spoken by the kiosk): {text}").format(text=text)
        )

        self.context.jobs.run(lambda: synthesize(text, "ko", rate=170), self._sample_ready)

    def _sample_ready(self, pcm: bytes) -> None:
        self.listen_to("demo", pcm)

    def listen_to(self, key: str, pcm: bytes, *, real_time: bool = True) -> None:
        """Hear a recording (16 kHz mono PCM) as if spoken, in real time (the demo and tests use this)."""
        voice = self._voice.service
        self._start_listening(
            lambda: voice.listen_recording(key, pcm, context_procedure=self._about, real_time=real_time)
        )

    def _start_listening(self, begin: Callable[[], None]) -> None:
        self._clear_answer()
        self.mic.setProperty("listening", True)
        restyle(self.mic)
        begin()
        self._show_state()

    def _ask_typed(self) -> None:
        text = self.text.text().strip()
        if not text:
            return
        self.heard.setText(translate("AssistantScreen", "You asked: {text}").format(text=text))
        answer = self._voice.service.assistant().ask(
            text, self.context.language, context_procedure=self._about
        )
        self.text.clear()
        self.act(answer)

    def _level(self, value: float) -> None:
        self.level.setValue(round(100 * value))

    def _state_changed(self, state: VoiceState) -> None:
        self._show_state()

    def _failed(self, reason: str) -> None:
        """The microphone did not work: say so plainly and offer typing and the counter."""
        self.mic.setProperty("listening", False)
        restyle(self.mic)
        self.level.setValue(0)
        self.heard.setText(
            translate("AssistantScreen", "The microphone is not working. Please type your question.")
            + " "
            + self.context.help_counter_text()
        )

    def _partial(self, text: str) -> None:
        if text:
            self.heard.setText(translate("AssistantScreen", "I hear: {text}").format(text=text))

    def _heard(self, heard: Heard) -> None:
        self.mic.setProperty("listening", False)
        restyle(self.mic)
        self.level.setValue(0)
        said = heard.transcript.text
        if said:
            self.heard.setText(translate("AssistantScreen", "You said: {text}").format(text=said))
        else:
            self.heard.setText(translate("AssistantScreen", "I heard nothing I know."))
        if self.context.navigator.current is not ScreenId.ASSISTANT:
            return  # the citizen left while we listened: do nothing behind their back
        self.act(heard.answer)

    # --- answering ---------------------------------------------------------------

    def act(self, answer: AssistantReply) -> None:
        """Show what was understood and the reply, speak it, and do what the core says it means."""
        self._answer = answer
        understanding = answer.understanding
        intent = understanding.intent
        reply = self._voice.service.assistant().reply_to(answer, self.context.language)
        if intent is Intent.REPEAT:
            reply = self._last_reply or reply
        else:
            self._last_reply = reply
        self.reply.setText(reply)
        self._make_room_for_the_answer(True)
        self.reply.show()
        self.action.setText(self._action_text(answer))
        self.action.setVisible(intent is not Intent.UNKNOWN)
        self._show_choices(answer)
        self.context.speaker.say(reply, self.context.language)
        navigator = self.context.navigator
        action = action_for(understanding, language=self.context.language, languages=self._languages)
        if isinstance(action, GoTo):
            navigator.go(action.destination)
            if isinstance(action.destination, BeginProcedure):
                navigator.notify(reply)
        elif isinstance(action, GoBack):
            navigator.back()
        elif isinstance(action, SwitchLanguage):
            self._choose_language(action.language)

    def _action_text(self, answer: AssistantReply) -> str:
        understanding = answer.understanding
        code = understanding.slots.get("procedure")
        procedure = self._catalogue.catalogue.procedures.get(code) if code else None
        name = procedure.name.get(self.context.language) if procedure is not None else ""
        if understanding.intent == "open_procedure" and name:
            return translate("AssistantScreen", "I will open the guide: {name}").format(name=name)
        if understanding.intent in NAVIGATING:
            return translate("AssistantScreen", "I will go to: {place}").format(
                place=intent_label(understanding.intent)
            )
        if name:
            return translate("AssistantScreen", "{topic} — {name}").format(
                topic=intent_label(understanding.intent), name=name
            )
        return intent_label(understanding.intent)

    def _show_choices(self, answer: AssistantReply) -> None:
        for button in self.choices:
            button.hide()
        understanding = answer.understanding
        options: list[tuple[str, Callable[[], None]]] = []
        code = understanding.slots.get("procedure")
        if understanding.intent.startswith("ask_") and code:
            options.append((intent_label("open_procedure"), lambda: self._open(code)))
        if understanding.intent == "unknown":
            catalogue = self._catalogue.catalogue
            for choice in understanding.procedure_choices[: MAX_CHOICES - 1]:
                procedure = catalogue.procedures.get(choice)
                if procedure is not None:
                    label = translate("AssistantScreen", "Open: {name}").format(
                        name=procedure.name.get(self.context.language)
                    )
                    options.append((label, lambda c=choice: self._open(c)))  # type: ignore[misc]
            for intent in understanding.alternatives:
                if len(options) >= MAX_CHOICES:
                    break
                options.append((intent_label(intent), lambda i=intent: self._choose(i)))  # type: ignore[misc]
            if not options:
                options = [
                    (
                        translate("AssistantScreen", "Find a procedure"),
                        lambda: self.context.navigator.go(Procedures()),
                    ),
                    (
                        intent_label("check_status"),
                        lambda: self.context.navigator.go(DossierStatus()),
                    ),
                    (intent_label("talk_to_staff"), lambda: self._choose("talk_to_staff")),
                ]
        self._choice_actions = [action for _, action in options]
        for button, (label, _) in zip(self.choices, options, strict=False):
            button.setText(label)
            button.show()

    def _run_choice(self, index: int) -> None:
        if index < len(self._choice_actions):
            self._choice_actions[index]()

    def _open(self, code: str) -> None:
        self.context.navigator.go(BeginProcedure(code))

    def _choose(self, intent: str) -> None:
        """A choice button: act as if the citizen had asked for that plainly."""
        code = self._about
        slots = {"procedure": code} if code and intent.startswith("ask_") else {}
        understanding = Understanding(Intent(intent), slots, 1.0)
        self.act(AssistantReply(understanding, ""))

    def _clear_answer(self) -> None:
        self.action.hide()
        self.reply.hide()
        self._make_room_for_the_answer(False)
        for button in self.choices:
            button.hide()

    # --- texts -------------------------------------------------------------------

    def _show_state(self) -> None:
        voice = self._voice.service
        listening = voice.listening
        if listening:
            text = translate("AssistantScreen", "Listening… tap the microphone again when you have finished.")
        elif voice.state is VoiceState.LOADING:
            text = translate("AssistantScreen", "Speech recognition is starting; you can type meanwhile.")
        elif self._voice_key() is None and voice.demo_language() is not None:
            text = translate(
                "AssistantScreen",
                "No speech model for this language yet. Demo: play a sample question below.",
            )
        elif self._voice_key() is None:
            text = translate(
                "AssistantScreen", "Speaking is not available in this language here; please type."
            )
        else:
            text = translate("AssistantScreen", "Tap the microphone, then ask your question.")
        self.status.setText(text)
        # No model for this language: no microphone to press in vain.
        can_speak = listening or self._voice_key() is not None
        self.mic.setVisible(can_speak)
        self.level.setVisible(can_speak)
        self.mic.setText(
            translate("AssistantScreen", "Stop")
            if listening
            else translate("AssistantScreen", "Tap to speak")
        )
        self.sample.setEnabled(not listening and voice.demo_language() is not None)

    def retranslate(self) -> None:
        self.title.setText(translate("AssistantScreen", "Ask the assistant"))
        self.hint.setText(
            translate(
                "AssistantScreen",
                "Ask about fees, time, papers or where to go, for example “birth registration fee”.",
            )
        )
        self.text.setPlaceholderText(translate("AssistantScreen", "Or type your question here"))
        self.text.setAccessibleName(translate("AssistantScreen", "Your question"))
        self.ask.setText(translate("AssistantScreen", "Ask"))
        self.sample.setText(translate("AssistantScreen", "Demo: play a sample question (Korean voice)"))
        self.mic.setAccessibleName(translate("AssistantScreen", "Microphone"))
        self._show_state()
        if self._answer is not None and self.reply.isVisible():
            self.action.setText(self._action_text(self._answer))

    def spoken_text(self) -> str:
        return f"{self.title.text()}. {self.hint.text()} {self.status.text()}"
