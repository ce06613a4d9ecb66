"""Audio in: the microphone (sounddevice / PortAudio) and a WAV-file source, 16 kHz mono 16-bit.

A source is started, read chunk by chunk by the listening thread, and
stopped. While the kiosk is speaking, what the microphone hears is dropped:
the assistant must not answer its own voice.
"""

from __future__ import annotations

import array
import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from devices.base import DeviceProblem, DeviceStatus, Health

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
CHUNK_MS = 100
CHUNK_BYTES = SAMPLE_RATE * 2 * CHUNK_MS // 1000


class AudioSource(Protocol):
    name: str
    kind: str

    def start(self) -> None: ...
    def read(self, timeout: float) -> bytes | None: ...
    def stop(self) -> None: ...
    def status(self) -> DeviceStatus: ...


def level(chunk: bytes) -> float:
    """Loudness of a chunk from 0 (silence) to 1 (full scale), on a decibel scale people see move."""
    samples = array.array("h")
    samples.frombytes(chunk[: len(chunk) // 2 * 2])
    if not samples:
        return 0.0
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    if rms < 1:
        return 0.0
    decibels = 20 * math.log10(rms / 32768)  # -90 .. 0 dBFS
    return max(0.0, min(1.0, (decibels + 60) / 60))


class WavSource:
    """Plays recorded PCM as if spoken into the microphone (the demo, tests, benchmarks)."""

    kind = "microphone"

    def __init__(self, pcm: bytes, *, name: str = "WAV file", real_time: bool = False) -> None:
        self.name = name
        self._pcm = pcm
        self._real_time = real_time
        self._position = 0
        self._started_at = 0.0

    def start(self) -> None:
        self._position = 0
        self._started_at = time.monotonic()

    def read(self, timeout: float) -> bytes | None:
        if self._position >= len(self._pcm):
            return None
        if self._real_time:
            due = self._started_at + self._position / (SAMPLE_RATE * 2)
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(min(delay, timeout))
        chunk = self._pcm[self._position : self._position + CHUNK_BYTES]
        self._position += CHUNK_BYTES
        return chunk

    def stop(self) -> None:
        self._position = len(self._pcm)

    def status(self) -> DeviceStatus:
        return DeviceStatus.ok(f"{len(self._pcm) / (SAMPLE_RATE * 2):.1f} s of audio")


def loudest(source: MicrophoneSource | SimulatedMicrophone, *, seconds: float) -> float:
    """The technician's test: listen for a few seconds, return the loudest chunk's level (0..1)."""
    if isinstance(source, SimulatedMicrophone):
        if not source.plugged:
            raise OSError("unplugged (simulated)")
        return 0.5  # the demo's recorded voice, at a comfortable level
    peak = 0.0
    source.start()
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            chunk = source.read(timeout=0.2)
            if chunk:
                peak = max(peak, level(chunk))
    finally:
        source.stop()
    return peak


class SimulatedMicrophone:
    """The demo's microphone: recordings played by the demo panel stand in for a voice."""

    kind = "microphone"

    def __init__(self) -> None:
        self.name = "simulated microphone"
        self.plugged = True

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def start(self) -> None:
        """Nothing to start: the demo speaks its samples through a ``WavSource`` instead."""

    def read(self, timeout: float) -> bytes | None:
        return None  # silence, then the end: nobody speaks into a simulator

    def stop(self) -> None:
        """Nothing to stop."""

    def status(self) -> DeviceStatus:
        if not self.plugged:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, "unplugged (simulated)")
        return DeviceStatus.ok("simulated: the demo plays recorded questions")


class MicrophoneSource:
    """The kiosk's microphone through PortAudio; muted while ``is_speaking()`` says the kiosk talks."""

    kind = "microphone"

    def __init__(
        self, *, device: str | int | None = None, is_speaking: Callable[[], bool] = lambda: False
    ) -> None:
        self.name = "microphone"
        self._device = device
        self._is_speaking = is_speaking
        self._chunks: queue.Queue[bytes] = queue.Queue(maxsize=200)
        self._stream: Any = None
        self._lock = threading.Lock()

    def _callback(self, data: Any, frames: int, when: Any, status: Any) -> None:
        if self._is_speaking():
            return  # the kiosk's own voice is not a question
        # The listener stopped reading: drop rather than block PortAudio's thread.
        with contextlib.suppress(queue.Full):
            self._chunks.put_nowait(bytes(data))

    def start(self) -> None:
        import sounddevice

        with self._lock:
            if self._stream is not None:
                return
            while not self._chunks.empty():
                self._chunks.get_nowait()
            self._stream = sounddevice.RawInputStream(
                samplerate=SAMPLE_RATE, channels=1, dtype="int16", blocksize=SAMPLE_RATE * CHUNK_MS // 1000,
                device=self._device, callback=self._callback,
            )  # fmt: skip
            self._stream.start()

    def read(self, timeout: float) -> bytes | None:
        try:
            return self._chunks.get(timeout=timeout)
        except queue.Empty:
            return b""  # nothing yet; not the end

    def open(self) -> None:
        """The stream opens when listening starts (``start``)."""

    def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()
            stream.close()

    def status(self) -> DeviceStatus:
        try:
            import sounddevice

            device = sounddevice.query_devices(self._device, kind="input")
        except (ImportError, OSError) as exc:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, f"audio system not available: {exc}")
        except Exception as exc:  # noqa: BLE001 - PortAudioError, ValueError: no such input device
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, f"no microphone: {exc}")
        return DeviceStatus.ok(
            f"{device.get('name', 'input')} ({device.get('max_input_channels', 0)} channels)"
        )
