"""Repeatable speech recognition for tests.

Kaldi adds random dither to the audio features, so the same recording can
decode differently from run to run on borderline phrases. Tests use a copy of
the model that shares its large files (symlinks) but turns dither off, and
add a fixed, seeded hiss to the audio instead: the same accuracy, the same
answer every time.
"""

from __future__ import annotations

import array
import random
import sys
from pathlib import Path

from kiosk_app.assistant.audio import synthesize

VOICE, RATE = "ko", 170  # espeak-ng's Korean voice at a rate it says clearly


def deterministic_copy(model_dir: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for part in model_dir.iterdir():
        if part.name != "conf":
            (into / part.name).symlink_to(part)
    (into / "conf").mkdir()
    for conf in (model_dir / "conf").iterdir():
        text = conf.read_text(encoding="utf-8")
        if conf.name == "mfcc.conf":
            text = text.rstrip("\n") + "\n--dither=0.0\n"
        (into / "conf" / conf.name).write_text(text, encoding="utf-8")
    return into


def with_hiss(pcm: bytes, seed: int = 0) -> bytes:
    """The recording plus a fixed, barely audible noise (one sample unit), in place of dither."""
    samples = array.array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    noise = random.Random(seed)
    for index, value in enumerate(samples):
        samples[index] = max(-32768, min(32767, value + round(noise.gauss(0.0, 1.0))))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def spoken(text: str) -> bytes:
    """Korean said by espeak-ng, as 16 kHz PCM with the fixed hiss."""
    return with_hiss(synthesize(text, VOICE, rate=RATE))
