"""One read of a citizen ID card's chip: a transport and six digits in, a verified identity out.

EF.CardAccess (plain) → PACE with the CAN → under secure messaging: the
eMRTD application, EF.COM, EF.SOD, DG1, DG13 → passive authentication →
DG13 and the MRZ checked against each other → ``CitizenIdentity`` marked
verified. The photo (DG2) is never read. ``progress`` is told each stage,
for the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography import x509

from devices.cccd import ID_PATTERN, SEX_WORDS, CitizenIdentity
from devices.emrtd import card_access, lds, tlv
from devices.emrtd.lds import EMRTD_AID, DataGroupError, Dg13, Mrz
from devices.emrtd.pace import establish
from devices.emrtd.passive_auth import Verification, verify
from devices.emrtd.secure_messaging import SecureChannel, SecureMessagingError
from devices.emrtd.transport import SW_OK, Apdus, CardRefusedError, CardTransport, Command

READ_CHUNK = 0xDF  # keeps a protected answer under 256 bytes, for readers without extended length
MAX_FILE = 32767  # plain READ BINARY offsets stop here; the files read are far smaller
SW_FILE_NOT_FOUND = 0x6A82

Progress = Callable[[str], None]


class FileMissingError(DataGroupError):
    """The chip has no such file."""


@dataclass(frozen=True)
class ChipRead:
    identity: CitizenIdentity
    dg13: Dg13
    mrz: Mrz
    verification: Verification
    protocol: str
    commands: int


def _select(apdus: Apdus, channel: SecureChannel | None, command: Command, what: str) -> None:
    _, sw = _send(apdus, channel, command)
    if sw == SW_FILE_NOT_FOUND:
        raise FileMissingError(f"the chip has no {what}")
    if sw != SW_OK:
        raise CardRefusedError(f"selecting {what}", sw)


def _send(apdus: Apdus, channel: SecureChannel | None, command: Command) -> tuple[bytes, int]:
    if channel is None:
        return apdus.send(command)
    data, sw = apdus.send(channel.protect(command))
    if sw != SW_OK:  # the chip dropped secure messaging (6987, 6988) or refused outright
        raise SecureMessagingError(f"the card answered {sw:04X} outside secure messaging")
    return channel.open_answer(data, sw)


def read_file(apdus: Apdus, channel: SecureChannel | None, file_id: int, what: str) -> bytes:
    _select(apdus, channel, Command(0x00, 0xA4, 0x02, 0x0C, file_id.to_bytes(2, "big")), what)
    content = bytearray()
    total: int | None = None
    while total is None or len(content) < total:
        want = 8 if total is None else min(READ_CHUNK, total - len(content))
        offset = len(content)
        if offset > MAX_FILE:
            raise DataGroupError(f"{what} is larger than this reader reads")
        data, sw = _send(apdus, channel, Command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=want))
        if sw != SW_OK and not (sw == 0x6282 and data):  # 6282: end of file reached early
            raise CardRefusedError(f"reading {what}", sw)
        if not data:
            raise DataGroupError(f"{what} ended before its length said")
        content += data
        if total is None:
            try:
                header, length = tlv.header_length(bytes(content))
            except tlv.TlvError as exc:
                raise DataGroupError(f"{what} does not start with a TLV header: {exc}") from None
            total = header + length
    return bytes(content[:total])


def identity_from(dg13: Dg13, mrz: Mrz) -> CitizenIdentity:
    """The identity DG13 gives, checked against the MRZ the state also signed."""
    id_number = dg13.text("id_number")
    if not ID_PATTERN.match(id_number):
        raise DataGroupError("DG13's ID number is not 12 digits")
    sex = SEX_WORDS.get(dg13.text("sex").casefold())
    if sex is None:
        raise DataGroupError("DG13's sex is neither Nam nor Nữ")
    born = lds.dg13_date(dg13.text("date_of_birth"), "date of birth")
    if born.strftime("%y%m%d") != mrz.date_of_birth:
        raise DataGroupError("DG13 and the MRZ disagree on the date of birth")
    if id_number not in re.findall(r"\d{12}", mrz.optional_data) and mrz.document_number != id_number[-9:]:
        raise DataGroupError("DG13 and the MRZ disagree on the ID number")
    expiry_text = dg13.text("expiry_date")
    expiry: date | None = None
    if re.search(r"\d", expiry_text):  # cards for the elderly say "Không thời hạn": no expiry
        expiry = lds.dg13_date(expiry_text, "expiry date")
    return CitizenIdentity(
        id_number=id_number,
        full_name=dg13.text("full_name"),
        date_of_birth=born,
        sex=sex,
        address=dg13.text("residence"),
        issue_date=lds.dg13_date(dg13.text("issue_date"), "issue date"),
        old_id_number=dg13.text("old_id_number") or None,
        verified=True,
        expiry_date=expiry,
    )


def read_identity(
    transport: CardTransport,
    can: str,
    trust: Sequence[x509.Certificate],
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ChipRead:
    """The whole read, or an exception that says which step failed and why.

    AccessDeniedError (wrong access number), NotAuthenticError and
    NotVerifiedError (the chip or its data failed a check), CardGoneError (taken
    away), and DataGroupError, CardRefusedError, SecureMessagingError or
    UnsupportedPaceError (a card this reader cannot read).
    """
    tell = progress or (lambda _stage: None)
    apdus = Apdus(transport)
    tell("opening")
    access = read_file(apdus, None, card_access.FILE_ID, "EF.CardAccess")
    params = card_access.choose(access)
    channel = establish(apdus, params, can.encode("ascii")).channel
    tell("reading")
    _select(apdus, channel, Command(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID), "the eMRTD application")
    listed = lds.data_groups_listed(read_file(apdus, channel, lds.EF_COM, "EF.COM"))
    for needed in (1, 13):
        if needed not in listed:
            raise FileMissingError(f"EF.COM does not list DG{needed}")
    sod = read_file(apdus, channel, lds.EF_SOD, "EF.SOD")
    groups = {n: read_file(apdus, channel, lds.DG_FILES[n], f"DG{n}") for n in (1, 13)}
    tell("checking")
    verification = verify(sod, groups, trust, now=now or datetime.now(UTC))
    mrz, dg13 = lds.parse_dg1(groups[1]), lds.parse_dg13(groups[13])
    return ChipRead(identity_from(dg13, mrz), dg13, mrz, verification, params.name, apdus.sent)
