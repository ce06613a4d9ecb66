"""The QR code on a Vietnamese citizen ID card (CCCD / thẻ căn cước), parsed and checked.

The QR holds fields separated by ``|``, dates as DDMMYYYY:

    ID (12 digits) | old ID (9 digits, may be empty or absent) | full name |
    date of birth | sex (Nam/Nữ) | address | issue date

Cards from 1 July 2024 ("thẻ căn cước") add or rename fields and their order
is not documented, so fields are recognised by what they look like (12-digit
number, 9-digit number, date, sex word, text) rather than by position alone.
Anything that does not fit gets a clear ``IdPayloadError``; nothing in a
payload is ever executed. The result is personal data: callers must never
log it and must drop it when the citizen's session ends.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ID_PATTERN = re.compile(r"^\d{12}$")
OLD_ID_PATTERN = re.compile(r"^\d{9}$")
DATE_PATTERN = re.compile(r"^\d{8}$")
MAX_PAYLOAD = 1024
SEX_WORDS = {"nam": "male", "nữ": "female", "nu": "female"}
# The fourth digit of the ID encodes sex and century of birth (Circular 07/2016/TT-BCA).
CENTURY_DIGITS = {
    1900: ("0", "1"),
    2000: ("2", "3"),
    2100: ("4", "5"),
    2200: ("6", "7"),
    2300: ("8", "9"),
}


class IdPayloadError(ValueError):
    """The payload is not a citizen-ID QR this kiosk can read; the message says why, without the data."""


@dataclass(frozen=True)
class CitizenIdentity:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str  # "male" or "female"
    address: str
    issue_date: date
    old_id_number: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "id_number": self.id_number,
            "old_id_number": self.old_id_number,
            "full_name": self.full_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issue_date": self.issue_date.isoformat(),
        }


def _date(text: str, what: str) -> date:
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise IdPayloadError(f"the {what} is not a real date") from None


def parse_cccd(payload: str, *, today: date) -> CitizenIdentity:
    """Parse a scanned or typed CCCD QR payload; raises IdPayloadError with a reason."""
    if len(payload) > MAX_PAYLOAD:
        raise IdPayloadError("too long to be a citizen ID QR code")
    # Scanners add CR/LF; some send decomposed (NFD) Vietnamese.
    text = unicodedata.normalize("NFC", payload).strip().strip("\r\n")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise IdPayloadError("contains control characters")
    fields = [field.strip() for field in text.split("|")]
    if len(fields) < 6:
        raise IdPayloadError(f"has {len(fields)} fields; a citizen ID QR code has 6 or more, separated by |")
    id_number = fields[0]
    if not ID_PATTERN.match(id_number):
        raise IdPayloadError("the first field is not a 12-digit ID number")

    rest = fields[1:]
    old_id: str | None = None
    if rest and (rest[0] == "" or OLD_ID_PATTERN.match(rest[0])):
        old_id = rest[0] or None
        rest = rest[1:]
    dates = [(i, f) for i, f in enumerate(rest) if DATE_PATTERN.match(f)]
    if len(dates) < 2:
        raise IdPayloadError("needs a date of birth and an issue date (DDMMYYYY)")
    (birth_at, birth_text), (issue_at, issue_text) = dates[0], dates[-1]
    # The sex follows the date of birth: a name such as "NU" before it is not one.
    sexes = [(i, f) for i, f in enumerate(rest) if i > birth_at and f.casefold() in SEX_WORDS]
    if not sexes:
        raise IdPayloadError("has no sex field (Nam or Nữ)")
    sex_at, sex_text = sexes[0]
    names = [f for f in rest[:birth_at] if f and not f.isdigit()]
    if not names:
        raise IdPayloadError("has no full name before the date of birth")
    full_name = names[0]
    if not any(c.isalpha() for c in full_name) or any(c.isdigit() for c in full_name):
        raise IdPayloadError("the full name is not made of letters")
    address_fields = [f for f in rest[sex_at + 1 : issue_at] if f and not DATE_PATTERN.match(f)]
    if not address_fields:
        raise IdPayloadError("has no address between the sex and the issue date")
    born = _date(birth_text, "date of birth")
    issued = _date(issue_text, "issue date")
    if born > today:
        raise IdPayloadError("the date of birth is in the future")
    if issued > today:
        raise IdPayloadError("the issue date is in the future")
    if issued < born:
        raise IdPayloadError("the issue date is before the date of birth")
    sex = SEX_WORDS[sex_text.casefold()]
    century = born.year // 100 * 100
    expected = CENTURY_DIGITS.get(century)
    if expected is not None and id_number[3] != expected[0 if sex == "male" else 1]:
        raise IdPayloadError("the ID number does not match the sex and century of birth")
    return CitizenIdentity(
        id_number=id_number,
        full_name=full_name,
        date_of_birth=born,
        sex=sex,
        address=address_fields[0],
        issue_date=issued,
        old_id_number=old_id,
    )
