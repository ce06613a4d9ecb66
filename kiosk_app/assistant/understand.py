"""From a sentence (typed, or heard) to an intent, its slots and a confidence.

Three layers, each more forgiving and each watched by the others:

1. Cue rules. People vary their word order, drop diacritics and add
   politeness, so matching is by words: a cue of some intent, a procedure's
   name, a code, a number explains a word, fillers are ignored, and the
   confidence is the share of meaningful words explained. An out-of-domain
   sentence that happens to contain "how much" ("how much is a bowl of pho?")
   scores low and comes back ``unknown``.
2. The nearest labelled examples (``examples.py``), for what the rules leave
   unknown: citizens' stories carry words no cue list holds.
3. The trained classifier (``classifier.py``), which weighs the answer: it
   stops an action on a sentence that reads like a trap, and answers what is
   still unknown when it is sure (``Understander._weighed``).

A wrong action taken silently is worse than asking again.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kiosk_app import dossier_code
from kiosk_app.assistant.classifier import TrainedModel
from kiosk_app.assistant.examples import (
    ABOUT_PROCEDURE,
    CLOSE,
    CLOSE_MARGIN,
    NEAR,
    NEAR_MARGIN,
    OUT_OF_SCOPE,
    ExampleMatcher,
    Match,
    Vote,
)
from kiosk_app.assistant.intents import Cue, Intent, IntentSet, has_marks, is_filler, same_word, words_of
from kiosk_app.assistant.spoken_code import find_spoken
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.search import within_one_edit

# Intents that change something on screen: a negation in front of their cue cancels them.
ACTIONS = {"open_procedure", "check_status", "take_ticket", "go_home", "go_back", "change_language",
           "talk_to_staff", "repeat", "help"}  # fmt: skip
NEGATION_REACH = 3  # a negator this many words before a cue governs it ("không muốn đổi")
# Intents that need something to talk about, and the order that settles a tie.
PRIORITY = (
    "check_status", "ask_fee", "ask_time", "ask_documents", "ask_location", "take_ticket",
    "talk_to_staff", "change_language", "go_home", "go_back", "repeat", "help", "open_procedure",
)  # fmt: skip
# How much of the unexplained rest a named procedure makes up (see Understander._graded).
ANCHOR_FULL = 0.6
ANCHOR_PART = 0.35
NEEDS_PROCEDURE_WHEN_WEAK = {"ask_fee", "ask_time", "ask_documents", "ask_location", "open_procedure"}
# The nearest example's similarity needed when the sentence has no word of any procedure.
UNNAMED_NEAR = 0.6
# ... unless the nearest few examples agree with the nearest one on intent and procedure this much.
AGREED_SHARE = 0.8
# The part of the nearest examples' vote that makes a sentence naming a document but asking
# nothing a statement the kiosk must not act on.
OUT_OF_SCOPE_SHARE = 0.5
# A sentence this short is a short form ("khai tử", "đăng ký kết hôn"), not a story.
SHORT_FORM = 4
# ... and one whose words are mostly a procedure's name is one too, however long.
NAMED_SHARE = 0.6
# Commands whose word, in a sentence that names a procedure, is about that procedure.
COMMANDS_ABOUT_A_PROCEDURE = {"help", "go_home", "go_back", "change_language", "talk_to_staff"}
# The vote of the nearest examples (Understander._by_vote, _settled_procedure); measured
# leave-one-set-out on the development sets (bench/understanding.py).
VOTE_ABOUT_SHARE, VOTE_ABOUT_FLOOR = 0.75, 0.35
VOTE_COMMAND_SHARE, VOTE_COMMAND_FLOOR = 0.999, 0.5
VOTE_PROCEDURE_SHARE, VOTE_PROCEDURE_FLOOR = 0.6, 0.3
# The trained classifier (Understander._weighed), measured the same way. An out-of-scope chance
# above the veto stops any action (above the second figure, a question that asks nothing); an
# intent this likely answers what was left unknown; another question about the same procedure
# this likely replaces the one found; a procedure the sentence has no word of needs this chance.
TRAINED_VETO, TRAINED_VETO_STATEMENT = 0.4, 0.15
TRAINED_ACT, TRAINED_ACT_NEGATED = 0.7, 0.8
TRAINED_SWITCH = 0.7
TRAINED_PROCEDURE = 0.5
# A procedure found for a question gives way to the classifier's favourite at this chance, when
# its own chance is below the second figure.
TRAINED_PROCEDURE_SWITCH, TRAINED_UNLIKELY = 0.6, 0.1
WHOLLY_EXPLAINED = 0.99  # a confidence this high: every word of the sentence was understood


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    slots: dict[str, Any]
    confidence: float
    alternatives: tuple[str, ...] = ()  # other likely intents, best first (for "did you mean")
    procedure_choices: tuple[str, ...] = ()  # procedure codes close to what was said

    def as_dict(self) -> dict[str, Any]:
        return {"intent": self.intent, "slots": self.slots, "confidence": round(self.confidence, 3)}


@dataclass
class _Spotted:
    code: str
    score: float
    positions: frozenset[int]
    official_score: float = 0.0  # how well the official name (not an alias) matched
    situation: bool = False  # the best match is a situation ("mới sinh em bé"), not a name
    whole_name: int = 0  # words of the official name said, fillers included ("lại" of "đăng ký lại")


def _similar(said_written: str, said: str, known_written: str, known: str) -> bool:
    """The same word, or a near one: a typo, or another form (register / registration)."""
    if same_word(said_written, said, known_written, known):
        return True
    if has_marks(said_written) and has_marks(known_written):
        return False  # both with diacritics and they differ: a different word
    if len(said) >= 6 and len(known) >= 6 and said[:6] == known[:6]:
        return True  # register / registration, certify / certified
    # A slip rarely changes a word's first letter, and words that differ there are usually others:
    # carry / marry, bother / mother.
    return len(said) >= 5 and len(known) >= 5 and said[0] == known[0] and within_one_edit(said, known)


class _Said:
    """A sentence's words, indexed for finding where a known word (or a near one) was said."""

    def __init__(self, written: list[str], folded: list[str]) -> None:
        self.written = written
        self.folded = folded
        self.at: dict[str, list[int]] = {}
        for i, word in enumerate(folded):
            self.at.setdefault(word, []).append(i)
        # Only words of five letters or more can be a near match (_similar).
        self.long = [i for i, word in enumerate(folded) if len(word) >= 5]

    def where(self, known_written: str, known: str) -> tuple[int, ...]:
        """Positions of the words ``_similar`` to the known one, in order."""
        written, folded = self.written, self.folded
        found = [i for i in self.at.get(known, ()) if same_word(written[i], known, known_written, known)]
        if len(known) >= 5:
            found += [
                i
                for i in self.long
                if folded[i] != known and _similar(written[i], folded[i], known_written, known)
            ]
            found.sort()
        return tuple(found)


