"""PACE against the worked example of ICAO Doc 9303 Part 11 (ECDH generic mapping, brainpoolP256r1,
AES-128): every intermediate value and every APDU, byte for byte.

The example opens the chip with the MRZ password. The software card is set
up with the example chip's nonce and private keys, the kiosk's side with the
example terminal's, so the whole conversation must come out exactly as
printed. The values were cross-checked between independent eMRTD test
suites (JMRTD-style Java, Go, Dart, C#).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.emrtd import card_access
from devices.emrtd.cipher import Suite
from devices.emrtd.domain import parameters
from devices.emrtd.pace import (
    PASSWORD_MRZ,
    AccessDeniedError,
    decrypt_nonce,
    establish,
    mapped_generator,
    mrz_password,
    password_key,
    session_keys,
    shared_secret,
    token,
)
from devices.emrtd.software_card import SoftwareCard
from devices.emrtd.transport import Apdus

H = bytes.fromhex
CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
K_PI = H("89DED1B26624EC1E634C1989302849DD")
Z = H("95A3A016522EE98D01E76CB6B98B42C3")
S = H("3F00C4D39D153F2B2A214A078D899B22")
PCD_MAP = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
PICC_MAP = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
PCD_EPH = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
PICC_EPH = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
PICC_MAP_PK = H(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
)
G_TILDE = H(
    "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
    "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"
)
PCD_EPH_PK = H(
    "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
    "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
)
PICC_EPH_PK = H(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
)
K = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
K_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
K_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
T_PCD = H("C2B0BD78D94BA866")
T_PICC = H("3ABB9674BCE93C08")
APDUS = [
    ("0022C1A40F800A04007F00070202040202830101", "", 0x9000),
    ("10860000027C0000", "7C12801095A3A016522EE98D01E76CB6B98B42C3", 0x9000),
    (
        "10860000457C43814104" + "7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00",
        "7C438241" + PICC_MAP_PK.hex().upper(),
        0x9000,
    ),
    ("10860000457C438341" + PCD_EPH_PK.hex().upper() + "00", "7C438441" + PICC_EPH_PK.hex().upper(), 0x9000),
    ("008600000C7C0A8508C2B0BD78D94BA86600", "7C0A86083ABB9674BCE93C08", 0x9000),
]
PARAMS = parameters("0.4.0.127.0.7.2.2.4.2.2", 13)
PASSWORD = mrz_password("T22000129", "640812", "101031")


def scalars(*values: int) -> Iterator[int]:
    return iter(values)


def example_card() -> SoftwareCard:
    chip = scalars(PICC_MAP, PICC_EPH)
    return SoftwareCard(
        {card_access.FILE_ID: CARD_ACCESS},
        PASSWORD,
        [PARAMS],
        password_kind=PASSWORD_MRZ,
        scalar=lambda _order: next(chip),
        nonce=lambda: S,
    )


def test_the_example_card_access_offers_ecdh_gm_aes128_on_brainpool_p256() -> None:
    chosen = card_access.choose(CARD_ACCESS)
    assert chosen == PARAMS and chosen.curve.name == "BRAINPOOLP256r1" and chosen.suite == Suite(128)


def test_each_step_gives_the_published_value() -> None:
    suite = PARAMS.suite
    assert password_key(suite, PASSWORD) == K_PI
    assert decrypt_nonce(suite, K_PI, Z) == int.from_bytes(S, "big")
    generator = mapped_generator(PARAMS, int.from_bytes(S, "big"), PCD_MAP, PARAMS.decode_point(PICC_MAP_PK))
    assert PARAMS.encode_point(generator) == G_TILDE
    assert PARAMS.encode_point(generator * PCD_EPH) == PCD_EPH_PK
    assert PARAMS.encode_point(generator * PICC_EPH) == PICC_EPH_PK
    secret = shared_secret(PARAMS, PCD_EPH, PARAMS.decode_point(PICC_EPH_PK))
    assert secret == K == shared_secret(PARAMS, PICC_EPH, PARAMS.decode_point(PCD_EPH_PK))
    assert session_keys(suite, K) == (K_ENC, K_MAC)
    assert token(PARAMS, K_MAC, PARAMS.decode_point(PICC_EPH_PK)) == T_PCD
    assert token(PARAMS, K_MAC, PARAMS.decode_point(PCD_EPH_PK)) == T_PICC


def test_the_whole_conversation_is_the_published_one_byte_for_byte() -> None:
    apdus = Apdus(example_card(), trace=True)
    terminal = scalars(PCD_MAP, PCD_EPH)
    result = establish(
        apdus, PARAMS, PASSWORD, password_kind=PASSWORD_MRZ, scalar=lambda _order: next(terminal)
    )
    sent = [(command.hex().upper(), answer.hex().upper(), sw) for command, answer, sw in apdus.log]
    assert sent == APDUS
    channel = result.channel
    assert (channel.k_enc, channel.k_mac, channel.ssc) == (K_ENC, K_MAC, 0)


def test_a_wrong_password_is_refused_by_the_chip_at_the_token() -> None:
    apdus = Apdus(example_card(), trace=True)
    wrong = mrz_password("T22000129", "640812", "101030")
    with pytest.raises(AccessDeniedError):
        establish(apdus, PARAMS, wrong, password_kind=PASSWORD_MRZ)
    assert apdus.log[-1][0].startswith(bytes.fromhex("0086")) and apdus.log[-1][2] >> 4 == 0x63C


def test_a_point_off_the_curve_is_refused() -> None:
    bad = bytearray(PICC_MAP_PK)
    bad[-1] ^= 1
    with pytest.raises(ValueError, match="not on the agreed curve"):
        PARAMS.decode_point(bytes(bad))
