"""A dossier code read aloud from a receipt, as a speech recogniser writes it down.

"không không không chấm không không chấm hai chín chấm hát hai chín gạch hai năm
một hai không ba gạch không không mười hai" is ``000.00.29.H29-251203-0012``;
"zero zero zero dot zero zero dot two nine dot h two nine dash ..." the same.
Words are turned into characters (digits, letters, dots, dashes) run by run,
and a run counts only when it holds a whole code by the one rule
(``kiosk_app.dossier_code``): number words in an ordinary sentence ("ba tui
năm nay bảy mươi tuổi") never make one.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk_app import dossier_code

# Folded (no diacritics) spoken forms. Vietnamese reads digits one by one, with "mười" for 10-19.
DIGITS = {
    "khong": "0", "zero": "0", "oh": "0",
    "mot": "1", "one": "1",
    "hai": "2", "two": "2", "to": "2",
    "ba": "3", "three": "3",
    "bon": "4", "tu": "4", "four": "4", "for": "4",
    "nam": "5", "lam": "5", "five": "5",
    "sau": "6", "six": "6",
    "bay": "7", "seven": "7",
    "tam": "8", "eight": "8",
    "chin": "9", "nine": "9",
}  # fmt: skip
TENS = {"muoi", "ten"}  # "mười hai" is 12, "hai mươi lăm" 25; "mười" alone, or "ten", is 10
TIMES_TEN = "muoi*"  # "mươi" (level tone): tens, as in "hai mươi"
TEEN = "muoi+"  # "mười" (falling tone): ten, or 10-19 with a digit after it
DOT = {"cham", "dot", "point", "period"}
DASH = {"gach", "dash", "hyphen", "minus"}
SILENT = {"ngang", "noi"}  # "gạch ngang", "gạch nối": still one dash
LETTERS = {"hat": "H", "aitch": "H", "hotel": "H"}  # the letter H as said (H29)
MAX_UNSURE = 4  # readings tried: 2**4
_WORD = re.compile(r"[\w]+", re.UNICODE)


def _fold(word: str) -> str:
    if word.lower() == "mươi":
        return TIMES_TEN
    if word.lower() == "mười":
        return TEEN
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def _piece(word: str, previous: str | None, following: str | None, *, teen: bool = False) -> str | None:
    """The characters one spoken word stands for; None when it is not part of a code."""
    if word in DIGITS:
        return DIGITS[word]
    if word in TENS or word in (TIMES_TEN, TEEN):
        unit = following in DIGITS and DIGITS.get(following or "") != "0"
        # "hai mươi (lăm)": the tens digit was said already. "Mươi" says so by its tone; typed
        # without marks, a digit other than zero before it does ("không mười hai" is 0, 12).
        times_ten = word == TIMES_TEN or (
            word == "muoi" and not teen and DIGITS.get(previous or "", "0") != "0"
        )
        if times_ten:
            return "" if unit else "0"
        return "1" if unit else "10"
    if word in DOT:
        return "."
    if word in DASH:
        return "-"
    if word in SILENT:
        return ""
    if word in LETTERS:
        return LETTERS[word]
    if word.isdigit():
        return word
    if len(word) == 1 and word.isalpha():
        return word.upper()
    return None


def find_spoken(text: str) -> tuple[str, str] | None:
    """The dossier code read aloud in ``text`` and the text without its words; None when none is."""
    spans = [(match.start(), match.end(), _fold(match.group())) for match in _WORD.finditer(text)]
    run: list[int] = []  # indexes into spans of the current run of code words
    runs: list[list[int]] = []
    for index, (_, _, word) in enumerate(spans):
        previous = spans[index - 1][2] if index > 0 else None
        following = spans[index + 1][2] if index + 1 < len(spans) else None
        if _piece(word, previous, following) is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(index)
    if run:
        runs.append(run)
    for found in runs:
        if len(found) < 10:  # the shortest code, read aloud, is longer than this
            continue
        words = [spans[i][2] for i in found]
        code = _code(words)
        if code is not None:
            rest = text[: spans[found[0]][0]] + " " + text[spans[found[-1]][1] :]
            return code, " ".join(rest.split())
    return None


def _code(words: list[str]) -> str | None:
    """The code the words spell. Typed without marks, "muoi" after a digit may be "mười" (ten)
    or "mươi" (tens): every reading is tried, and the shortest that makes a code wins."""
    unsure = [k for k, word in enumerate(words) if word == "muoi"][:MAX_UNSURE]
    found: list[str] = []
    for choice in range(2 ** len(unsure)):
        teens = {k for bit, k in enumerate(unsure) if choice >> bit & 1}
        characters = "".join(
            _piece(
                word,
                words[k - 1] if k else None,
                words[k + 1] if k + 1 < len(words) else None,
                teen=k in teens,
            )
            or ""
            for k, word in enumerate(words)
        )
        match = dossier_code.PATTERN.search(characters)
        code = dossier_code.normalise(match.group()) if match else None
        if code is not None:
            found.append(code)
    return min(found, key=len) if found else None


# What a recogniser must be able to hear for a code read aloud (Assistant.grammar_phrases).
SAID = {
    "vi": "không một hai ba bốn năm lăm sáu bảy tám chín mười mươi chấm gạch ngang hát",
    "en": "zero oh one two three four five six seven eight nine ten dot dash h",
}
