"""A chip that answers garbage: whatever comes back, the read ends in a DeviceError with a reason.

Hypothesis corrupts one answer of a real read against the software card (its
data, its status word, or both) and throws random bytes at each parser. The
kiosk must never crash, hang or accept the identity.
"""

from __future__ import annotations

from datetime import date

import pytest
from asn1crypto import cms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.base import DeviceError
from devices.emrtd import card_access, lds, tlv
from devices.emrtd.issuing import CardHolder, SampleIssuer, software_card
from devices.emrtd.lds import DataGroupError
from devices.emrtd.passive_auth import NotVerifiedError, verify
from devices.id_reader import read_verified

HOLDER = CardHolder("079090001234", "NGUYỄN VĂN AN", date(1990, 3, 15), "Nam", "12 Lê Lợi",
                    date(2021, 4, 20), date(2030, 3, 15))  # fmt: skip
ISSUER = SampleIssuer.generate("Hostile tests CSCA")
COMMANDS = 26  # a whole read (checked below)


class Corrupting:
    def __init__(self, at: int, data: bytes | None, status: int | None) -> None:
        self.card = software_card(HOLDER, ISSUER)
        self.at, self.data, self.status, self.count = at, data, status, 0

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        answer, sw = self.card.transmit(apdu)
        self.count += 1
        if self.count - 1 == self.at:
            answer = answer if self.data is None else self.data
            sw = sw if self.status is None else self.status
        return answer, sw


def test_a_whole_read_has_the_expected_length() -> None:
    card = Corrupting(-1, None, None)
    assert read_verified(card, "001234", [ISSUER.csca]).verified
    assert card.count == COMMANDS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(0, COMMANDS - 1),
    data=st.one_of(st.none(), st.binary(max_size=300)),
    status=st.one_of(st.none(), st.integers(0, 0xFFFF)),
)
def test_one_corrupted_answer_never_passes_and_never_crashes(
    at: int, data: bytes | None, status: int | None
) -> None:
    card = Corrupting(at, data, status)
    try:
        identity = read_verified(card, "001234", [ISSUER.csca])
    except DeviceError as error:
        assert str(error)  # a reason, for the technician
        return
    # Only a change that did not matter may still read: the identity is then exactly the card's.
    assert (
        identity.verified
        and identity.id_number == HOLDER.id_number
        and identity.full_name == HOLDER.full_name
    )


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parsers_refuse_random_bytes_with_their_own_errors(data: bytes) -> None:
    for parse in (lds.parse_dg13, lds.parse_dg1, lds.data_groups_listed):
        with pytest.raises(DataGroupError):
            parse(data)
    with pytest.raises(ValueError):  # UnsupportedPaceError is one too, naming what was offered
        card_access.choose(data)
    with pytest.raises(NotVerifiedError):
        verify(data, {1: b""}, [ISSUER.csca])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 7))
def test_a_flipped_bit_in_any_signed_byte_is_caught(position: int, bit: int) -> None:
    """Every byte of DG1 and DG13, and of the security object EF.SOD signs, is covered.

    (EF.SOD's own wrapping, such as its version number, is not signed by design.)
    """
    card = software_card(HOLDER, ISSUER)
    sod = card.files[lds.EF_SOD]
    signed = cms.ContentInfo.load(tlv.only(sod, lds.TAG_SOD))["content"]["encap_content_info"]["content"]
    start = sod.index(signed.contents)
    regions = {
        lds.DG_FILES[1]: (0, len(card.files[lds.DG_FILES[1]])),
        lds.DG_FILES[13]: (0, len(card.files[lds.DG_FILES[13]])),
        lds.EF_SOD: (start, start + len(signed.contents)),
    }
    fid = list(regions)[position % 3]
    low, high = regions[fid]
    content = bytearray(card.files[fid])
    content[low + position % (high - low)] ^= 1 << bit
    card.files[fid] = bytes(content)
    with pytest.raises(DeviceError):
        read_verified(card, "001234", [ISSUER.csca])
