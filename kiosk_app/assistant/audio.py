"""Audio as the recogniser wants it (16 kHz mono 16-bit), from WAV files or espeak-ng.

espeak-ng writes 22,050 Hz; microphones offer 44.1 or 48 kHz. Resampling is
linear interpolation: plenty for speech recognition, and no extra library.
"""

from __future__ import annotations

import array
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

from kiosk_app.assistant.recognizer import SAMPLE_RATE, RecognitionError


def resample(pcm: bytes, rate: int, target: int = SAMPLE_RATE) -> bytes:
    """Mono 16-bit PCM from ``rate`` to ``target`` Hz."""
    if rate == target:
        return pcm
    samples = array.array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    count = len(samples) * target // rate
    out = array.array("h", bytes(2 * count))
    step = rate / target
    last = len(samples) - 1
    for i in range(count):
        position = i * step
        left = int(position)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = int(samples[left] + (samples[right] - samples[left]) * fraction)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def read_any_wav(path: Path) -> bytes:
    """Any mono or stereo 16-bit WAV, as 16 kHz mono PCM (stereo keeps the left channel)."""
    try:
        with wave.open(str(path), "rb") as audio:
            rate, channels, width = audio.getframerate(), audio.getnchannels(), audio.getsampwidth()
            frames = audio.readframes(audio.getnframes())
    except (wave.Error, EOFError) as exc:
        raise RecognitionError(f"{path}: not a readable WAV file ({exc})") from None
    except OSError as exc:
        raise RecognitionError(f"{path}: cannot be read ({exc.strerror})") from None
    if width != 2:
        raise RecognitionError(f"{path}: {8 * width}-bit audio; 16-bit WAV is needed")
    if channels == 2:
        stereo = array.array("h")
        stereo.frombytes(frames)
        frames = stereo[0::2].tobytes()
    elif channels != 1:
        raise RecognitionError(f"{path}: {channels} channels; mono or stereo WAV is needed")
    return resample(frames, rate)


def synthesize(text: str, voice: str, *, rate: int = 150) -> bytes:
    """espeak-ng speaking ``text`` as 16 kHz mono PCM (for tests, benchmarks and the demo's voice)."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise RecognitionError("espeak-ng is not installed (Debian package espeak-ng)")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "speech.wav"
        subprocess.run(  # noqa: S603 - an argument list, no shell; the text comes after "--"
            [program, "-v", voice, "-s", str(rate), "-w", str(target), "--", text],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        return read_any_wav(target)


def write_wav(path: Path, pcm: bytes, rate: int = SAMPLE_RATE) -> None:
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(pcm)
