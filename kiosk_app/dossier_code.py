"""The one rule for a dossier code, wherever it comes from: a scan, the on-screen keys, a spoken question.

A dossier code (Circular 01/2018/TT-VPCP, Art. 19) is the receiving unit's
code (groups of up to three letters or digits separated by dots; Ho Chi Minh
City units end in H29), the receipt date YYMMDD and a daily sequence:
``000.00.29.H29-251201-0007``. Codes with fewer unit groups exist in the wild
(``38.98.H29-210519-0013``), so the rule is lenient about the unit and strict
about the date and sequence. Slips print the code bare, or HIBC-wrapped (``+``,
the code, a mod-43 check character), as some one-stop systems do.
"""

from __future__ import annotations

import re
import unicodedata

# [0-9], not \d: Python's \d also takes Arabic-Indic, fullwidth and Devanagari digits.
PATTERN = re.compile(r"[0-9A-Z]{1,3}(?:\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}")
MAX_LENGTH = 48
# The HIBC character set; a character's value is its index.
_HIBC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"
# Punctuation a sentence or a copied text puts around a code.
_AROUND = " \t\r\n,;:()[]{}\"'“”‘’!?"


def normalise(text: str) -> str | None:
    """The code in canonical form (upper case, no spaces around), or None when it is not one."""
    # NFKC: a fullwidth "２５" typed on a phone keyboard is the ASCII "25" it looks like.
    candidate = unicodedata.normalize("NFKC", text).strip().upper()
    if len(candidate) > MAX_LENGTH + 2:
        return None
    if candidate.startswith("+"):
        unwrapped = _unwrap_hibc(candidate)
        if unwrapped is None:
            return None
        candidate = unwrapped
    return candidate if PATTERN.fullmatch(candidate) else None


def _unwrap_hibc(text: str) -> str | None:
    """``+CODE`` and a check character: the code when the check character is right."""
    if len(text) < 3 or any(char not in _HIBC for char in text):
        return None
    body, check = text[:-1], text[-1]
    total = sum(_HIBC.index(char) for char in body)
    return body[1:] if _HIBC[total % 43] == check else None


def hibc_wrapped(code: str) -> str:
    """The code as an HIBC-style slip prints it (for sample slips and tests)."""
    body = "+" + code
    return body + _HIBC[sum(_HIBC.index(char) for char in body) % 43]


def find_in_text(text: str) -> str | None:
    """The first dossier code in a sentence (typed or recognised), or None.

    Word by word, each word tested whole: linear in the length of the text,
    whatever a citizen (or an attacker) types.
    """
    for word in text.split():
        word = word.strip(_AROUND).rstrip(".")
        if 10 <= len(word) <= MAX_LENGTH:
            found = normalise(word)
            if found is not None:
                return found
    return None
