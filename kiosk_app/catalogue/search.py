"""Finding a procedure the way people type and speak.

Both languages are searched at once. Text is folded before matching: lower
case, diacritics removed ("Đăng ký" and "dang ky" match; đ does not decompose
in Unicode, so it is mapped by hand), y folded into i ("đăng kí" = "đăng ký").
Each query word then matches a word of a procedure exactly, as the start of a
word (people stop typing), or with one typo (insert, delete, replace, swap).
Rare words weigh more than common ones ("khai sinh" decides, "đăng ký" does
not), names and synonyms more than descriptions, and a query found as a whole
phrase in a name gets a bonus. Filler words ("tôi muốn làm", "I want to") are
ignored when the query has other words, recognised with their marks so that a
filler never removes a content word spelled the same without them ("chú" is
filler, "chữ" is not). While a query is being typed, its last word also matches
as the start of a longer word, however short.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk_app.catalogue.model import Procedure

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_WRITTEN_WORD = re.compile(r"[^\W_]+")
# Filler words, as written: "tôi muốn làm thủ tục ... ở đâu ạ", "I want to ...".
# Matched with their marks, so "chú" (filler) never removes "chữ" (signature), nor
# "bạn" (you) "bản" (copy). A word typed without any marks is filler only when no
# procedure uses it ("toi muon" is, "chu" and "ban" are not: they may be "chữ", "bản").
FILLER_WRITTEN = frozenset(
    {
        *("tôi", "muốn", "cần", "làm", "thủ", "tục", "xin", "hỏi", "cho", "mình", "em", "anh", "chị"),
        *("bác", "chú", "cô", "gì", "ở", "đâu", "thế", "nào", "ạ", "nhé", "giúp", "được", "không"),
        *("là", "của", "về", "và", "để", "ơi", "bạn", "vui", "lòng", "hướng", "dẫn", "tui", "ông", "bà"),
        # English ("i" is not here: "y" folds to "i", as in "sao y")
        *("want", "to", "an", "how", "do", "get", "my", "for", "please", "need", "of", "in"),
        *("what", "is", "me", "about", "where", "with"),
    }
)
# Shorter than this, a word being typed is matched as the start of a longer one.
PREFIX_FROM = 3


def query_words(query: str) -> list[tuple[str, str]]:
    """(as written in lower case, folded) for each word of a query, in order."""
    words: list[tuple[str, str]] = []
    for token in _WRITTEN_WORD.findall(unicodedata.normalize("NFC", query).lower()):
        for part in fold(token).split():
            words.append((token, part))
    return words


def has_marks(word: str) -> bool:
    return fold(word) != word.replace("y", "i")


WEIGHTS = {"code": 3.0, "name": 3.0, "alias": 2.5, "situation": 1.5, "sector": 1.0, "summary": 0.6}
EXACT, PREFIX, TYPO = 1.0, 0.75, 0.7
PHRASE_BONUS, COVERAGE_BONUS = 0.25, 0.1


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, y as i, words separated by single spaces."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = text.replace("y", "i")
    return " ".join(_NOT_WORD.split(text)).strip()


_FILLER_FOLDED = frozenset(fold(word) for word in FILLER_WRITTEN)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass(frozen=True)
class Hit:
    procedure: Procedure
    score: float


class SearchIndex:
    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._procedures: list[Procedure] = list(procedures)
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)  # word -> procedure -> weight
        self._phrase_text: list[str] = []
        self._name_words: list[list[set[str]]] = []
        for index, procedure in enumerate(self._procedures):
            fields = [
                ("code", [procedure.code.lower().replace(".", " ")]),
                ("name", [procedure.name.vi, procedure.name.en]),
                ("alias", [*procedure.also_known_as_vi, *procedure.also_known_as_en]),
                ("situation", [*procedure.situations_vi, *procedure.situations_en]),
                ("sector", [procedure.sector.vi, procedure.sector.en]),
                ("summary", [procedure.summary.vi, procedure.summary.en]),
            ]
            phrases = []
            for field_name, texts in fields:
                weight = WEIGHTS[field_name]
                for text in texts:
                    folded = fold(text)
                    if field_name in ("name", "alias"):
                        phrases.append(f" {folded} ")
                    for word in folded.split():
                        postings = self._postings[word]
                        postings[index] = max(postings.get(index, 0.0), weight)
            self._phrase_text.append("|".join(phrases))
            self._name_words.append(
                [set(fold(procedure.name.vi).split()), set(fold(procedure.name.en).split())]
            )
        count = max(1, len(self._procedures))
        self._idf = {word: math.log(1 + count / len(docs)) for word, docs in self._postings.items()}
        self._max_idf = max(self._idf.values(), default=1.0)
        self._vocabulary = sorted(self._postings)
        self._variants: dict[str, set[str]] = defaultdict(set)
        for word in self._vocabulary:
            if len(word) >= 4:
                self._variants[word].add(word)
                for variant in _deletes(word):
                    self._variants[variant].add(word)

    def is_filler(self, written: str, folded: str) -> bool:
        if written in FILLER_WRITTEN:
            return True
        folded_filler = folded in _FILLER_FOLDED
        return folded_filler and not has_marks(written) and folded not in self._postings

    def _matches(self, query_word: str, *, being_typed: bool = False) -> dict[str, float]:
        """Vocabulary words this query word may mean, with how well each matches.

        ``being_typed``: the last word of a query typed so far, matched as the start
        of a longer word even when short ("chữ k" is on its way to "chữ ký").
        """
        found: dict[str, float] = {}
        if query_word in self._postings:
            # A real word was typed: do not second-guess it with rarer look-alikes
            # ("thai" is one typo from "khai", and rarer, so it would outrank it).
            found[query_word] = EXACT
            if not being_typed:
                return found
        if len(query_word) >= PREFIX_FROM or being_typed:
            start = bisect.bisect_left(self._vocabulary, query_word)
            for word in self._vocabulary[start : start + 50]:
                if not word.startswith(query_word):
                    break
                # A short start says little: "s" may begin a hundred words.
                found.setdefault(word, PREFIX * min(1.0, len(query_word) / PREFIX_FROM))
        if len(query_word) >= 4:
            candidates: set[str] = set()
            for variant in {query_word} | _deletes(query_word):
                candidates |= self._variants.get(variant, set())
            for word in candidates:
                if word not in found and within_one_edit(word, query_word):
                    found[word] = TYPO
        return found

    def search(self, query: str, limit: int = 20, *, typing: bool = False) -> list[Hit]:
        """Procedures for a query, best first.

        ``typing``: the query is being typed, so its last word may be unfinished.
        """
        pairs = query_words(query)
        words = [folded for _, folded in pairs]
        kept = [folded for written, folded in pairs if not self.is_filler(written, folded)] or words
        # One-letter words ("y" in "sao y", English "I") only count as part of a phrase,
        # unless the citizen is still typing it.
        meaningful = [w for i, w in enumerate(kept) if len(w) > 1 or (typing and i == len(kept) - 1)]
        meaningful = meaningful or kept
        if not meaningful:
            return []
        scores: dict[int, float] = defaultdict(float)
        all_matched: set[str] = set()
        best_possible = 0.0
        last_typed = len(meaningful) - 1 if typing and query[-1:].isalnum() else -1
        for position, word in enumerate(meaningful):
            matches = self._matches(word, being_typed=position == last_typed)
            if not matches:
                best_possible += WEIGHTS["name"] * self._max_idf
                continue
            all_matched.update(matches)
            per_doc: dict[int, float] = {}
            top_idf = 0.0
            for match, quality in matches.items():
                idf = self._idf[match]
                top_idf = max(top_idf, idf)
                factor = quality * idf
                for doc, weight in self._postings[match].items():
                    value = factor * weight
                    if value > per_doc.get(doc, 0.0):
                        per_doc[doc] = value
            best_possible += WEIGHTS["name"] * top_idf
            for doc, value in per_doc.items():
                scores[doc] += value
        if not scores:
            return []
        # Bonuses add at most PHRASE_BONUS + COVERAGE_BONUS, so only documents within
        # that of the limit-th best can still make the list: score just those.
        normalised = {doc: raw / best_possible for doc, raw in scores.items()}
        ranked = heapq.nlargest(limit, normalised.values())
        floor = ranked[-1] - PHRASE_BONUS - COVERAGE_BONUS
        # While typing, the phrase's last word may be unfinished: "khai s" is in " khai sinh ".
        phrase = f" {' '.join(kept)}" + ("" if last_typed >= 0 else " ")
        hits = []
        for doc, score in normalised.items():
            if score < floor:
                continue
            if len(kept) > 1 and phrase in self._phrase_text[doc]:
                score += PHRASE_BONUS
            # Among equals, the name the query covers best: "khai sinh" is
            # "Đăng ký khai sinh" before "Đăng ký lại khai sinh".
            coverage = max(len(names & all_matched) / len(names) for names in self._name_words[doc] if names)
            hits.append(Hit(self._procedures[doc], round(score + COVERAGE_BONUS * coverage, 3)))
        return heapq.nsmallest(limit, hits, key=lambda hit: (-hit.score, hit.procedure.name.vi))
