"""EF.CardAccess: the security protocols a chip offers before anyone is authenticated (9303-11, 9.2).

A DER SET of SecurityInfos; a PACEInfo is SEQUENCE { OID, version (2),
parameterId }. Infos of other protocols (chip authentication, terminal
authentication) are passed over; PACE offers this reader cannot use are kept
with the reason, so a refusal can name what the card wanted.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.emrtd import tlv
from devices.emrtd.domain import (
    ID_PACE,
    PaceParameters,
    UnsupportedPaceError,
    decode_oid,
    encode_oid,
    parameters,
)

FILE_ID = 0x011C
TAG_SET, TAG_SEQUENCE, TAG_OID, TAG_INTEGER = 0x31, 0x30, 0x06, 0x02


@dataclass(frozen=True)
class PaceOffer:
    oid: str
    version: int
    parameter_id: int | None


def offers(card_access: bytes) -> list[PaceOffer]:
    """The PACE offers in EF.CardAccess, in the card's order; ValueError if the file is not one."""
    try:
        infos = tlv.only(card_access, TAG_SET)
        found = []
        for tag, info in tlv.iterate(infos):
            if tag != TAG_SEQUENCE:
                continue
            fields = tlv.parse(info)
            if len(fields) < 2 or fields[0][0] != TAG_OID:
                continue
            oid = decode_oid(fields[0][1])
            if not oid.startswith(ID_PACE + ".") or fields[1][0] != TAG_INTEGER:
                continue
            parameter_id = None
            if len(fields) > 2 and fields[2][0] == TAG_INTEGER:
                parameter_id = int.from_bytes(fields[2][1], "big", signed=True)
            found.append(PaceOffer(oid, int.from_bytes(fields[1][1], "big", signed=True), parameter_id))
    except (tlv.TlvError, ValueError, IndexError) as exc:
        raise ValueError(f"EF.CardAccess is not a set of security infos: {exc}") from None
    return found


def choose(card_access: bytes) -> PaceParameters:
    """The first PACE offer this reader supports; UnsupportedPaceError naming every offer if none."""
    seen = offers(card_access)
    reasons = []
    for offer in seen:
        if offer.version != 2:
            reasons.append(f"{offer.oid}: version {offer.version}")
            continue
        try:
            return parameters(offer.oid, offer.parameter_id)
        except UnsupportedPaceError as exc:
            reasons.append(str(exc))
    if not seen:
        raise UnsupportedPaceError("the card offers no PACE in EF.CardAccess")
    raise UnsupportedPaceError("; ".join(reasons))


def encode(offered: list[PaceParameters]) -> bytes:
    """EF.CardAccess for the software card."""
    infos = b"".join(
        tlv.encode(
            TAG_SEQUENCE,
            tlv.encode(TAG_OID, encode_oid(p.oid))
            + tlv.encode(TAG_INTEGER, b"\x02")
            + tlv.encode(TAG_INTEGER, bytes([p.parameter_id])),
        )
        for p in offered
    )
    return tlv.encode(TAG_SET, infos)
