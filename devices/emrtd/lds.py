"""The files on the chip (ICAO 9303-10): EF.COM, DG1's MRZ and DG13, Viet Nam's own data group.

DG13 is not in ICAO's specification: it is a SEQUENCE holding a version, an
OID, and a SET of numbered fields, each SEQUENCE { INTEGER number, value }.
Which number means what is known from readers in the field, not from a
published standard, and generations of the card differ (absent fields are
left out; 15 and 16 are not settled). So the meaning is a table below, the
parser takes fields by number wherever they sit, passes over numbers it does
not know, and refuses clearly what does not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from devices.emrtd import tlv
from devices.emrtd.domain import encode_oid

# The eMRTD application (9303-10), then file identifiers and the tags their contents open with.
EMRTD_AID = bytes.fromhex("A0000002471001")
EF_COM, EF_SOD = 0x011E, 0x011D
DG_FILES = {1: 0x0101, 2: 0x0102, 13: 0x010D, 14: 0x010E}
DG_TAGS = {1: 0x61, 2: 0x75, 13: 0x6D, 14: 0x6E}
TAG_COM, TAG_SOD, TAG_MRZ = 0x60, 0x77, 0x5F1F
TAG_COM_LIST = 0x5C
TAG_SEQUENCE, TAG_SET, TAG_INTEGER = 0x30, 0x31, 0x02
TEXT_TAGS = (0x0C, 0x13, 0x16, 0x1E)  # UTF8String, PrintableString, IA5String, BMPString


class DataGroupError(ValueError):
    """A file's content does not fit what the reader expects; the message says which and where."""


def check_digit(text: str) -> str:
    """ICAO 9303-3 check digit: weights 7, 3, 1; '<' is 0, A-Z are 10-35."""
    total = 0
    for i, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - 55
        elif char == "<":
            value = 0
        else:
            raise DataGroupError("the MRZ holds a character it cannot")
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


def data_groups_listed(com: bytes) -> list[int]:
    """The data groups EF.COM says the chip holds (by their tags)."""
    try:
        listed = tlv.find(tlv.only(com, TAG_COM), TAG_COM_LIST)
    except tlv.TlvError as exc:
        raise DataGroupError(f"EF.COM is malformed: {exc}") from None
    if listed is None:
        raise DataGroupError("EF.COM has no tag list")
    by_tag = {tag: number for number, tag in DG_TAGS.items()}
    return sorted(by_tag[t] for t in listed if t in by_tag)


def encode_com(groups: list[int]) -> bytes:
    body = tlv.encode(0x5F01, b"0107") + tlv.encode(0x5F36, b"040000")
    return tlv.encode(TAG_COM, body + tlv.encode(TAG_COM_LIST, bytes(DG_TAGS[g] for g in groups)))


@dataclass(frozen=True)
class Mrz:
    """The TD1 (ID-card size) machine-readable zone from DG1, its check digits verified."""

    document_code: str
    issuing_state: str
    document_number: str
    optional_data: str
    date_of_birth: str  # YYMMDD
    sex: str
    date_of_expiry: str  # YYMMDD
    nationality: str
    names: str


def parse_dg1(data: bytes) -> Mrz:
    try:
        text = tlv.find(tlv.only(data, DG_TAGS[1]), TAG_MRZ)
    except tlv.TlvError as exc:
        raise DataGroupError(f"DG1 is malformed: {exc}") from None
    if text is None:
        raise DataGroupError("DG1 holds no MRZ")
    mrz = text.decode("ascii", "replace")
    if len(mrz) != 90 or not re.fullmatch(r"[A-Z0-9<]{90}", mrz):
        raise DataGroupError(f"DG1's MRZ is not three lines of 30 (it has {len(mrz)} characters)")
    one, two, three = mrz[:30], mrz[30:60], mrz[60:]
    checks = ((one[5:14], one[14]), (two[0:6], two[6]), (two[8:14], two[14]))
    if any(check_digit(value) != digit for value, digit in checks):
        raise DataGroupError("a check digit of DG1's MRZ is wrong")
    composite = one[5:30] + two[0:7] + two[8:15] + two[18:29]
    if check_digit(composite) != two[29]:
        raise DataGroupError("the composite check digit of DG1's MRZ is wrong")
    return Mrz(
        one[0:2].rstrip("<"),
        one[2:5],
        one[5:14].rstrip("<"),
        one[15:30].rstrip("<"),
        two[0:6],
        two[7],
        two[8:14],
        two[15:18],
        three.rstrip("<"),
    )


def encode_dg1(mrz: str) -> bytes:
    return tlv.encode(DG_TAGS[1], tlv.encode(TAG_MRZ, mrz.encode("ascii")))


def td1(document_number: str, optional: str, birth: str, sex: str, expiry: str, names: str) -> str:
    """A TD1 MRZ with its check digits (the software card's and the tests' cards)."""
    one = f"IDVNM{document_number:<<9}{check_digit(document_number)}{optional:<<15}"
    two = f"{birth}{check_digit(birth)}{sex}{expiry}{check_digit(expiry)}VNM{'':<<11}"
    two += check_digit(one[5:30] + two[0:7] + two[8:15] + two[18:29])
    return one + two + f"{names:<<30}"[:30]


