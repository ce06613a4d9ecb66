"""Understanding by example: the nearest labelled sentence, for what the cue rules leave unknown.

Citizens describe their case in words no cue list holds ("vợ tui mới sanh
thằng nhỏ", "my father passed away last night"). The rules in
``understand.py`` stay first: they are precise and they guard against acting
on sentences outside the kiosk's job. When they answer "unknown", this
matcher looks for the labelled example most like the sentence: word and
character n-grams weighted by how rare they are (TF-IDF), compared by cosine
through an inverted index, so a question takes a few milliseconds.

Examples come from ``assistant_models/examples/<language>.yaml`` (citizens'
sentences, each with its intent and procedure, and sentences the kiosk must
not act on), the intent files' cues, and every procedure's names, aliases and
situations in the live catalogue, so a phrase staff teach in a script counts
at once. ``understand.py`` asks it only when its rules need it, and uses it
three ways (its constants say how strictly): the nearest example (``NEAR``
for a question about a procedure, ``CLOSE`` for anything else, each clearly
nearer than any out-of-scope example), the vote of the nearest ``VOTERS``
examples when no single one is close enough, and the vote again to tell
overlapping procedures apart. Never for a negated sentence ("I don't want to
get married"): acting on a near miss would surprise the citizen.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml

from kiosk_app import paths
from kiosk_app.assistant.intents import INTENTS, IntentSet, has_marks, is_filler, is_negator, words_of
from kiosk_app.catalogue.model import Procedure
from kiosk_app.settings import parse_yaml

OUT_OF_SCOPE = "out_of_scope"
K = TypeVar("K")
# Questions about a procedure the sentence names or describes: a near example is enough.
ABOUT_PROCEDURE = frozenset({"open_procedure", "ask_fee", "ask_time", "ask_documents", "ask_location"})
NEAR, NEAR_MARGIN = 0.42, 0.15
# Everything else (commands, the status lookup, a question with no procedure): acting on a near
# miss would surprise the citizen, so the example must be very close and far from any trap.
CLOSE, CLOSE_MARGIN = 0.7, 0.3
# The vote of the nearest few examples (see Understander._by_vote): a handful, the nearest weighing
# most, so one odd example cannot outvote four that agree, and a far one barely counts.
VOTERS = 5
VOTE_POWER = 4
# Features in more than this share of the examples are left out (ExampleMatcher): measured
# leave-one-set-out, it halves the time of a comparison (p95 7.3 -> 5.9 ms) for 0.4 points of
# Vietnamese accuracy that the classifier behind it wins back.
COMMON_SHARE = 0.1
CLAUSE_BREAK = re.compile(r"[,.;!?…]+")


class ExampleFileError(ValueError):
    """An examples file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Example:
    intent: str  # an intent, or OUT_OF_SCOPE
    procedure: str | None
    text: str


@dataclass(frozen=True)
class Match:
    intent: str
    procedure: str | None
    similarity: float
    out_of_scope_similarity: float


@dataclass(frozen=True)
class Vote:
    """What the nearest few examples (``VOTERS``) say together, each weighing its similarity**4.

    ``share``: the winning label's part of the whole vote (out-of-scope examples vote too);
    ``procedure_share``: the winning procedure's part of the votes that name one.
    """

    intent: str
    share: float
    procedure: str | None
    procedure_share: float
    top: float  # the nearest example's similarity


def features(text: str, language: str) -> list[str]:
    """Folded words, words as written (Vietnamese marks tell cười from cưới), word pairs, and the
    3- and 4-letter pieces of each word (typos, southern spellings: sanh/sinh, dzậy/vậy)."""
    written, folded = words_of(text, language)
    found: list[str] = []
    for i, word in enumerate(folded):
        found.append("w:" + word)
        if language == "vi" and written[i] != word:
            found.append("m:" + written[i])
        if i + 1 < len(folded):
            found.append(f"b:{word}_{folded[i + 1]}")
        padded = f"#{word}#"
        for size in (3, 4):
            found.extend(f"{size}:{padded[j : j + size]}" for j in range(len(padded) - size + 1))
    return found


