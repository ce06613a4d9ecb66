"""Listening at the UI edge: loads speech models in the background and runs one utterance at a time.

Push to talk: ``listen`` starts a thread that reads the audio source, feeds
the recogniser and reports the level and the partial transcript as it goes;
it stops at vosk's end of speech, on a second tap (``stop``), or after
``MAX_UTTERANCE_S``. The result arrives as ``heard`` on the GUI thread.
Nothing heard is logged: people say their names and codes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from devices.microphone import AudioSource, level
from kiosk_app.assistant import models
from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.pipeline import Heard, VoicePipeline
from kiosk_app.assistant.recognizer import RecognitionError, SpeechModel
from kiosk_app.composition import KioskServices
from ui.jobs import BackgroundJobs

log = logging.getLogger(__name__)

MAX_UTTERANCE_S = 12.0
TRAILING_SILENCE_S = 0.3  # fed after a recording ends, so vosk sees the end of speech


@dataclass(frozen=True)
class Timing:
    """When the last audio arrived and when the answer was ready (for the benchmark)."""

    speech_ended: float
    understood: float


class VoiceController(QObject):
    level_changed = Signal(float)
    partial_changed = Signal(str)
    heard = Signal(object)  # Heard
    state_changed = Signal(str)  # "loading", "ready", "listening", "thinking", "unavailable"
    failed = Signal(str)  # the audio source failed; the reason is for the log, not for citizens

    def __init__(self, services: KioskServices, jobs: BackgroundJobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._jobs = jobs
        self._pipelines: dict[str, VoicePipeline] = {}
        self._models: dict[str, SpeechModel] = {}
        self._assistant: Assistant | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._generation = 0  # raised by abandon(): results of older questions are dropped
        self.state = "unavailable"
        self.last_timing: Timing | None = None
        # The listening thread announces states too; the attribute follows on the GUI thread.
        self.state_changed.connect(self._remember_state)

    # --- models ----------------------------------------------------------------

    def assistant(self) -> Assistant:
        """The text assistant over the current catalogue (rebuilt when it changes)."""
        catalogue = self._services.catalogue.catalogue
        if self._assistant is None or self._assistant.catalogue is not catalogue:
            self._assistant = Assistant(catalogue, help_counter=self._services.settings.site.help_counter)
            self._pipelines.clear()
        return self._assistant

    def model_names(self) -> dict[str, str]:
        """Speech model by language, as configured; the demo model fills in for missing ones."""
        config = self._services.settings.assistant
        names = {"vi": config.model_vi, "en": config.model_en}
        return {language: name for language, name in names.items() if name}

    def load_models(self) -> None:
        """Load the configured models off the GUI thread (seconds, hundreds of MB)."""
        if not self._services.settings.assistant.enabled:
            return
        wanted = dict(self.model_names())
        demo = self._services.settings.assistant.demo_model
        if self._services.settings.devices.simulated and demo:
            wanted["demo"] = demo
        self._set_state("loading")
        catalogue = self._services.catalogue
        help_counter = self._services.settings.site.help_counter
        use_grammar = self._services.settings.assistant.grammar
        installed = self._installed()

        def job() -> tuple[dict[str, SpeechModel], dict[str, VoicePipeline]]:
            loaded = _load(wanted, installed)
            # Grammars are built now, so words a model lacks are reported at load, once.
            catalogue.ensure_loaded()
            assistant = Assistant(catalogue.catalogue, help_counter=help_counter)
            pipelines: dict[str, VoicePipeline] = {}
            for key, model in list(loaded.items()):
                try:
                    pipelines[key] = VoicePipeline(
                        model, assistant, model.language if key == "demo" else key, use_grammar=use_grammar
                    )
                except RecognitionError as exc:
                    log.warning("speech model not usable", extra={"model": model.name, "error": str(exc)})
                    del loaded[key]
            return loaded, pipelines

        self._jobs.run(job, self._loaded, self._load_failed)

    def _installed(self) -> Path:
        return models.installed_dir(self._services.settings.data_dir())

    def use_model(self, key: str, model: SpeechModel) -> None:
        """Install an already loaded model (tests and benchmarks share one)."""
        self._models[key] = model
        self._pipelines.pop(key, None)
        self._set_state("ready")

    def drop_model(self, key: str) -> None:
        self._models.pop(key, None)
        self._pipelines.pop(key, None)

    def _loaded(self, result: tuple[dict[str, SpeechModel], dict[str, VoicePipeline]]) -> None:
        loaded, pipelines = result
        self._models.update(loaded)
        catalogue = self._services.catalogue.catalogue
        if pipelines and all(p.assistant.catalogue is catalogue for p in pipelines.values()):
            self._assistant = next(iter(pipelines.values())).assistant
            self._pipelines.update(pipelines)
        self._set_state("ready" if self._models else "unavailable")

    def _load_failed(self, error: BaseException) -> None:
        log.warning("speech models could not be loaded", extra={"error": str(error)})
        self._set_state("unavailable")

    def can_listen(self, language: str) -> bool:
        return language in self._models

    def demo_language(self) -> str | None:
        model = self._models.get("demo")
        return model.language if model is not None else None

    def pipeline(self, key: str) -> VoicePipeline:
        """The speech path for a language ("vi", "en") or for the demo model ("demo")."""
        assistant = self.assistant()
        found = self._pipelines.get(key)
        if found is None:
            model = self._models[key]
            language = model.language if key == "demo" else key
            grammar = self._services.settings.assistant.grammar
            found = VoicePipeline(model, assistant, language, use_grammar=grammar)
            self._pipelines[key] = found
        return found

    # --- listening -------------------------------------------------------------

    def listen(self, key: str, source: AudioSource, *, context_procedure: str | None = None) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        pipeline = self.pipeline(key)  # built here: grammar building touches the catalogue
        self._stop.clear()
        self._set_state("listening")
        self._thread = threading.Thread(
            target=self._listen,
            args=(pipeline, source, context_procedure, self._generation),
            name="kiosk-listen",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """The second tap: stop listening and understand what was said so far."""
        self._stop.set()

    def abandon(self) -> None:
        """The visit ended: stop listening at once and never deliver what was heard."""
        self._generation += 1
        self._stop.set()

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
            self.state_changed.emit("ready")
            return
        finally:
            with contextlib.suppress(Exception):
                source.stop()
        if generation != self._generation:
            self.level_changed.emit(0.0)
            self.state_changed.emit("ready")
            return  # abandoned: that visit is over
        self.state_changed.emit("thinking")
        heard = pipeline.conclude(utterance.finish(), context_procedure=context)
        self.last_timing = Timing(speech_ended, time.monotonic())
        self.level_changed.emit(0.0)
        if generation == self._generation:
            self.heard.emit(heard)
        self.state_changed.emit("ready")

    def _set_state(self, state: str) -> None:
        self.state_changed.emit(state)

    def _remember_state(self, state: str) -> None:
        self.state = state


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
        if key != "demo" and entry.language != key:
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


__all__ = ["Heard", "Timing", "VoiceController"]
