"""Offline speech recognition with vosk: one model loaded once, one recognizer per utterance.

The model (hundreds of MB) is loaded once, in the background, and shared by
every thread; each utterance gets its own ``KaldiRecognizer``. In grammar
mode the recogniser may only hear the assistant's phrases or ``[unk]``, so
speech outside them comes back unknown instead of as the nearest phrase.

Grammar phrases must use the model's own words. A word the model lacks is
split into pieces it has when possible (Korean models keep endings apart:
"얼마예요" is "얼마 예요"); words that cannot be spelled with the model's
vocabulary are reported once, at load, and left out of the grammar. The
grammar goes to vosk as JSON with ``ensure_ascii=False``: escaped JSON
silently loses every non-ASCII word.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
UNKNOWN = "[unk]"


class RecognitionError(ValueError):
    """Audio or a model the recogniser cannot use; the message says why."""


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    conf: float


@dataclass(frozen=True)
class Transcript:
    text: str  # "" when nothing (or only [unk]) was heard
    words: tuple[Word, ...]
    duration_s: float
    decode_s: float
    heard_unknown: bool = False  # the grammar's [unk] matched: speech outside the phrases

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "words": [{"word": w.word, "start": w.start, "end": w.end, "conf": w.conf} for w in self.words],
            "duration_s": round(self.duration_s, 3),
            "decode_s": round(self.decode_s, 3),
        }


@dataclass
class Grammar:
    phrases: list[str]  # in the model's words, with [unk] last when the model has it
    missing: list[str] = field(default_factory=list)  # words no spelling could cover
    closed: bool = False  # the model has no [unk]: anything said comes out as grammar words

    def as_json(self) -> str:
        return json.dumps(self.phrases, ensure_ascii=False)

    def accepts(self, text: str) -> bool:
        """Whether ``text`` is one whole phrase (spaces aside: models split words their own way).

        Vosk's grammar lets words of different phrases follow each other; a
        model without [unk] also forces any other speech onto grammar words.
        Only a whole phrase is then trusted.
        """
        if not self.closed:
            return True
        return "".join(text.split()) in self._whole

    @functools.cached_property
    def _whole(self) -> frozenset[str]:
        return frozenset("".join(p.split()) for p in self.phrases if p != UNKNOWN)


class SpeechModel:
    """A loaded vosk model; thread-safe to share (vosk's Model is read-only after loading)."""

    def __init__(self, directory: Path, *, name: str = "", language: str = "") -> None:
        import vosk

        vosk.SetLogLevel(-2)  # kaldi's chatter and warnings go to stderr otherwise; we check words ourselves
        if not directory.is_dir():
            raise RecognitionError(f"{directory}: no such model folder")
        started = time.perf_counter()
        # A path, never a name or a language: those make vosk download models.
        self._model = vosk.Model(model_path=str(directory))
        self.load_s = time.perf_counter() - started
        self.directory = directory
        self.name = name or directory.name
        self.language = language
        self._lock = threading.Lock()

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one model per process, kept for its life
    def knows(self, word: str) -> bool:
        return bool(self._model.vosk_model_find_word(word) >= 0)

    def spell(self, word: str) -> tuple[str, ...] | None:
        """The word in the model's vocabulary: itself, or the fewest known pieces, or None."""
        if self.knows(word):
            return (word,)

        @functools.cache
        def best(start: int) -> tuple[str, ...] | None:
            if start == len(word):
                return ()
            options = []
            for end in range(len(word), start, -1):
                piece = word[start:end]
                rest = best(end) if self.knows(piece) else None
                if rest is not None:
                    options.append((piece, *rest))
            return min(options, key=len) if options else None

        return best(0)

    def grammar(self, phrases: Iterable[str]) -> Grammar:
        spelled: list[str] = []
        missing: set[str] = set()
        for phrase in phrases:
            words: list[str] = []
            for word in phrase.lower().split():
                pieces = self.spell(word)
                if pieces is None:
                    missing.add(word)
                    words = []
                    break
                words.extend(pieces)
            if words:
                spelled.append(" ".join(words))
        unique = list(dict.fromkeys(spelled))
        has_unknown = self.knows(UNKNOWN)
        if not has_unknown:
            log.info(
                "the speech model has no [unk]: only whole phrases are trusted", extra={"model": self.name}
            )
        if missing:
            # Said once, at load: these phrases cannot be heard with this model.
            log.warning(
                "words missing from the speech model's vocabulary",
                extra={"model": self.name, "count": len(missing), "words": " ".join(sorted(missing))},
            )
        return Grammar([*unique, UNKNOWN] if has_unknown else unique, sorted(missing), closed=not has_unknown)

    def recognizer(self, grammar: Grammar | None = None) -> Any:
        import vosk

        if grammar is None:
            recognizer = vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        else:
            recognizer = vosk.KaldiRecognizer(self._model, SAMPLE_RATE, grammar.as_json())
        recognizer.SetWords(True)
        return recognizer


class Utterance:
    """One utterance being heard: feed audio, read partial text, get the transcript at the end."""

    def __init__(self, model: SpeechModel, grammar: Grammar | None) -> None:
        self._recognizer = model.recognizer(grammar)
        self._samples = 0
        self._decode_s = 0.0
        self._segments: list[dict[str, Any]] = []  # results vosk closed at an endpoint
        self.ended = False  # vosk's endpoint: a silence after speech

    def feed(self, pcm: bytes) -> None:
        started = time.perf_counter()
        self._samples += len(pcm) // 2
        if self._recognizer.AcceptWaveform(pcm):
            # At an endpoint vosk hands over what it heard so far and starts afresh;
            # keep it, or FinalResult() would only return what came after.
            self._segments.append(json.loads(self._recognizer.Result()))
            self.ended = True
        self._decode_s += time.perf_counter() - started

    def partial(self) -> str:
        return (
            str(json.loads(self._recognizer.PartialResult()).get("partial", "")).replace(UNKNOWN, "").strip()
        )

    def finish(self) -> Transcript:
        started = time.perf_counter()
        segments = [*self._segments, json.loads(self._recognizer.FinalResult())]
        self._decode_s += time.perf_counter() - started
        words = tuple(
            Word(item["word"], float(item["start"]), float(item["end"]), float(item.get("conf", 1.0)))
            for segment in segments
            for item in segment.get("result", [])
        )
        heard = [w.word for w in words] or " ".join(str(s.get("text", "")) for s in segments).split()
        text = " ".join(w for w in heard if w != UNKNOWN)
        return Transcript(
            text, tuple(w for w in words if w.word != UNKNOWN), self._samples / SAMPLE_RATE,
            self._decode_s, heard_unknown=UNKNOWN in heard,
        )  # fmt: skip


def chunks(pcm: bytes, milliseconds: int = 100) -> Iterator[bytes]:
    size = SAMPLE_RATE * 2 * milliseconds // 1000
    for start in range(0, len(pcm), size):
        yield pcm[start : start + size]


def transcribe(model: SpeechModel, pcm: bytes, grammar: Grammar | None = None) -> Transcript:
    utterance = Utterance(model, grammar)
    for chunk in chunks(pcm):
        utterance.feed(chunk)
    return utterance.finish()
