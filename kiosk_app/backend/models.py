"""The backend's replies as typed values, decoded and checked in one step (``docs/backend-api.yaml``).

msgspec decodes JSON straight into these structs and refuses anything that
does not fit: a missing field, a wrong type, a status code outside 1-10, an
unknown field. A garbled reply therefore becomes ``GarbledReply`` at the
edge, never a half-read value on a screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, TypeVar

import msgspec

T = TypeVar("T")

Short = Annotated[str, msgspec.Meta(max_length=500)]
# \Z, not $: Python's $ also matches before a final newline, which the contract's does not.
Ref = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}\Z")]
DossierCode = Annotated[
    str, msgspec.Meta(max_length=48, pattern=r"^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}\Z")
]
Cursor = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^e[0-9]{1,9}\.[0-9]{1,18}\Z")]
# The contract's date-times carry an offset; one without is not what it says.
Instant = Annotated[datetime, msgspec.Meta(tz=True)]
StatusCode = Annotated[int, msgspec.Meta(ge=1, le=10)]
Counter = Annotated[int, msgspec.Meta(ge=1, le=99)]


class GarbledReply(ValueError):  # noqa: N818 - the state it names
    """The backend answered something that is not what the contract says."""


class Text(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    vi: Short
    en: Short

    def in_language(self, language: str) -> str:
        return self.vi if language == "vi" else self.en


class ErrorReply(msgspec.Struct, frozen=True):
    error: Short
    code: Annotated[str, msgspec.Meta(max_length=40)]


class HistoryEntry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    status_code: StatusCode
    status_label: Text
    at: Instant


class DossierStatusReply(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    code: Annotated[
        str,
        msgspec.Meta(max_length=48, pattern=r"^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}\Z"),
    ]
    status_code: StatusCode
    status_label: Text
    updated_at: Instant
    history: Annotated[list[HistoryEntry], msgspec.Meta(max_length=50)]
    procedure: Text | None = None
    return_date: date | None = None
    next_step: Text | None = None
    counter: Counter | None = None


class LicenceRecord(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    ref: Ref
    status: Literal["valid", "revoked"]
    valid_from: date
    seq: Annotated[int, msgspec.Meta(ge=1)]
    valid_until: date | None = None
    revoked_at: Instant | None = None


class LicencePage(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    items: Annotated[list[LicenceRecord], msgspec.Meta(max_length=5000)]
    next_cursor: Cursor
    more: bool


class SigningKey(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kid: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9+/]{11}=\Z")]
    agency: Text
    alg: Literal["EdDSA"]
    public_key: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9+/]{43}=\Z")]
    not_before: Instant
    not_after: Instant
    revoked: bool


class KeyList(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    keys: Annotated[list[SigningKey], msgspec.Meta(max_length=200)]


class DocumentOnFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    procedure: Annotated[str, msgspec.Meta(max_length=40)]
    document: Annotated[str, msgspec.Meta(max_length=40)]
    title: Text
    state: Literal["digitised", "reusable"]
    held_since: date | None = None


class DocumentsOnFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    documents: Annotated[list[DocumentOnFile], msgspec.Meta(max_length=200)]


class Ticket(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    number: Annotated[int, msgspec.Meta(ge=1)]
    service: Short
    lane: Literal["standard", "priority", "appointment"]
    day: date
    issued_at: Instant
    counter: Counter | None = None
    people_ahead: Annotated[int, msgspec.Meta(ge=0)] | None = None


class CheckedIn(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    ticket: Ticket
    appointment_at: Instant
    service: Text


class NumberBlock(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    service: Short
    day: date
    first: Annotated[int, msgspec.Meta(ge=1)]
    last: Annotated[int, msgspec.Meta(ge=1)]


class EventAck(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    key: Short
    duplicate: bool


class HeartbeatAck(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    server_time: Instant


def decode(body: bytes, kind: type[T]) -> T:
    """``body`` as ``kind``, or ``GarbledReply`` saying what did not fit (never the body itself)."""
    try:
        return msgspec.json.decode(body, type=kind)
    except msgspec.ValidationError as exc:
        raise GarbledReply(f"the reply does not fit the contract: {exc}") from None
    except msgspec.DecodeError:
        raise GarbledReply("the reply is not valid JSON") from None
