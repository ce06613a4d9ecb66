"""The audio-guidance hook: what the screens call to speak.

The kiosk speaks through ``kiosk_app.assistant.tts.WorkerSpeaker`` (espeak-ng
in its own process). ``QuietSpeaker`` keeps what it was asked to say in
memory and says nothing: tests, and machines without audio. Spoken text may
contain a citizen's name, so it is never logged.
"""

from __future__ import annotations

from typing import Protocol


class Speaker(Protocol):
    def say(self, text: str, language: str) -> None: ...
    def stop(self) -> None: ...
    def speaking(self) -> bool: ...
    def close(self) -> None: ...


class QuietSpeaker:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, language: str) -> None:
        self.said.append((text, language))
        del self.said[:-20]  # keep a short tail only

    def stop(self) -> None:
        self.said.clear()

    def speaking(self) -> bool:
        return False

    def close(self) -> None:
        self.said.clear()
