"""VietQR payment codes: the EMVCo merchant-presented QR that Vietnamese banking apps read.

A citizen scans the code on the printed checklist with their bank's app and
finds the transfer filled in: the centre's collection account, the fee and a
reference the counter can match. The format is EMVCo's QR Code Specification
for Payment Systems (merchant-presented mode) with NAPAS's VietQR template in
field 38: each field is ``ID`` (2 digits) + ``length`` (2 digits) + value,
and the last field (63) is a CRC-16/CCITT-FALSE of everything before its
value. Nothing here is sent anywhere: the code is printed, the bank app pays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"  # VietQR's application identifier in field 38
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # a transfer to a bank account (QRIBFTTC: to a card)
CURRENCY_VND = "704"  # ISO 4217
COUNTRY = "VN"
MAX_REFERENCE = 25  # field 62-08, "purpose of transaction", as most bank apps show it
BIN = re.compile(r"[0-9]{6}")
ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")


class VietQrError(ValueError):
    pass


@dataclass(frozen=True)
class CollectionAccount:
    """The centre's account for fees, from the site file."""

    bank_bin: str  # the bank's 6-digit NAPAS BIN, e.g. 970415
    account_number: str
    account_name: str = ""

    def __post_init__(self) -> None:
        if not BIN.fullmatch(self.bank_bin):
            raise VietQrError(f"a bank BIN is 6 digits, not {self.bank_bin!r}")
        if not ACCOUNT.fullmatch(self.account_number):
            raise VietQrError("an account number is 1 to 19 letters or digits")


def field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQrError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMVCo field 63 asks."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def reference_text(text: str) -> str:
    """Plain upper-case ASCII: banks' apps and statements drop or garble Vietnamese marks."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " .-"))
    return " ".join(ascii_only.upper().split())[:MAX_REFERENCE]


def payment_code(account: CollectionAccount, *, amount: int, reference: str) -> str:
    """The QR text for paying ``amount`` đồng to ``account`` with ``reference`` (dynamic: amount set)."""
    if not 0 < amount <= 9_999_999_999_999:
        raise VietQrError("the amount is a whole number of đồng above zero")
    beneficiary = field("00", account.bank_bin) + field("01", account.account_number)
    merchant = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", SERVICE_TO_ACCOUNT)
    body = (
        field("00", "01")  # payload format indicator
        + field("01", "12")  # dynamic: this code is for this amount
        + field("38", merchant)
        + field("53", CURRENCY_VND)
        + field("54", str(amount))
        + field("58", COUNTRY)
    )
    text = reference_text(reference)
    if text:
        body += field("62", field("08", text))
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse(text: str) -> dict[str, str]:
    """The top-level fields of an EMVCo payload (for checks and tests); raises on a bad CRC or layout."""
    if len(text) < 8 or text[-8:-4] != "6304":
        raise VietQrError("no CRC field at the end")
    if f"{crc16_ccitt_false(text[:-4].encode('ascii')):04X}" != text[-4:].upper():
        raise VietQrError("the CRC does not match")
    return fields_of(text)


def fields_of(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    position = 0
    while position < len(text):
        tag, length = text[position : position + 2], text[position + 2 : position + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise VietQrError(f"malformed field at {position}")
        end = position + 4 + int(length)
        if end > len(text):
            raise VietQrError(f"field {tag} runs past the end")
        found[tag] = text[position + 4 : end]
        position = end
    return found
