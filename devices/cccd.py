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

# ASCII digits only: \d would also take Arabic-Indic and other digits no card prints.
ID_PATTERN = re.compile(r"^[0-9]{12}$")
# The old 9-digit CMND, or on a 2024 card the cancelled 12-digit number.
OLD_ID_PATTERN = re.compile(r"^([0-9]{9}|[0-9]{12})$")
DATE_PATTERN = re.compile(r"^[0-9]{8}$")
# Letters (any script's, for names written with marks), spaces, and the few marks names use.
NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '.-]+[^\W\d_]+)*\.?$")
MAX_PAYLOAD = 1024
MAX_NAME, MAX_ADDRESS = 100, 300
FIRST_BIRTH_YEAR = 1900
# Province and city codes of birth registration that open a citizen ID number (the 63
# provinces' codes of Circular 07/2016/TT-BCA, kept on cards after the 2025 merger).
PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
        36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
        72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip
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
    # Read from the chip with passive authentication (the data was signed by the
    # issuing state). The QR code is plain text anyone can copy: never verified.
    verified: bool = False
    expiry_date: date | None = None  # only the chip says; cards issued late in life never expire

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


def _clean(payload: str) -> str:
    """NFC text without the scanner's line ending; refuses any invisible or undecodable character."""
    # Scanners add CR/LF; some send decomposed (NFD) Vietnamese.
    text = unicodedata.normalize("NFC", payload).strip().strip("\r\n")
    # Controls (Cc), format characters such as U+202E that reorder what the screen shows (Cf),
    # lone surrogates left by undecodable bytes (Cs), private-use and unassigned code points.
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise IdPayloadError("contains control characters or bytes that are not text")
    return text


def parse_cccd(payload: str, *, today: date) -> CitizenIdentity:
    """Parse a scanned or typed CCCD QR payload; raises IdPayloadError with a reason.

    Fields are taken in the order every known layout keeps (ID, old ID, name,
    date of birth, sex, address, issue date, then whatever a newer card adds),
    and the ID number must agree with the birth date and sex the way the
    numbering rule says: a payload no card can carry is refused, not guessed at.
    """
    if len(payload) > MAX_PAYLOAD:
        raise IdPayloadError("too long to be a citizen ID QR code")
    text = _clean(payload)
    fields = [field.strip() for field in text.split("|")]
    if len(fields) < 6:
        raise IdPayloadError(f"has {len(fields)} fields; a citizen ID QR code has 6 or more, separated by |")
    id_number = fields[0]
    if not ID_PATTERN.match(id_number):
        raise IdPayloadError("the first field is not a 12-digit ID number")
    if id_number[:3] not in PROVINCE_CODES:
        raise IdPayloadError("the ID number does not start with a province code")

    rest = fields[1:]
    old_id: str | None = None
    if rest and (rest[0] == "" or OLD_ID_PATTERN.match(rest[0])):
        old_id = rest[0] or None
        rest = rest[1:]
    births = [i for i, f in enumerate(rest) if DATE_PATTERN.match(f)]
    if not births or len([i for i in births if i > births[0]]) < 1:
        raise IdPayloadError("needs a date of birth and an issue date (DDMMYYYY)")
    birth_at = births[0]
    if birth_at == 0 or any(f == "" for f in rest[:birth_at]):
        raise IdPayloadError("has no full name before the date of birth")
    if birth_at > 1:
        raise IdPayloadError("has more than one field between the ID numbers and the date of birth")
    full_name = rest[0]
    if full_name.casefold() in SEX_WORDS or not NAME_PATTERN.match(full_name):
        raise IdPayloadError("the full name is not made of letters")
    sex_text = rest[birth_at + 1] if birth_at + 1 < len(rest) else ""
    if sex_text.casefold() not in SEX_WORDS:
        raise IdPayloadError("has no sex field (Nam or Nữ) after the date of birth")
    address = rest[birth_at + 2] if birth_at + 2 < len(rest) else ""
    if not address or DATE_PATTERN.match(address) or not any(c.isalpha() for c in address):
        raise IdPayloadError("has no address between the sex and the issue date")
    if len(full_name) > MAX_NAME or len(address) > MAX_ADDRESS:
        raise IdPayloadError("a field is longer than a card can print")
    issue_text = rest[birth_at + 3] if birth_at + 3 < len(rest) else ""
    if not DATE_PATTERN.match(issue_text):
        raise IdPayloadError("needs a date of birth and an issue date (DDMMYYYY)")
    born = _date(rest[birth_at], "date of birth")
    issued = _date(issue_text, "issue date")
    if born > today:
        raise IdPayloadError("the date of birth is in the future")
    if born.year < FIRST_BIRTH_YEAR:
        raise IdPayloadError("the date of birth is before 1900")
    if issued > today:
        raise IdPayloadError("the issue date is in the future")
    if issued < born:
        raise IdPayloadError("the issue date is before the date of birth")
    sex = SEX_WORDS[sex_text.casefold()]
    expected = CENTURY_DIGITS.get(born.year // 100 * 100)
    if expected is None or id_number[3] != expected[0 if sex == "male" else 1]:
        raise IdPayloadError("the ID number does not match the sex and century of birth")
    if id_number[4:6] != f"{born.year % 100:02d}":
        raise IdPayloadError("the ID number does not match the year of birth")
    return CitizenIdentity(
        id_number=id_number,
        full_name=full_name,
        date_of_birth=born,
        sex=sex,
        address=address,
        issue_date=issued,
        old_id_number=old_id,
    )
