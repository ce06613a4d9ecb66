"""The assistant in service: understanding over the current catalogue, speech models, one question at a time.

Qt-free. Models load in a background job the UI runs after the first paint
(``prepare_models`` off the GUI thread, then ``install`` on it). Push to talk:
``listen`` starts a thread that reads the configured microphone (or a
recording), feeds the recogniser and announces the level and the partial
transcript as it goes; it stops at vosk's end of speech, on a second tap
(``stop``), or after ``MAX_UTTERANCE_S``. The announcements are ``Event``s
fired from that thread: the UI's bridge carries them to the GUI thread.
Nothing heard is logged: people say their names and codes.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devices.microphone import AudioSource, WavSource, level
from kiosk_app.assistant import models
from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.pipeline import Heard, VoicePipeline
from kiosk_app.assistant.recognizer import RecognitionError, SpeechModel
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.events import Event
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import Settings

log = logging.getLogger(__name__)

MAX_UTTERANCE_S = 12.0
TRAILING_SILENCE_S = 0.3  # fed after a recording ends, so vosk sees the end of speech
DEMO = "demo"  # the key of the demo's model (any language), beside "vi" and "en"


class VoiceState(enum.Enum):
    UNAVAILABLE = "unavailable"  # no model listens
    LOADING = "loading"
    READY = "ready"
    LISTENING = "listening"
    THINKING = "thinking"


@dataclass(frozen=True)
class Timing:
    """When the last audio arrived and when the answer was ready (for the benchmark)."""

    speech_ended: float
    understood: float


@dataclass(frozen=True)
class LoadedModels:
    models: dict[str, SpeechModel]
    pipelines: dict[str, VoicePipeline]


class VoiceService:
    def __init__(
        self,
        settings: Settings,
        catalogue: CatalogueService,
        messages: MessageCatalogue,
        microphone: AudioSource | None,
    ) -> None:
        self._settings = settings
        self._catalogue = catalogue
        self._messages = messages
        self.microphone = microphone
        self._pipelines: dict[str, VoicePipeline] = {}
        self._models: dict[str, SpeechModel] = {}
        self._assistant: Assistant | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._generation = 0  # raised by abandon(): results of older questions are dropped
        self.state = VoiceState.UNAVAILABLE
        self.last_timing: Timing | None = None
        self.level_changed = Event[float]()
        self.partial_changed = Event[str]()
        self.heard = Event[Heard]()
        self.state_changed = Event[VoiceState]()
        self.failed = Event[str]()  # the audio source failed; the reason is for the log, not for citizens
        # Told the intent of each typed question (the service metrics); never the question.
        self.on_asked: Callable[[str], None] | None = None

    # --- understanding ---------------------------------------------------------

    def assistant(self) -> Assistant:
        """The text assistant over the current catalogue (rebuilt when it changes)."""
        catalogue = self._catalogue.catalogue
        if self._assistant is None or self._assistant.catalogue is not catalogue:
            self._assistant = Assistant(catalogue, site=self._settings.site, messages=self._messages)
            self._assistant.on_asked = self.on_asked
            self._pipelines.clear()
        return self._assistant

    def warm_up(self) -> None:
        """Build the assistant for the current catalogue and its understanding, so the first typed
        question does not (run it in a background job: it reads the examples files)."""
        self.assistant().prepare()

    # --- models ----------------------------------------------------------------

    def model_names(self) -> dict[str, str]:
        config = self._settings.assistant
        names = {"vi": config.model_vi, "en": config.model_en}
        return {language: name for language, name in names.items() if name}

    def wanted_models(self) -> dict[str, str]:
        """Model by key: the configured languages, plus the demo's sample model in demo mode."""
        wanted = dict(self.model_names())
        demo = self._settings.assistant.demo_model
        if self._settings.devices.simulated and demo:
            wanted[DEMO] = demo
        return wanted

    def start_loading(self) -> bool:
        """Whether there is anything to load; the state says "loading" until ``install``."""
        if not self._settings.assistant.enabled:
            return False
        self._set_state(VoiceState.LOADING)
        return True

    def prepare_models(self) -> LoadedModels:
        """Load the models and build their grammars (seconds, hundreds of MB): off the GUI thread."""
        loaded = _load(self.wanted_models(), models.installed_dir(self._settings.data_dir()))
        # Grammars are built now, so words a model lacks are reported at load, once.
        self._catalogue.ensure_loaded()
        assistant = Assistant(self._catalogue.catalogue, site=self._settings.site, messages=self._messages)
        use_grammar = self._settings.assistant.grammar
        pipelines: dict[str, VoicePipeline] = {}
        for key, model in list(loaded.items()):
            try:
                language = model.language if key == DEMO else key
                pipelines[key] = VoicePipeline(model, assistant, language, use_grammar=use_grammar)
            except RecognitionError as exc:
                log.warning("speech model not usable", extra={"model": model.name, "error": str(exc)})
                del loaded[key]
        return LoadedModels(loaded, pipelines)

    def install(self, loaded: LoadedModels) -> None:
        self._models.update(loaded.models)
        catalogue = self._catalogue.catalogue
        pipelines = loaded.pipelines
        if pipelines and all(p.assistant.catalogue is catalogue for p in pipelines.values()):
            self._assistant = next(iter(pipelines.values())).assistant
            self._pipelines.update(pipelines)
        self._set_state(VoiceState.READY if self._models else VoiceState.UNAVAILABLE)

    def load_failed(self, error: BaseException) -> None:
        log.warning("speech models could not be loaded", extra={"error": str(error)})
        self._set_state(VoiceState.UNAVAILABLE)

    def use_model(self, key: str, model: SpeechModel) -> None:
        """Install an already loaded model (tests and benchmarks share one)."""
        self._models[key] = model
        self._pipelines.pop(key, None)
        self._set_state(VoiceState.READY)

    def drop_model(self, key: str) -> None:
        self._models.pop(key, None)
        self._pipelines.pop(key, None)

    def can_listen(self, language: str) -> bool:
        return language in self._models and self.microphone is not None

    def demo_language(self) -> str | None:
        model = self._models.get(DEMO)
        return model.language if model is not None else None

    def pipeline(self, key: str) -> VoicePipeline:
        """The speech path for a language ("vi", "en") or for the demo model."""
        assistant = self.assistant()
        found = self._pipelines.get(key)
        if found is None:
            model = self._models[key]
            language = model.language if key == DEMO else key
            found = VoicePipeline(model, assistant, language, use_grammar=self._settings.assistant.grammar)
            self._pipelines[key] = found
        return found

    # --- listening -------------------------------------------------------------

    def listen(
        self, key: str, source: AudioSource | None = None, *, context_procedure: str | None = None
    ) -> None:
        """Start hearing one question: from the configured microphone, or from a recording (demo, tests)."""
        source = source or self.microphone
        if source is None or (self._thread is not None and self._thread.is_alive()):
            return
        pipeline = self.pipeline(key)  # built here: grammar building touches the catalogue
        self._stop.clear()
        self._set_state(VoiceState.LISTENING)
        self._thread = threading.Thread(
            target=self._listen,
            args=(pipeline, source, context_procedure, self._generation),
            name="kiosk-listen",
            daemon=True,
        )
        self._thread.start()

    def listen_recording(
        self, key: str, pcm: bytes, *, context_procedure: str | None = None, real_time: bool = True
    ) -> None:
        """Hear a recording (16 kHz mono PCM) as if spoken into the microphone (tests may hurry it)."""
        source = WavSource(pcm, name="recording", real_time=real_time)
        self.listen(key, source, context_procedure=context_procedure)

    def stop(self) -> None:
        """The second tap: stop listening and understand what was said so far."""
        self._stop.set()

    def abandon(self) -> None:
        """The visit ended: stop listening at once and never deliver what was heard."""
        self._generation += 1
        self._stop.set()

    def wait(self, timeout: float) -> bool:
        """Wait for the listening thread to finish (shutdown, tests); whether it did."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.listening

    @property
    def listening(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _listen(
        self, pipeline: VoicePipeline, source: AudioSource, context: str | None, generation: int
    ) -> None:
        utterance = pipeline.start()
        started = time.monotonic()
        last_partial = ""
        speech_ended = started
        try:
            source.start()
            while not self._stop.is_set() and time.monotonic() - started < MAX_UTTERANCE_S:
                chunk = source.read(timeout=0.2)
                if chunk is None:  # a recording ran out: let vosk hear the silence after it
                    utterance.feed(bytes(int(TRAILING_SILENCE_S * 32000)))
                    speech_ended = time.monotonic()
                    break
                if not chunk:
                    continue
                speech_ended = time.monotonic()
                utterance.feed(chunk)
                self.level_changed.emit(level(chunk))
                partial = utterance.partial()
                if partial != last_partial and generation == self._generation:
                    last_partial = partial
                    self.partial_changed.emit(partial)
                if utterance.ended:
                    break
        except Exception as exc:  # noqa: BLE001 - PortAudio, ALSA, a vanished device: all one story
            log.warning("the microphone failed", extra={"error": f"{type(exc).__name__}: {exc}"})
            self.level_changed.emit(0.0)
            self.failed.emit(type(exc).__name__)
            self._set_state(VoiceState.READY)
            return
        finally:
            with contextlib.suppress(Exception):
                source.stop()
        if generation != self._generation:
            self.level_changed.emit(0.0)
            self._set_state(VoiceState.READY)
            return  # abandoned: that visit is over
        self._set_state(VoiceState.THINKING)
        heard = pipeline.conclude(utterance.finish(), context_procedure=context)
        self.last_timing = Timing(speech_ended, time.monotonic())
        self.level_changed.emit(0.0)
        if generation == self._generation:
            self.heard.emit(heard)
        self._set_state(VoiceState.READY)

    def _set_state(self, state: VoiceState) -> None:
        self.state = state
        self.state_changed.emit(state)


def _load(wanted: dict[str, str], installed: Path) -> dict[str, SpeechModel]:
    entries = {entry.name: entry for entry in models.known_models(installed)}
    loaded: dict[str, SpeechModel] = {}
    by_name: dict[str, SpeechModel] = {}
    for key, name in wanted.items():
        entry = entries.get(name)
        directory = models.locate(entry) if entry is not None else None
        if entry is None or directory is None:
            log.info("speech model not installed", extra={"model": name, "for": key})
            continue
        if key != DEMO and entry.language != key:
            log.warning(
                "speech model is for another language",
                extra={"model": name, "model_language": entry.language, "for": key},
            )
            continue
        if name not in by_name:
            by_name[name] = SpeechModel(directory, name=name, language=entry.language)
            log.info("speech model loaded", extra={"model": name, "seconds": round(by_name[name].load_s, 2)})
        loaded[key] = by_name[name]
    return loaded
