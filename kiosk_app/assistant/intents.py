"""The intent templates under ``assistant_models/intents/``: one YAML file per language.

Staff and linguists edit these files, not code. A file names the words that
carry no meaning (fillers), the cue phrases of each intent, the words for
languages and numbers, and extra spoken names of procedures. Cues marked
with a leading ``~`` are *weak*: they explain a word ("time", "counter") but
cannot decide an intent on their own; only with a named procedure or code.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk_app import paths
from kiosk_app.catalogue.search import fold
from kiosk_app.settings import parse_yaml


class Intent(enum.StrEnum):
    """What a citizen can ask the assistant for; the intent files name these."""

    OPEN_PROCEDURE = "open_procedure"
    ASK_FEE = "ask_fee"
    ASK_TIME = "ask_time"
    ASK_DOCUMENTS = "ask_documents"
    ASK_LOCATION = "ask_location"
    CHECK_STATUS = "check_status"
    TAKE_TICKET = "take_ticket"
    GO_HOME = "go_home"
    GO_BACK = "go_back"
    REPEAT = "repeat"
    HELP = "help"
    CHANGE_LANGUAGE = "change_language"
    TALK_TO_STAFF = "talk_to_staff"
    UNKNOWN = "unknown"


INTENTS = tuple(intent.value for intent in Intent)
LANGUAGES = ("vi", "en", "ko")
_NOT_WORD_UNICODE = re.compile(r"[\W_]+")


class IntentFileError(ValueError):
    """An intent file that cannot be used; the message names the file and the problem."""


def words_of(text: str, language: str) -> tuple[list[str], list[str]]:
    """The words as written (lower case, NFC) and folded, position by position.

    Folded words (no diacritics) match what people type without them; the
    written ones keep "cười" (laugh) apart from "cưới" (wedding) when the
    diacritics are there. Apostrophes go first: "don't" is one word.
    """
    text = unicodedata.normalize("NFC", text).lower().replace("'", "").replace("’", "")
    written = [word for word in _NOT_WORD_UNICODE.split(text) if word]
    if language == "ko":
        # Korean glues endings to words and speech models split them their own
        # way ("얼마예요", "얼마 예요"): compare syllable by syllable, spaces aside.
        syllables = [c for word in written for c in word]
        return syllables, list(syllables)
    pairs = [(word, fold(word).replace(" ", "")) for word in written]
    pairs = [(word, folded) for word, folded in pairs if folded]
    if language == "en":
        pairs = [(_singular(word), _singular(folded)) for word, folded in pairs]
    return [w for w, _ in pairs], [f for _, f in pairs]


def _singular(word: str) -> str:
    """English plurals to the singular, roughly: copies -> copy, papers -> paper (not "is", "glass")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise(text: str, language: str) -> list[str]:
    """Folded words, as intent cues and fillers are compared."""
    return words_of(text, language)[1]


def same_word(said_written: str, said_folded: str, known_written: str, known_folded: str) -> bool:
    """Equal when folded; when both were written with diacritics, those must agree too.

    So "cuoi" matches both "cười" and "cưới", but "cười" (laugh) never matches
    "cưới" (wedding), and "ve" matches "về" while "vệ" does not.
    """
    if said_folded != known_folded:
        return False
    return not has_marks(said_written) or not has_marks(known_written) or said_written == known_written


@functools.lru_cache(maxsize=8192)
def has_marks(word: str) -> bool:
    """Whether a word carries diacritics (tone marks, ă â ê ô ơ ư, đ)."""
    return "đ" in word or any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", word))


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # folded
    strong: bool
    written: tuple[str, ...] = ()  # as written in the intent file


@dataclass(frozen=True)
class IntentSet:
    language: str
    threshold: float
    fillers: frozenset[str]  # folded
    written_fillers: frozenset[str]  # as written: a word said with diacritics must match one of these
    cues: dict[str, tuple[Cue, ...]]
    numbers: dict[str, int]  # folded
    counter_words: frozenset[str]  # folded
    negators: frozenset[str]
    languages: dict[tuple[str, ...], str]
    procedure_names: dict[str, tuple[str, ...]]  # code -> extra spoken names
    source: str
    templates: tuple[str, ...] = ()  # whole sentences for a speech grammar; {procedure} is a slot
    # As written, for sentences typed with diacritics: there "quay" (turn) is not "quầy"
    # (counter) and "sau" (later) is not "sáu" (six).
    numbers_written: dict[str, int] = field(default_factory=dict)
    counter_written: frozenset[str] = frozenset()
    # Words after a negator that make it a question, not a refusal: "không biết nộp ở đâu",
    # "I don't know where to go" (folded).
    asking_words: frozenset[str] = frozenset()
    negators_written: frozenset[str] = frozenset()  # as written: "đứng" (stand) is not "đừng" (don't)
    # Phrases that turn a sentence into a refusal ("tui không cần lấy số", "I don't need help"):
    # whatever else it says, the kiosk does nothing.
    refusals: tuple[Cue, ...] = ()
    # Words of wanting or asking: a sentence the examples answer as a question about a procedure
    # must hold one (or a question mark); a story that asks nothing is not a request.
    requests: tuple[Cue, ...] = ()

    def words(self) -> set[str]:
        """Every word the templates can match (for a speech grammar)."""
        found = set(self.fillers) | set(self.numbers)
        for cues in self.cues.values():
            for cue in cues:
                found.update(cue.words)
        for names in self.procedure_names.values():
            for name in names:
                found.update(normalise(name, self.language))
        for phrase in self.languages:
            found.update(phrase)
        return found


