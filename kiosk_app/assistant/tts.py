"""Speech out: pyttsx3 + espeak-ng in a worker process the kiosk supervises.

pyttsx3's espeak driver runs espeak-ng in-process and plays through
``aplay``; its ``runAndWait`` can hang, and nothing stops a sentence half
way. So it never runs in the kiosk's process: a child process takes requests
from a queue and reports back on another. Cancelling kills the child's whole
process group (espeak and aplay with it) and the next request starts a fresh
one; so does a crash or a hang (each request has a deadline). The GUI thread
only puts things on a queue.

What is spoken may contain a citizen's name: it is never logged.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_VOICES = {"vi": "vi-vn-x-south", "en": "en-us", "ko": "ko"}
# A sentence longer than this many seconds per character (plus a margin) is a hang.
SECONDS_PER_CHAR = 0.15
DEADLINE_MARGIN_S = 10.0
KEEP_RESULTS = 200


@dataclass(frozen=True)
class VoiceSettings:
    voices: dict[str, str]
    rate: int = 150  # words per minute; elderly listeners prefer slower

    def voice(self, language: str) -> str:
        return self.voices.get(language) or DEFAULT_VOICES.get(language, "en-us")


@dataclass(frozen=True)
class SpeechEvent:
    request: int
    kind: str  # "started" (audio is being produced), "done", "failed"
    at: float  # time.monotonic() in the worker
    detail: str = ""


def _private_audio_dir() -> Path:
    """A folder of our own in memory (tmpfs) where there is one, with an unguessable name."""
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes an unguessable 0700 folder in it
    return Path(tempfile.mkdtemp(prefix="kiosk-speech-", dir=shm if shm.is_dir() else None))


def _empty(folder: Path) -> None:
    for leftover in folder.iterdir():
        leftover.unlink(missing_ok=True)


def _worker(requests: Any, events: Any, rate: int, audio_dir: str) -> None:  # pragma: no cover - in the child
    """The child: one request at a time, a fresh pyttsx3 engine for each (no second runAndWait)."""
    os.setsid()  # its own process group, so cancelling also stops aplay
    sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - pyttsx3 prints "Audio saved to ..."
    # pyttsx3 plays a sentence by writing it to a temporary WAV for aplay, and
    # a sentence may say a citizen's name: those files go to a private folder
    # in memory, which the kiosk empties whenever it stops a worker.
    tempfile.tempdir = audio_dir
    import pyttsx3

    while True:
        item = requests.get()
        if item is None:
            return
        request, text, voice, path = item
        try:
            engine = pyttsx3.Engine("espeak")
            engine.setProperty("voice", voice)
            engine.setProperty("rate", rate)

            def started(name: object = None, request: int = request) -> None:
                events.put(SpeechEvent(request, "started", time.monotonic()))

            engine.connect("started-utterance", started)
            if path:
                engine.save_to_file(text, path)
            else:
                engine.say(text)
            engine.runAndWait()
            del engine
            events.put(SpeechEvent(request, "done", time.monotonic()))
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            events.put(SpeechEvent(request, "failed", time.monotonic(), f"{type(exc).__name__}: {exc}"))


@dataclass
class _Child:
    """One worker process and its two queues."""

    process: SpawnProcess
    requests: Any
    events: Any

    @property
    def alive(self) -> bool:
        return self.process.is_alive()


class SpeechWorker:
    """The kiosk's side: ``say`` and ``save`` queue a request; ``cancel`` silences at once.

    A spare worker waits, started and with pyttsx3 imported, so that the
    sentence after a cancel (audio guidance moving to the next screen) starts
    at once instead of after a process start.
    """

    def __init__(
        self,
        settings: VoiceSettings,
        *,
        on_event: Callable[[SpeechEvent], None] | None = None,
        spare: bool = True,
    ) -> None:
        self._settings = settings
        self._context = multiprocessing.get_context("spawn")  # no Qt state copied into the child
        self._child: _Child | None = None
        self._spare: _Child | None = None
        self._keep_spare = spare
        self._next = 0
        self._lock = threading.Lock()  # the request book-keeping
        self._life = threading.RLock()  # the worker processes, their queues
        self._pending: dict[int, float] = {}  # request -> deadline
        self._results: dict[int, SpeechEvent] = {}
        self._started: dict[int, float] = {}
        self._on_event = on_event
        self._audio_dir: Path | None = None
        self.restarts = 0

    # --- supervision -----------------------------------------------------------

    def _spawn(self) -> _Child:
        if self._audio_dir is None:
            self._audio_dir = _private_audio_dir()
        requests, events = self._context.Queue(), self._context.Queue()
        process = self._context.Process(
            target=_worker, args=(requests, events, self._settings.rate, str(self._audio_dir)),
            name="kiosk-speech", daemon=True,
        )  # fmt: skip
        process.start()
        child = _Child(process, requests, events)
        threading.Thread(target=self._listen, args=(child,), daemon=True).start()
        return child

    def _ensure_running(self) -> None:
        # Called with self._life held: starting, killing and feeding workers never interleave.
        if self._child is not None and self._child.alive:
            return
        if self._child is not None:
            self.restarts += 1
            exitcode = self._child.process.exitcode
            log.warning("speech worker stopped; starting a new one", extra={"exitcode": exitcode})
        spare, self._spare = self._spare, None
        self._child = spare if spare is not None and spare.alive else self._spawn()
        if self._keep_spare:
            self._spare = self._spawn()

    def _listen(self, child: _Child) -> None:
        while True:
            try:
                event = child.events.get(timeout=0.5)
            except queue.Empty:
                if child is not self._child and child is not self._spare:
                    return  # that worker was stopped
                if child is self._child:
                    self._check_deadlines()
                continue
            except (EOFError, OSError):
                return
            with self._lock:
                if event.kind == "started":
                    self._started[event.request] = event.at
                else:
                    self._pending.pop(event.request, None)
                    self._results[event.request] = event
                self._forget_old()
            if self._on_event is not None:
                self._on_event(event)

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        with self._lock:
            overdue = [r for r, deadline in self._pending.items() if deadline < now]
        if overdue:
            log.warning("speech worker did not finish in time; restarting it")
            self._kill()
            for request in overdue:
                self._finish(request, "failed", "timed out")

    def _forget_old(self) -> None:
        """Keep the last results only: a kiosk says thousands of sentences between restarts."""
        for book in (self._results, self._started):
            while len(book) > KEEP_RESULTS:
                del book[next(iter(book))]

    def _finish(self, request: int, kind: str, detail: str) -> None:
        event = SpeechEvent(request, kind, time.monotonic(), detail)
        with self._lock:
            self._pending.pop(request, None)
            self._results[request] = event
            self._forget_old()
        if self._on_event is not None:
            self._on_event(event)

    @staticmethod
    def _stop(child: _Child) -> None:
        process = child.process
        if process.pid is not None and process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)  # the worker and its aplay
            # A worker just spawned may not have its own process group yet.
            process.kill()
        process.join(timeout=2)

    def _kill(self) -> None:
        """Stop the worker that is speaking (the spare stays ready)."""
        with self._life:
            child, self._child = self._child, None
            if child is None:
                return
            self._stop(child)
        if self._audio_dir is not None:
            _empty(self._audio_dir)  # a sentence cut short leaves its WAV behind

    # --- requests --------------------------------------------------------------

    def _submit(self, text: str, language: str, path: Path | None) -> int:
        with self._lock:
            self._next += 1
            request = self._next
            self._pending[request] = time.monotonic() + DEADLINE_MARGIN_S + SECONDS_PER_CHAR * len(text)
        with self._life:
            self._ensure_running()
            assert self._child is not None
            self._child.requests.put(
                (request, text, self._settings.voice(language), str(path) if path else "")
            )
        return request

    def say(self, text: str, language: str) -> int:
        """Speak aloud (stopping anything still being said); returns a request number."""
        if not text.strip():
            return 0
        self.cancel()
        return self._submit(text, language, None)

    def save(self, text: str, language: str, path: Path) -> int:
        """Speak into a WAV file instead of the loudspeaker."""
        return self._submit(text, language, path)

    def cancel(self) -> None:
        """Silence now: whatever is being said stops mid-word."""
        with self._lock:
            busy = list(self._pending)
        if not busy:
            return
        self._kill()
        for request in busy:
            self._finish(request, "failed", "cancelled")

    def wait(self, request: int, timeout: float) -> SpeechEvent | None:
        """The request's final event (tests and the CLI); None if it has not finished in time.

        Looks at least once, so ``timeout=0`` asks whether it has finished already.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                event = self._results.get(request)
            if event is not None:
                return event
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.01)

    def started_at(self, request: int) -> float | None:
        """When audio began for this request (time.monotonic), if it has."""
        with self._lock:
            return self._started.get(request)

    @property
    def audio_dir(self) -> Path | None:
        """Where spoken sentences wait briefly for aplay (in memory, private to the kiosk)."""
        return self._audio_dir

    @property
    def busy(self) -> bool:
        """Whether something is being said (the microphone is muted meanwhile)."""
        with self._lock:
            return bool(self._pending)

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.process.pid if child is not None and child.alive else None

    @property
    def spare_pid(self) -> int | None:
        spare = self._spare
        return spare.process.pid if spare is not None and spare.alive else None

    def close(self) -> None:
        with self._life:
            for child in (self._child, self._spare):
                if child is not None and child.alive:
                    child.requests.put(None)
                    child.process.join(timeout=2)
            spare, self._spare = self._spare, None
            if spare is not None:
                self._stop(spare)
            self._kill()
        if self._audio_dir is not None:
            shutil.rmtree(self._audio_dir, ignore_errors=True)
            self._audio_dir = None


class WorkerSpeaker:
    """The shell's ``Speaker`` (audio guidance and the assistant's replies) over the worker."""

    def __init__(self, worker: SpeechWorker) -> None:
        self._worker = worker

    def say(self, text: str, language: str) -> None:
        self._worker.say(text, language)

    def stop(self) -> None:
        self._worker.cancel()

    def speaking(self) -> bool:
        return self._worker.busy

    def close(self) -> None:
        self._worker.close()