# --- DG13 ---------------------------------------------------------------------

# Field number -> meaning, from readers in the field (unverified against a published standard).
DG13_FIELDS: dict[int, str] = {
    1: "id_number",
    2: "full_name",
    3: "date_of_birth",
    4: "sex",
    5: "nationality",
    6: "ethnicity",
    7: "religion",
    8: "home_town",
    9: "residence",
    10: "identifying_marks",
    11: "issue_date",
    12: "expiry_date",
    13: "parents",
    14: "spouse",
    15: "old_id_number",
}
REQUIRED = ("id_number", "full_name", "date_of_birth", "sex", "issue_date")


@dataclass(frozen=True)
class Dg13:
    """DG13's fields by meaning; ``unknown`` keeps fields with numbers the table does not name."""

    fields: dict[str, str | tuple[str, ...]]
    unknown: tuple[int, ...] = field(default=())

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        return value if isinstance(value, str) else ", ".join(value)


def _strings(value: bytes, where: str) -> tuple[str, ...]:
    """Every text in a value: a text itself, or the texts nested in sequences (parents, spouse)."""
    found: list[str] = []
    for tag, inner in tlv.iterate(value):
        if tag in TEXT_TAGS:
            found.append(_text(tag, inner, where))
        elif tlv.is_constructed(tag):
            found.extend(_strings(inner, where))
    return tuple(found)


def _text(tag: int, value: bytes, where: str) -> str:
    try:
        return value.decode("utf-16-be" if tag == 0x1E else "utf-8").strip()
    except UnicodeDecodeError:
        raise DataGroupError(f"DG13 field {where} is not valid text") from None


def parse_dg13(data: bytes) -> Dg13:
    try:
        content = tlv.only(data, DG_TAGS[13])
        objects = tlv.parse(content)
        # Generations differ on one more SEQUENCE around it all: step into it if there is one.
        if len(objects) == 1 and objects[0][0] == TAG_SEQUENCE:
            objects = tlv.parse(objects[0][1])
        entries: list[bytes] = []
        for tag, value in objects:
            if tag == TAG_SET:
                entries.extend(v for t, v in tlv.iterate(value) if t == TAG_SEQUENCE)
            elif tag == TAG_SEQUENCE:
                entries.append(value)
        fields: dict[str, str | tuple[str, ...]] = {}
        unknown: list[int] = []
        for entry in entries:
            parts = tlv.parse(entry)
            if not parts or parts[0][0] != TAG_INTEGER:
                continue
            number = int.from_bytes(parts[0][1], "big")
            rest = entry[len(tlv.encode(TAG_INTEGER, parts[0][1])) :]
            name = DG13_FIELDS.get(number)
            if name is None:
                unknown.append(number)
                continue
            texts = _strings(rest, str(number))
            if name in ("parents", "spouse"):
                fields[name] = texts
            elif len(texts) == 1:
                fields[name] = texts[0]
            elif texts:
                raise DataGroupError(f"DG13 field {number} ({name}) holds {len(texts)} texts, not one")
    except tlv.TlvError as exc:
        raise DataGroupError(f"DG13 is malformed: {exc}") from None
    missing = [name for name in REQUIRED if not fields.get(name)]
    if missing:
        raise DataGroupError(f"DG13 lacks {', '.join(missing)}")
    return Dg13(fields, tuple(sorted(unknown)))


def dg13_date(text: str, what: str) -> date:
    """DG13 writes dates as dd/mm/yyyy; some readers have seen ddmmyyyy."""
    match = re.fullmatch(r"(\d{2})[/.-]?(\d{2})[/.-]?(\d{4})", text.strip())
    if match is None:
        raise DataGroupError(f"DG13's {what} is not a date")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DataGroupError(f"DG13's {what} is not a real date") from None


def encode_dg13(values: dict[int, str | tuple[str, ...]]) -> bytes:
    """DG13 as cards in the field lay it out (the software card's and the tests' cards)."""
    entries = b""
    for number, value in values.items():
        if isinstance(value, tuple):
            inner = b"".join(tlv.encode(TAG_SEQUENCE, tlv.encode(0x0C, v.encode())) for v in value)
        else:
            inner = tlv.encode(
                0x13 if value.isascii() and value.replace("/", "").isalnum() else 0x0C, value.encode()
            )
        entries += tlv.encode(TAG_SEQUENCE, tlv.encode(TAG_INTEGER, bytes([number])) + inner)
    oid = tlv.encode(0x06, encode_oid("1.0.10646.1.0.8"))  # as cards in the field carry it
    body = tlv.encode(TAG_INTEGER, b"\x01") + oid + tlv.encode(TAG_SET, entries)
    return tlv.encode(DG_TAGS[13], tlv.encode(TAG_SEQUENCE, body))
