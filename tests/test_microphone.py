"""The microphone source over a stand-in for sounddevice (no sound card on CI machines).

The stand-in plays PortAudio's part: it calls the stream callback with blocks
of audio, as PortAudio's own thread would, and records how the stream was opened.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from devices.base import Health
from devices.microphone import CHUNK_BYTES, SAMPLE_RATE, MicrophoneSource, SimulatedMicrophone, loudest


class Stream:
    opened: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, **options: Any) -> None:
        Stream.opened.append(options)
        self.callback = options["callback"]
        self.started = self.closed = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def close(self) -> None:
        self.closed = True

    def deliver(self, block: bytes) -> None:
        self.callback(block, len(block) // 2, None, None)


@pytest.fixture
def portaudio(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Stream]]:
    streams: list[Stream] = []
    fake = types.ModuleType("sounddevice")

    def raw_input_stream(**options: Any) -> Stream:
        stream = Stream(**options)
        streams.append(stream)
        return stream

    fake.RawInputStream = raw_input_stream  # type: ignore[attr-defined]
    fake.query_devices = lambda device=None, kind=None: {"name": "USB mic", "max_input_channels": 1}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    yield streams


def test_opens_16_khz_mono_16_bit_and_hands_over_blocks(portaudio: list[Stream]) -> None:
    microphone = MicrophoneSource()
    microphone.start()
    [stream] = portaudio
    options = Stream.opened[-1]
    assert (options["samplerate"], options["channels"], options["dtype"]) == (SAMPLE_RATE, 1, "int16")
    assert options["blocksize"] * 2 == CHUNK_BYTES and stream.started
    stream.deliver(b"\x01\x00" * 1600)
    assert microphone.read(timeout=0.1) == b"\x01\x00" * 1600
    assert microphone.read(timeout=0.05) == b""  # nothing yet is not the end
    microphone.stop()
    assert stream.closed and microphone.status().health is Health.OK


def test_what_it_hears_while_the_kiosk_speaks_is_dropped(portaudio: list[Stream]) -> None:
    speaking = [True]
    microphone = MicrophoneSource(is_speaking=lambda: speaking[0])
    microphone.start()
    [stream] = portaudio
    stream.deliver(b"\x10\x00" * 1600)  # the kiosk's own voice
    speaking[0] = False
    stream.deliver(b"\x20\x00" * 1600)  # the citizen
    assert microphone.read(timeout=0.1) == b"\x20\x00" * 1600
    assert microphone.read(timeout=0.05) == b""


def test_a_new_question_does_not_start_with_old_audio(portaudio: list[Stream]) -> None:
    microphone = MicrophoneSource()
    microphone.start()
    portaudio[0].deliver(b"\x30\x00" * 1600)
    microphone.stop()
    microphone.start()
    assert microphone.read(timeout=0.05) == b""


def test_the_technicians_level_test(portaudio: list[Stream]) -> None:
    microphone = MicrophoneSource()
    loud = (b"\x00\x40" + b"\x00\xc0") * 800  # +-16384: a loud voice

    class Delivering(MicrophoneSource):
        def start(self) -> None:
            super().start()
            portaudio[-1].deliver(loud)

    assert loudest(Delivering(), seconds=0.3) > 0.8
    assert loudest(microphone, seconds=0.2) == 0.0  # silence: nothing arrives
    simulated = SimulatedMicrophone()
    assert loudest(simulated, seconds=0.1) == 0.5
    simulated.plugged = False
    with pytest.raises(OSError, match="unplugged"):
        loudest(simulated, seconds=0.1)