def intents_dir() -> Path:
    return paths.install_root() / "assistant_models" / "intents"


def load_intents(language: str, folder: Path | None = None) -> IntentSet:
    path = (folder or intents_dir()) / f"{language}.yaml"
    try:
        data, _ = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IntentFileError(f"{path}: cannot be read ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - yaml.YAMLError and friends: name the file
        raise IntentFileError(f"{path}: not valid YAML ({exc})") from None
    return _parse(data, language, str(path))


def _parse(data: Any, language: str, source: str) -> IntentSet:
    def fail(problem: str) -> IntentFileError:
        return IntentFileError(f"{source}: {problem}")

    if not isinstance(data, dict):
        raise fail("expected a mapping at the top")
    if data.get("language") != language:
        raise fail(f"'language' should be {language!r}")
    raw_intents = data.get("intents")
    if not isinstance(raw_intents, dict):
        raise fail("'intents' should map intent names to their cues")
    cues: dict[str, tuple[Cue, ...]] = {}
    for name, body in raw_intents.items():
        if name not in INTENTS or name == "unknown":
            raise fail(f"unknown intent {name!r} (allowed: {', '.join(INTENTS[:-1])})")
        phrases = body.get("cues") if isinstance(body, dict) else None
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise fail(f"intent {name!r} needs a list of cue phrases")
        parsed = []
        for phrase in phrases:
            strong = not phrase.startswith("~")
            written, folded = words_of(phrase.lstrip("~"), language)
            if not folded:
                raise fail(f"intent {name!r} has an empty cue")
            parsed.append(Cue(tuple(folded), strong, tuple(written)))
        cues[name] = tuple(parsed)
    threshold = data.get("threshold", 0.6)
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise fail("'threshold' should be a number between 0 and 1")
    for key in ("fillers", "negators", "counter_words", "asking_words", "refusals", "requests"):
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            # YAML reads a bare yes / no / on / off as true or false: quote such words.
            raise fail(f"'{key}' should be a list of words (quote yes, no, on and off)")
    filler_words = [words_of(str(item), language) for item in data.get("fillers") or []]
    fillers = frozenset(w for _, folded in filler_words for w in folded)
    # A filler written without diacritics ("ok", "menu") matches however it is said.
    written_fillers = frozenset(w for written, _ in filler_words for w in written)
    numbers = {" ".join(normalise(str(k), language)): int(v) for k, v in (data.get("numbers") or {}).items()}
    languages = {tuple(normalise(str(k), language)): str(v) for k, v in (data.get("languages") or {}).items()}
    names: dict[str, tuple[str, ...]] = {}
    for code, spoken in (data.get("procedures") or {}).items():
        if not isinstance(spoken, list):
            raise fail(f"procedure {code!r} should list spoken names")
        names[str(code)] = tuple(str(s) for s in spoken)
    counter_words = frozenset(
        w for item in data.get("counter_words") or [] for w in normalise(str(item), language)
    )
    counter_written = frozenset(
        w for item in data.get("counter_words") or [] for w in words_of(str(item), language)[0]
    )
    numbers_written = {
        " ".join(words_of(str(k), language)[0]): int(v) for k, v in (data.get("numbers") or {}).items()
    }
    negators = frozenset(w for item in data.get("negators") or [] for w in normalise(str(item), language))
    templates = data.get("templates") or []
    if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
        raise fail("'templates' should be a list of sentences")
    asking = frozenset(w for item in data.get("asking_words") or [] for w in normalise(str(item), language))
    negators_written = frozenset(
        w for item in data.get("negators") or [] for w in words_of(str(item), language)[0]
    )
    refusals, requests = (
        tuple(
            Cue(tuple(folded), True, tuple(written))
            for written, folded in (words_of(str(item), language) for item in data.get(key) or [])
            if folded
        )
        for key in ("refusals", "requests")
    )
    return IntentSet(
        language, float(threshold), fillers, written_fillers, cues, numbers, counter_words, negators,
        languages, names, source, tuple(templates), numbers_written, counter_written, asking,
        negators_written, refusals, requests,
    )  # fmt: skip


def is_negator(intents: IntentSet, written: str, folded: str) -> bool:
    """A word of negation; said with diacritics it must be one as written ("đứng" is not "đừng")."""
    if folded not in intents.negators:
        return False
    return not has_marks(written) or written in intents.negators_written or folded in intents.negators_written


def is_filler(intents: IntentSet, written: str, folded: str) -> bool:
    """A word that carries no meaning. Said with diacritics, it must be the filler as written:
    "vàng" (gold) is not "vâng" (yes), "chữ" (letter) is not "chú" (uncle), "chó" (dog) is not "cho"."""
    if folded not in intents.fillers:
        return False
    return not has_marks(written) or written in intents.written_fillers