def tf_idf(counts: Mapping[K, int], rarity: Callable[[K], float]) -> dict[K, float]:
    """Log-scaled counts times each feature's rarity (idf), scaled to unit length. The one
    formula of the matcher, the classifier's training and its use: they must weigh alike."""
    vector = {key: (1.0 + math.log(n)) * rarity(key) for key, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {key: v / norm for key, v in vector.items()}


def load_examples(language: str, folder: Path | None = None) -> list[Example]:
    """The shipped examples of one language; an absent file means none."""
    path = (folder or paths.install_root() / "assistant_models" / "examples") / f"{language}.yaml"
    if not path.exists():
        return []
    where = path.name
    try:
        data, _ = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ExampleFileError(f"{where}: cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ExampleFileError(f"{where}: expected in_domain and out_of_domain lists")
    found: list[Example] = []
    for number, entry in enumerate(data.get("in_domain") or [], start=1):
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
            raise ExampleFileError(
                f"{where}: in_domain entry {number} should be [sentence, intent, procedure]"
            )
        text, intent, procedure = entry
        if intent not in INTENTS or intent == "unknown":
            raise ExampleFileError(f"{where}: in_domain entry {number} has an unknown intent {intent!r}")
        found.append(Example(str(intent), None if procedure is None else str(procedure), text))
    for number, text in enumerate(data.get("out_of_domain") or [], start=1):
        if not isinstance(text, str):
            raise ExampleFileError(f"{where}: out_of_domain entry {number} should be a sentence")
        found.append(Example(OUT_OF_SCOPE, None, text))
    return found


def cue_examples(intents: IntentSet) -> list[Example]:
    """Each cue of the intent file as a short example of its intent."""
    return [
        Example(intent, None, " ".join(cue.written or cue.words))
        for intent, cues in intents.cues.items()
        for cue in cues
    ]


def catalogue_examples(procedures: Iterable[Procedure], language: str) -> list[Example]:
    """Every procedure's name, aliases and situations as examples of asking for it."""
    found: list[Example] = []
    for procedure in procedures:
        aliases = procedure.also_known_as_vi if language == "vi" else procedure.also_known_as_en
        situations = procedure.situations_vi if language == "vi" else procedure.situations_en
        for text in (procedure.name.get(language), *aliases, *situations):
            found.append(Example("open_procedure", procedure.code, text))
    return found


class ExampleMatcher:
    """TF-IDF vectors of the examples, and an inverted index from feature to example."""

    def __init__(self, examples: Iterable[Example], intents: IntentSet) -> None:
        self.intents = intents
        self.examples = [e for e in examples if e.text.strip()]
        language = intents.language
        # Each example's features as a tuple of shared strings, counted one example at a time: a
        # Counter per example held all at once would cost ~25 MB at start-up, freed but kept by
        # the process.
        shared: dict[str, str] = {}
        said = [tuple(shared.setdefault(f, f) for f in features(e.text, language)) for e in self.examples]
        documents = Counter(f for found in said for f in set(found))
        total = max(len(said), 1)
        # A feature most examples share ("#kh", "ng#") tells little and costs most of a comparison:
        # it is left out, like a stop word.
        common = COMMON_SHARE * total
        self._idf = {f: math.log(total / n) + 1.0 for f, n in documents.items() if n <= common}
        numbers: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, list[float]] = defaultdict(list)
        for number, found in enumerate(said):
            for feature, weight in self._vector(Counter(found)).items():
                numbers[feature].append(number)
                weights[feature].append(weight)
        # Each feature's postings as two flat arrays, not a list of tuples: a few bytes a posting
        # instead of ~90, about 35 MB less for the two languages' examples.
        self._index: dict[str, tuple[array[int], array[float]]] = {
            feature: (array("i", numbers[feature]), array("d", weights[feature])) for feature in numbers
        }
        self._in_scope = [n for n, e in enumerate(self.examples) if e.intent != OUT_OF_SCOPE]
        self._out_of_scope = [n for n, e in enumerate(self.examples) if e.intent == OUT_OF_SCOPE]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        return tf_idf({f: n for f, n in counts.items() if f in self._idf}, self._idf.__getitem__)

    def _similarities(self, text: str) -> list[float]:
        # A list indexed by example, not a dict: a comparison adds up thousands of postings.
        scores = [0.0] * len(self.examples)
        for feature, weight in self._vector(Counter(features(text, self.intents.language))).items():
            postings = self._index.get(feature)
            if postings is not None:
                for number, other in zip(*postings, strict=True):
                    scores[number] += weight * other
        return scores

    def consult(self, text: str) -> tuple[Match | None, Vote | None]:
        """The nearest example and the vote of the nearest few, from one comparison."""
        scores = self._similarities(text)
        return self._nearest(scores), self._vote(scores)

    def _nearest(self, scores: list[float]) -> Match | None:
        if not self._in_scope:
            return None
        best = max(self._in_scope, key=scores.__getitem__)
        if scores[best] <= 0.0:
            return None
        outside = max((scores[number] for number in self._out_of_scope), default=0.0)
        example = self.examples[best]
        return Match(example.intent, example.procedure, scores[best], outside)

    def _vote(self, scores: list[float]) -> Vote | None:
        nearest = [
            (number, scores[number])
            for number in heapq.nlargest(VOTERS, range(len(scores)), key=scores.__getitem__)
            if scores[number] > 0.0
        ]
        if not nearest:
            return None
        intents: dict[str, float] = defaultdict(float)
        procedures: dict[str, float] = defaultdict(float)
        for number, similarity in nearest:
            example = self.examples[number]
            weight = similarity**VOTE_POWER
            intents[example.intent] += weight
            if example.procedure is not None:
                procedures[example.procedure] += weight
        total = sum(intents.values())
        if total <= 0:
            return None
        intent = max(intents, key=lambda name: (intents[name], name))
        procedure = max(procedures, key=lambda code: (procedures[code], code)) if procedures else None
        procedure_total = sum(procedures.values())
        return Vote(
            intent=intent,
            share=intents[intent] / total,
            procedure=procedure,
            procedure_share=procedures[procedure] / procedure_total if procedure is not None else 0.0,
            top=nearest[0][1],
        )

    def negated(self, text: str) -> bool:
        """Whether a negator governs what follows it in its clause ("tôi không muốn kết hôn").

        Not when a word of asking follows ("không biết nộp ở đâu", "I don't know where"), nor
        when only fillers follow: Vietnamese ends yes/no questions with "không" or "hông"
        ("có mất phí không ạ", "có cần ADN hông, ...").
        """
        intents = self.intents
        # In a sentence typed with diacritics, a word without them is as written: "cha" (father)
        # there is not "chả" (not).
        marked = any(has_marks(word) for word in words_of(text, intents.language)[0])
        for clause in CLAUSE_BREAK.split(text):
            written, folded = words_of(clause, intents.language)
            for i, word in enumerate(folded):
                if marked and written[i] not in intents.negators_written:
                    continue
                if not is_negator(intents, written[i], word):
                    continue
                if i + 1 < len(folded) and folded[i + 1] in intents.asking_words:
                    continue
                if any(not is_filler(intents, written[j], folded[j]) for j in range(i + 1, len(folded))):
                    return True
        return False