@dataclass
class ProcedureSpotter:
    """Finds a procedure named inside a sentence, weighting rare words over common ones."""

    # Each spoken name as (written, folded) words without fillers, and how many words it had.
    names: dict[str, list[tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    lengths: dict[tuple[tuple[str, str], ...], int] = field(default_factory=dict)
    official: dict[str, int] = field(default_factory=dict)  # how many leading variants are official names
    situations: set[tuple[tuple[str, str], ...]] = field(default_factory=set)
    idf: dict[str, float] = field(default_factory=dict)
    # Every folded word of the official names, fillers kept: two names that differ only by a
    # filler ("đăng ký khai sinh", "đăng ký lại khai sinh") are told apart by it.
    full_names: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        procedures: Iterable[Procedure],
        intents: IntentSet,
        *,
        languages: Iterable[str] = ("vi", "en"),
    ) -> ProcedureSpotter:
        spotter = cls()
        languages = tuple(languages)
        for procedure in procedures:
            variants: list[tuple[tuple[str, str], ...]] = []
            texts = [procedure.name.get(language) for language in languages]
            spotter.full_names[procedure.code] = frozenset(
                pair for text in texts for pair in zip(*words_of(text, intents.language), strict=True)
            )
            texts += [alias for language in languages for alias in _aliases(procedure, language)]
            texts += intents.procedure_names.get(procedure.code, ())
            situations = [s for language in languages for s in _situations(procedure, language)]
            first_situation = len(texts)
            texts += situations
            official = 0
            for number, text in enumerate(texts):
                written, folded = words_of(text, intents.language)
                pairs = zip(written, folded, strict=True)
                # A situation is a phrase said as written: no word of it is a filler ("bán" is not
                # "bạn"), and it names its procedure only when every word of it is said.
                is_situation = number >= first_situation
                # Names keep their spotting as it was tuned: a word whose folded form is a filler is
                # left out of a name's variant (the sentence's filler test is marks-aware).
                words = tuple(pair for pair in pairs if is_situation or pair[1] not in intents.fillers)
                if words:
                    variants.append(words)
                    spotter.lengths[words] = max(spotter.lengths.get(words, 0), len(folded))
                    official += number < len(languages)
                    if is_situation:
                        spotter.situations.add(words)
            if variants:
                spotter.names[procedure.code] = variants
                spotter.official[procedure.code] = official
        documents = Counter(
            w for variants in spotter.names.values() for w in {f for v in variants for _, f in v}
        )
        total = max(len(spotter.names), 1)
        spotter.idf = {w: math.log(1 + total / n) for w, n in documents.items()}
        return spotter

    def spot(self, written: list[str], folded: list[str], said: _Said | None = None) -> list[_Spotted]:
        """Procedures whose name is (mostly) in what was said, best first.

        Ties (an alias shared by two procedures, like "giấy khai sinh") go to the
        procedure whose official name matches better, then to the longer match.
        """
        found: list[_Spotted] = []
        # Names share most of their words ("đăng ký", "giấy", "khai sinh"): where each known word
        # is said is worked out once per sentence, not once per name that holds it.
        hits: dict[tuple[str, str], tuple[int, ...]] = {}
        said = said or _Said(written, folded)
        for code, variants in self.names.items():
            scored = [
                self._score(variant, said, hits, whole=variant in self.situations) for variant in variants
            ]
            # A name or an alias before a situation that matches as well.
            best = max(
                range(len(scored)),
                key=lambda i: (scored[i][0], variants[i] not in self.situations, len(scored[i][1]), -i),
            )
            score, positions = scored[best]
            official = max((item[0] for item in scored[: self.official.get(code, 1)]), default=0.0)
            if score >= 0.6:
                situation = variants[best] in self.situations
                whole = self._whole_name(code, written, folded)
                found.append(_Spotted(code, score, frozenset(positions), official, situation, whole))
        found.sort(key=lambda s: (-s.score, -s.official_score, -s.whole_name, -len(s.positions), s.code))
        return found

    def _whole_name(self, code: str, written: list[str], folded: list[str]) -> int:
        """How many words said belong to the official name; a word said with marks must match as
        written ("ạ" is not the English "a")."""
        full = self.full_names.get(code, frozenset())
        folded_full = {f for _, f in full}
        written_full = {w for w, _ in full}
        return sum(
            (w in written_full) if has_marks(w) else (f in folded_full)
            for w, f in zip(written, folded, strict=True)
        )

    def _score(
        self,
        variant: tuple[tuple[str, str], ...],
        said: _Said,
        hits: dict[tuple[str, str], tuple[int, ...]],
        *,
        whole: bool = False,
    ) -> tuple[float, set[int]]:
        """``whole``: every word must be said (a situation is a phrase, not a bag of words)."""
        weight = sum(self.idf.get(f, 1.0) for _, f in variant)
        matched = 0.0
        positions: set[int] = set()
        for pair in variant:
            said_at = hits.get(pair)
            if said_at is None:
                said_at = hits[pair] = said.where(*pair)
            if said_at:
                matched += self.idf.get(pair[1], 1.0)
                positions.update(said_at)
        if len(positions) < min(2, self.lengths.get(variant, 1)):
            return 0.0, set()  # one word of a longer name ("nhận" of "nhận con") is not naming it
        if whole and matched < sum(self.idf.get(f, 1.0) for _, f in variant):
            return 0.0, set()
        return (matched / weight if weight else 0.0), positions


def _aliases(procedure: Procedure, language: str) -> tuple[str, ...]:
    return procedure.also_known_as_vi if language == "vi" else procedure.also_known_as_en


def _situations(procedure: Procedure, language: str) -> tuple[str, ...]:
    return procedure.situations_vi if language == "vi" else procedure.situations_en


def _cue_positions(said: _Said, cue: Cue) -> set[int]:
    written, folded = said.written, said.folded
    size = len(cue.words)
    found: set[int] = set()
    for start in said.at.get(cue.words[0], ()):  # where the cue's first word was said
        if start + size <= len(folded) and all(
            same_word(written[start + k], folded[start + k], cue.written[k], cue.words[k])
            for k in range(size)
        ):
            found.update(range(start, start + size))
    return found


MAX_QUESTION_CHARACTERS = 400


class _Consulted:
    """The examples' view of one sentence, computed once and only when a decision needs it.

    None when there is no matcher, the sentence holds a dossier code (the code decides) or
    it is negated ("tôi không muốn kết hôn": no example of marrying may answer it).
    """

    def __init__(self, matcher: ExampleMatcher | None, text: str, slots: Mapping[str, Any]) -> None:
        self._matcher = matcher
        self._text = text
        self._usable = matcher is not None and "dossier_code" not in slots
        self._result: tuple[Match | None, Vote | None] | None = None

    def _consult(self) -> tuple[Match | None, Vote | None]:
        if self._result is None:
            matcher = self._matcher
            if matcher is None or not self._usable or matcher.negated(self._text):
                self._result = (None, None)
            else:
                self._result = matcher.consult(self._text)
        return self._result

    def match(self) -> Match | None:
        return self._consult()[0]

    def vote(self) -> Vote | None:
        return self._consult()[1]

    def negated(self) -> bool:
        return self._matcher is not None and self._matcher.negated(self._text)


class Understander:
    """One language's intents over the catalogue's procedures."""

    def __init__(
        self,
        intents: IntentSet,
        spotter: ProcedureSpotter,
        examples: ExampleMatcher | None = None,
        trained: TrainedModel | None = None,
    ) -> None:
        self.intents = intents
        self.spotter = spotter
        self.examples = examples  # asked only when the rules say "unknown" (examples.py)
        self.trained = trained  # weighs every answer but a refusal or a code's (classifier.py)
        # Procedure phrases the classifier never saw, as sets of words: what staff published after
        # it was built (Assistant). It cannot judge them, so a sentence saying one is left to the
        # rules and the examples, which read the live catalogue.
        self.untrained_phrases: tuple[frozenset[str], ...] = ()
        self._cue_vocabulary = {w for cues in intents.cues.values() for cue in cues for w in cue.words}

    def understand(
        self, text: str, *, context_procedure: str | None = None, explain: dict[str, Any] | None = None
    ) -> Understanding:
        """``explain``, when given, is filled with which words explained what (for tuning intent
        files). Nothing of the question is kept here: it may hold a name or a code."""
        found, evidence = self._by_rules_and_examples(text, context_procedure, explain)
        if evidence is None or self.trained is None:
            return found
        if found.intent is not Intent.UNKNOWN and any(p <= evidence.words for p in self.untrained_phrases):
            return found
        return self._weighed(found, evidence, self.trained)

    def _by_rules_and_examples(
        self, text: str, context_procedure: str | None, explain: dict[str, Any] | None
    ) -> tuple[Understanding, _Evidence | None]:
        """The cue rules, and the nearest examples behind them; no evidence when the answer must
        stand as it is (a refusal, a dossier code)."""
        # A question is a sentence or two; the rest of a longer text (pasted, or an
        # attacker's) is not read, so understanding takes bounded time.
        text = text[:MAX_QUESTION_CHARACTERS]
        intents = self.intents
        slots: dict[str, Any] = {}
        # The one dossier-code rule (kiosk_app.dossier_code); the code is not a word to explain.
        code = dossier_code.find_in_text(text)
        if code is not None:
            slots["dossier_code"] = code
            text = " ".join(
                word for word in text.split() if dossier_code.normalise(word.strip(".,;:!?")) is None
            )
        elif (spoken := find_spoken(text)) is not None:
            # Read aloud from a receipt: "không không không chấm ... gạch không không mười hai".
            code, text = spoken
            slots["dossier_code"] = code
        written, words = words_of(text, intents.language)
        explained: set[int] = set()
        said = _Said(written, words)
        spotted = self.spotter.spot(written, words, said)
        if any(_cue_positions(said, refusal) for refusal in intents.refusals):
            # "tui không cần lấy số đâu", "I don't need a birth certificate, my son has one".
            if spotted:
                slots["procedure"] = spotted[0].code
            choices = tuple(s.code for s in spotted[:3])
            return Understanding(Intent.UNKNOWN, _public(slots), 0.0, (), choices), None
        named: frozenset[int] = frozenset()
        if spotted:
            best = spotted[0]
            slots["procedure"] = best.code
            named = best.positions
            if named:
                # Words between the words of the name that its variants leave out (they fold to a
                # filler) are part of it: "giấy tờ" in "chứng thực chữ ký trong giấy tờ, văn bản"
                # is the name, not "what papers". Only words of the name itself or fillers as said:
                # "chó" (dog) in "con chó nhà tui mới đẻ" is not part of a birth.
                inside = set(range(min(named), max(named) + 1)) - named
                own = self.spotter.full_names.get(best.code, frozenset())
                if len(inside) <= 3 and all(
                    self._filler(written[i], words[i]) or (written[i], words[i]) in own for i in inside
                ):
                    named = named | frozenset(inside)
            explained |= named
        # Cues of every intent explain words, whichever intent wins; words of a
        # procedure's name ("đăng ký" in "đăng ký tạm trú") are not cues.
        strong: dict[str, set[int]] = {}
        weak: dict[str, set[int]] = {}
        for intent, cues in intents.cues.items():
            for cue in cues:
                positions = _cue_positions(said, cue)
                if not cue.strong and len(cue.words) == 1:
                    # "cho" said without marks is the filler "cho", not the cue "chờ".
                    positions = {i for i in positions if not self._filler(written[i], words[i])}
                if positions and not positions <= named:
                    (strong if cue.strong else weak).setdefault(intent, set()).update(positions - named)
                    explained |= positions
        for phrase, language in intents.languages.items():
            positions = _cue_positions(said, Cue(phrase, True, phrase))
            if positions:
                slots["language"] = language
                explained |= positions
        cue_words = {i for found in (*strong.values(), *weak.values()) for i in found}
        cue_words |= {i for i in named if self._is_cue_word(words[i])}
        if explain is not None:
            explain.update(
                said=written,
                explained=sorted(explained),
                fillers=[i for i in range(len(words)) if self._filler(written[i], words[i])],
                strong={k: sorted(v) for k, v in strong.items()},
                weak={k: sorted(v) for k, v in weak.items()},
            )
        counter = self._counter(written, words)
        if counter is not None:
            position, number = counter
            slots["counter"] = number
            explained.add(position)
        content = {i for i in range(len(words)) if not self._filler(written[i], words[i])} | explained
        if code is not None:
            content.add(-1)
            explained.add(-1)  # the code itself is meaningful and explained
        share = len(explained & content) / len(content) if content else 0.0
        confidence = self._graded(share, spotted, cue_words, asked=bool(strong) or "open_procedure" in weak)

        scores: dict[str, float] = {}
        for intent in set(strong) | set(weak):
            score = len(strong.get(intent, set())) + 0.5 * len(weak.get(intent, set()))
            has_object = "procedure" in slots or context_procedure is not None
            if intent not in strong:
                eligible = (
                    (intent in NEEDS_PROCEDURE_WHEN_WEAK and has_object)
                    or (intent == "check_status" and "dossier_code" in slots)
                    or (intent == "change_language" and "language" in slots)
                )
                if not eligible:
                    continue
            scores[intent] = score
        if "dossier_code" in slots and ("check_status" in scores or "procedure" not in slots):
            # A code decides unless a procedure is named without any word about a dossier:
            # "birth registration fee, form 12345-678" is about a fee.
            scores["check_status"] = scores.get("check_status", 0) + 1
        if "language" in slots and "change_language" in strong:
            scores["change_language"] += 1
        if "procedure" in slots and not scores:
            scores["open_procedure"] = 0.5
        if "procedure" not in slots and "open_procedure" in scores and context_procedure is None:
            del scores["open_procedure"]  # nothing to open
        ranked = sorted(scores, key=lambda i: (-scores[i], PRIORITY.index(i)))
        choices = tuple(s.code for s in spotted[:3])
        # Every procedure the sentence has words of: the examples may settle on any of them.
        candidates = tuple(s.code for s in spotted)
        intent = ranked[0] if ranked else "unknown"
        needed = intents.threshold
        if intent in NEEDS_PROCEDURE_WHEN_WEAK and "procedure" not in slots and context_procedure is None:
            # With no procedure named, an unexplained word is likely the real subject
            # ("how much is a *motorbike*"): ask back only when every word is understood. A word
            # only another intent's weak cue explains is the subject too: "~passport" may ask about
            # papers to bring, but in "passport fee how much" it is what the fee is for.
            needed = 1.0
            chosen = strong.get(intent, set()) | weak.get(intent, set())
            borrowed = {i for other, found in weak.items() if other != intent for i in found}
            borrowed -= chosen | {i for found in strong.values() for i in found}
            if borrowed & content:
                confidence = len((explained - borrowed) & content) / len(content)
        if intent == "change_language" and intent not in strong and "procedure" not in slots:
            # Only a language's name: in "a passport for my Vietnamese son" it describes the son.
            needed = 1.0
        if intent == "check_status" and "dossier_code" in slots:
            # The code decides: "my receipt say code ..., what is progress" leaves words unexplained,
            # but no other intent takes a dossier code.
            needed = min(needed, confidence)
        if intent not in strong and intent != "open_procedure" and "procedure" in slots and share < needed:
            # Only the named procedure carried the sentence over the line, and the question
            # rests on a weak word ("mất": died, or takes time): the procedure is what was asked.
            intent = "open_procedure"
        examples = _Consulted(self.examples, text, slots)
        asks = self._asks(text, said, spotted)
        evidence = None
        if code is None:
            evidence = _Evidence(text, candidates, examples, context_procedure, asks, frozenset(words))
        if (
            intent == "open_procedure"
            and "open_procedure" not in strong
            and "open_procedure" not in weak
            and not asks
            and self._sounds_out_of_scope(examples)
        ):
            # A document named in a sentence that asks nothing, worded like sentences the kiosk
            # must not act on: "con tui có giấy khai sinh rồi", "my marriage certificate is in my
            # drawer". Named alone ("giấy khai sinh") it is a short form (_asks).
            intent = "unknown"
        if intent in COMMANDS_ABOUT_A_PROCEDURE and "procedure" in slots:
            # "Bác muốn xin giấy xác nhận độc thân, cháu chỉ giùm", "grandma died at home": with a
            # procedure named, asking for help or a word like "home" is about that procedure.
            intent = "open_procedure"
        if intent in ACTIONS:
            cue_positions = strong.get(intent, set()) | weak.get(intent, set()) or set(named)
            if cue_positions and self._negated(words, cue_positions):
                # "tôi không muốn đổi ngôn ngữ", "I don't want to go home": do nothing.
                intent = "unknown"
        if intent == "unknown" or confidence < needed:
            by_example = self._by_example(
                examples, slots, choices, context_procedure, candidates
            ) or self._by_vote(examples, slots, choices)
            if by_example is not None and (asks or by_example.intent not in ABOUT_PROCEDURE):
                return by_example, evidence
            unknown = Understanding(Intent.UNKNOWN, _public(slots), confidence, tuple(ranked[:3]), choices)
            return unknown, evidence
        if intent in ABOUT_PROCEDURE and "procedure" in slots:
            slots["procedure"] = self._settled_procedure(examples, slots["procedure"], candidates)
        if intent in NEEDS_PROCEDURE_WHEN_WEAK and "procedure" not in slots and context_procedure:
            slots["procedure"] = context_procedure
        found = Understanding(Intent(intent), _public(slots), confidence, tuple(ranked[1:4]), choices)
        return found, evidence

    def _weighed(self, found: Understanding, evidence: _Evidence, model: TrainedModel) -> Understanding:
        """The rules' and examples' answer, weighed by the trained classifier (classifier.py).

        It may stop an action (the sentence reads like those the kiosk must not act on), turn one
        question about a procedure into another ("làm ở chỗ nào" is where, not what), or answer
        a sentence the rules and the nearest examples left unknown, when it is sure enough (surer
        when the sentence is negated). On a procedure's own screen, what was found stands: there a
        short "bao nhiêu tiền?" is about that procedure.
        """
        vector = model.vector(evidence.text)
        intents = model.intents(vector)
        best = max(intents, key=lambda name: (intents[name], name))
        if found.intent is not Intent.UNKNOWN:
            if evidence.context_procedure is not None:
                return found
            # A command every word of which is understood stands: "help", "no, go home" are short,
            # and a short sentence tells the classifier little.
            command = found.intent not in ABOUT_PROCEDURE and found.confidence >= WHOLLY_EXPLAINED
            # A procedure named in a sentence that asks nothing is a story ("my marriage certificate
            # is in my drawer"): a smaller doubt is enough.
            statement = found.intent in ABOUT_PROCEDURE and not evidence.asks
            veto = TRAINED_VETO_STATEMENT if statement else TRAINED_VETO
            if intents.get(OUT_OF_SCOPE, 0.0) > veto and not command:
                alternatives = (found.intent.value, *found.alternatives)[:3]
                return Understanding(
                    Intent.UNKNOWN, found.slots, found.confidence, alternatives, found.procedure_choices
                )
            if found.intent in ABOUT_PROCEDURE:
                found = _other_procedure(found, model, vector)
                if best in ABOUT_PROCEDURE and best != found.intent and intents[best] > TRAINED_SWITCH:
                    return replace(found, intent=Intent(best))
            return found
        # A negation may be a refusal the file's list lacks ("khỏi về trang chủ") or only part of the
        # story ("không có lương hưu, có được nhận trợ cấp không"): the classifier must be surer.
        needed = TRAINED_ACT_NEGATED if evidence.examples.negated() else TRAINED_ACT
        if best == OUT_OF_SCOPE or intents[best] < needed:
            return found
        if self._sounds_out_of_scope(evidence.examples):
            return found  # the nearest examples mostly say "not ours": two views disagree
        slots = dict(found.slots)
        if best in ABOUT_PROCEDURE:
            if not evidence.asks:
                return found  # as for the nearest examples: a story that asks nothing is not answered
            procedure = _trained_procedure(model, vector, evidence, best)
            if procedure is None:
                return found
            slots["procedure"] = procedure
        chance = round(intents[best], 3)
        return Understanding(Intent(best), _public(slots), chance, (), found.procedure_choices)

    def _by_example(
        self,
        examples: _Consulted,
        slots: dict[str, Any],
        choices: tuple[str, ...],
        context_procedure: str | None,
        candidates: tuple[str, ...],
    ) -> Understanding | None:
        """What the nearest labelled example says, when it is close and safe enough (examples.py)."""
        match = examples.match()
        if match is None:
            return None
        found = dict(slots)
        if match.intent in ABOUT_PROCEDURE:
            # The example's own procedure (the sentence describes the same case), else the one
            # the sentence names, else the one the citizen is looking at.
            procedure = match.procedure or found.get("procedure") or (choices[0] if choices else None)
            procedure = procedure or context_procedure
            if procedure is not None:
                found["procedure"] = self._settled_procedure(examples, procedure, candidates)
        near = match.intent in ABOUT_PROCEDURE and "procedure" in found
        floor, margin = (NEAR, NEAR_MARGIN) if near else (CLOSE, CLOSE_MARGIN)
        if near and not choices and not self._agreed(examples, match):
            # Nothing in the sentence is a word of a procedure and the nearest examples disagree:
            # only its wording is near one ("how to get a criminal record certificate" is worded
            # like a death certificate's), not the story of one ("nhà tui mới có thêm đứa nhỏ").
            floor = UNNAMED_NEAR
        if match.similarity < floor or match.similarity < match.out_of_scope_similarity + margin:
            return None
        return Understanding(Intent(match.intent), _public(found), round(match.similarity, 3), (), choices)

    @staticmethod
    def _by_vote(
        examples: _Consulted, slots: dict[str, Any], choices: tuple[str, ...]
    ) -> Understanding | None:
        """What the nearest few examples agree on, when no single one is close enough.

        A question about a procedure needs most of the vote, a procedure most of the examples
        name, and some word of a procedure in the sentence (``choices``): "xe ôm ra sân bay hết
        bao nhiêu tiền" is near questions about fees but names nothing the kiosk does. A command
        needs every voter: acting on "chiều tui quay lại" (I'll come back later) as "go back"
        would surprise.
        """
        vote = examples.vote()
        if vote is None or vote.intent == OUT_OF_SCOPE:
            return None
        found = dict(slots)
        if vote.intent in ABOUT_PROCEDURE:
            if vote.share < VOTE_ABOUT_SHARE or vote.top < VOTE_ABOUT_FLOOR or not choices:
                return None
            if vote.procedure is None or vote.procedure_share < VOTE_PROCEDURE_SHARE:
                return None
            found["procedure"] = vote.procedure
        elif vote.share < VOTE_COMMAND_SHARE or vote.top < VOTE_COMMAND_FLOOR:
            return None
        return Understanding(Intent(vote.intent), _public(found), round(vote.top, 3), (), choices)

    @staticmethod
    def _agreed(examples: _Consulted, match: Match) -> bool:
        """Whether the nearest few examples mostly say what the nearest one says."""
        return _vote_agrees(examples.vote(), match.intent, match.procedure)

    @staticmethod
    def _settled_procedure(examples: _Consulted, procedure: str, candidates: tuple[str, ...]) -> str:
        """The procedure the nearest examples agree on, when they clearly do, else ``procedure``.

        Names overlap: "giấy khai sinh" is in birth registration, its re-registration, the
        correction of a wrong birth year and the copy of an extract; the citizens' sentences
        nearest to this one tell which of them the story is ("ghi sai năm sinh": a correction).
        Only among the procedures the sentence has words of (``candidates``): "nộp hồ sơ khai sinh ở
        quầy nào" is worded like the same question about a death, but it is not about one.
        """
        vote = examples.vote()
        if vote is None or vote.procedure is None or vote.top < VOTE_PROCEDURE_FLOOR:
            return procedure
        if vote.procedure not in candidates:
            return procedure
        return vote.procedure if vote.procedure_share >= VOTE_PROCEDURE_SHARE else procedure

    @staticmethod
    def _graded(share: float, spotted: list[_Spotted], cue_words: set[int], *, asked: bool) -> float:
        """The share of words explained, raised by the evidence a named procedure gives.

        Unexplained words lower confidence instead of vetoing it: a procedure named in
        full anchors a sentence whose other words are often the citizen's story ("my
        father passed away last night, ..."), so it makes up most of the gap; one named
        by part of its words makes up less, and only in a sentence that also asks something
        or names the procedure officially: "is the coffee shop open" is not about a business
        licence. With no procedure, every word still counts.
        """
        if not spotted:
            return share
        best = spotted[0]
        distinctive = len(best.positions - cue_words)
        if best.situation and best.official_score < 0.75:
            # A situation ("my father passed away") means a procedure only in a sentence that
            # asks for something: "my dog died" alone is not a death registration.
            return share + (1.0 - share) * ANCHOR_PART if asked and best.score >= 0.9 else share
        official = best.official_score >= 0.75  # by (most of) its name, not only an alias
        if best.score >= 0.9 and distinctive >= 2:
            evidence = ANCHOR_FULL
        elif best.score >= 0.75 and distinctive >= 1 and (official or asked):
            evidence = ANCHOR_PART
        else:
            return share
        return share + (1.0 - share) * evidence

    def _negated(self, words: list[str], positions: set[int]) -> bool:
        """Whether every run of the intent's words has a negator just before it."""
        runs = [p for p in sorted(positions) if p - 1 not in positions]
        return all(
            any(words[i] in self.intents.negators for i in range(max(0, start - NEGATION_REACH), start))
            for start in runs
        )

    def _asks(self, text: str, said: _Said, spotted: list[_Spotted]) -> bool:
        """Whether the sentence asks for something at all: a question mark, a word of wanting or
        asking from the intent file's ``requests`` ("muốn", "làm sao", "need", "how"), or a short form.
        "Đám cưới con gái tui tháng sau, mời cô tới ăn" is worded near a marriage registration,
        but it tells, it does not ask."""
        if "?" in text or len(said.folded) <= SHORT_FORM:
            return True  # "chữ ký", "marriage": a short form is asked the way a search box is
        if spotted and len(spotted[0].positions) >= NAMED_SHARE * len(said.folded):
            return True  # mostly a procedure's name, typed as into a search box ("giấy sát nhận độc thân")
        return any(_cue_positions(said, cue) for cue in self.intents.requests)

    @staticmethod
    def _sounds_out_of_scope(examples: _Consulted) -> bool:
        vote = examples.vote()
        return vote is not None and vote.intent == OUT_OF_SCOPE and vote.share >= OUT_OF_SCOPE_SHARE

    def _is_cue_word(self, folded: str) -> bool:
        return folded in self._cue_vocabulary

    def _filler(self, written: str, folded: str) -> bool:
        return is_filler(self.intents, written, folded)

    def _counter(self, written: list[str], words: list[str]) -> tuple[int, int] | None:
        """A counter number: a number just after "counter" / "quầy (số)".

        In a sentence written with diacritics the words must match as written:
        "quay lại sau" (come back later) holds neither "quầy" nor "sáu".
        """
        marked = any(has_marks(word) for word in written)
        said = written if marked else words
        counter_words = self.intents.counter_written if marked else self.intents.counter_words
        numbers = self.intents.numbers_written if marked else self.intents.numbers
        for i, word in enumerate(said):
            if not set(said[max(0, i - 2) : i]) & counter_words:
                continue
            if word.isdigit() and len(word) <= 2:
                return i, int(word)
            if word in numbers:
                return i, numbers[word]
        return None


@dataclass(frozen=True)
class _Evidence:
    """What the trained classifier needs to weigh an answer (Understander._weighed)."""

    text: str
    candidates: tuple[str, ...]  # every procedure the sentence has words of, best first
    examples: _Consulted
    context_procedure: str | None
    asks: bool  # a word of asking, a "?", or a short form (Understander._asks)
    words: frozenset[str]  # folded


def _trained_procedure(
    model: TrainedModel, vector: dict[int, float], evidence: _Evidence, intent: str
) -> str | None:
    """The procedure a question the classifier placed is about: the likeliest of those the
    sentence has words of; with none, the one on screen, else the model's own choice when it is
    sure (a story: "nhà tui mới có thêm đứa nhỏ")."""
    chances = model.procedures(vector)
    if evidence.candidates:
        return max(evidence.candidates, key=lambda code: chances.get(code, 0.0))
    if evidence.context_procedure is not None:
        return evidence.context_procedure
    best = max(chances, key=lambda code: (chances[code], code))
    if chances[best] >= TRAINED_PROCEDURE:
        return best
    # Less sure, but the nearest examples clearly ask the same of the same procedure: two views agree.
    return best if _vote_agrees(evidence.examples.vote(), intent, best) else None


def _vote_agrees(vote: Vote | None, intent: str, procedure: str | None) -> bool:
    """Whether the nearest few examples mostly say this intent about this procedure."""
    return (
        vote is not None
        and vote.intent == intent
        and vote.share >= AGREED_SHARE
        and vote.procedure == procedure
        and vote.procedure_share >= AGREED_SHARE
    )


def _other_procedure(found: Understanding, model: TrainedModel, vector: dict[int, float]) -> Understanding:
    """The procedure of a question, corrected when the classifier is sure of another and gives the
    one found almost no chance: "bổ sung dân tộc vào giấy khai sinh" names a birth certificate but
    is a correction. Never away from a procedure the model does not know (published since)."""
    procedure = found.slots.get("procedure")
    chances = model.procedures(vector)
    if procedure is None or procedure not in chances:
        return found
    best = max(chances, key=lambda code: (chances[code], code))
    sure = chances[best] >= TRAINED_PROCEDURE_SWITCH and chances[procedure] < TRAINED_UNLIKELY
    if best == procedure or not sure:
        return found
    return replace(found, slots=_public({**found.slots, "procedure": best}))


def _public(slots: Mapping[str, Any]) -> dict[str, Any]:
    """Slots in a fixed order, for stable JSON."""
    order = ("procedure", "dossier_code", "counter", "language")
    return {key: slots[key] for key in order if key in slots}
