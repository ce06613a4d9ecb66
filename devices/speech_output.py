"""The loudspeaker side of the assistant, as a device the technician can check.

Speech is produced by espeak-ng (in the speech worker); it needs the program,
its Vietnamese voices, and a sound card that ``aplay`` can open.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from devices.base import DeviceProblem, DeviceStatus, Health


@functools.cache
def _voices(program: str) -> frozenset[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [program, "--voices"], capture_output=True, text=True, timeout=10, check=False
    )
    names = set()
    for line in result.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 4:
            names.add(parts[1].lower())  # the language column: vi, vi-vn-x-south, en-us ...
            if len(parts) > 4:
                names.add(Path(parts[4]).name.lower())  # the voice file: vi-VN-x-south
    return frozenset(names)


class SpeechOutput:
    kind = "speaker"

    def __init__(self, voices: tuple[str, ...], *, simulated: bool = False) -> None:
        self.name = "speech output (espeak-ng)"
        self._voices = voices
        self._simulated = simulated

    def open(self) -> None:
        """Nothing stays open: the speech worker opens the sound card per sentence."""

    def close(self) -> None:
        """See open."""

    def status(self) -> DeviceStatus:
        program = shutil.which("espeak-ng")
        if program is None:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, "espeak-ng is not installed")
        known = _voices(program)
        missing = [v for v in self._voices if v.lower() not in known]
        if missing:
            return DeviceStatus(
                Health.DEGRADED, DeviceProblem.FAULT, f"espeak-ng lacks voice(s): {', '.join(missing)}"
            )
        if self._simulated:
            return DeviceStatus.ok("espeak-ng ready (demo)")
        if shutil.which("aplay") is None:
            return DeviceStatus(
                Health.DEGRADED, DeviceProblem.FAULT, "aplay is missing (Debian package alsa-utils)"
            )
        return DeviceStatus.ok(f"espeak-ng ready; voices {', '.join(self._voices)}")
