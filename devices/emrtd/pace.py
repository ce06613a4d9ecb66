"""PACE with the card access number, the kiosk's side (ICAO 9303-11, 4.4 and Appendix G).

MSE:Set AT names the protocol and the password; then four GENERAL
AUTHENTICATE steps: the chip's nonce, encrypted under a key from the
password; the generic mapping, which turns the nonce into a fresh generator
only the holders of the password can compute; an ephemeral key agreement on
that generator; and the exchange of authentication tokens, which proves
both sides derived the same keys. A wrong access number is found at the
last step, when the chip refuses the kiosk's token.

The pieces are separate functions so the known-answer test can check each
against the worked example.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from ecdsa import ellipticcurve

from devices.emrtd import tlv
from devices.emrtd.cipher import KEY_ENC, KEY_MAC, KEY_PASSWORD, Suite
from devices.emrtd.domain import PaceParameters
from devices.emrtd.secure_messaging import SecureChannel
from devices.emrtd.transport import SW_OK, Apdus, CardRefusedError, Command

PASSWORD_MRZ, PASSWORD_CAN = 1, 2
TAG_DYNAMIC = 0x7C
TAG_NONCE, TAG_MAP_PCD, TAG_MAP_PICC = 0x80, 0x81, 0x82
TAG_EPH_PCD, TAG_EPH_PICC, TAG_TOKEN_PCD, TAG_TOKEN_PICC = 0x83, 0x84, 0x85, 0x86
TAG_PUBLIC_KEY = 0x7F49
# The chip refusing the kiosk's token: the access number was wrong (6300 or 63Cx, or a
# "security status not satisfied" / "wrong data" some cards give instead).
WRONG_PASSWORD_WORDS = (0x6300, 0x6982, 0x6A80)


class AccessDeniedError(Exception):
    """The chip did not accept the access number."""


class NotAuthenticError(Exception):
    """The chip's own token was wrong: it does not hold the keys a genuine card would."""


Scalar = Callable[[int], int]  # order -> a private key in [1, order)


def random_scalar(order: int) -> int:
    return secrets.randbelow(order - 1) + 1


def password_key(suite: Suite, password: bytes) -> bytes:
    """K_pi from the password: the CAN as its ASCII digits, or SHA-1 of the MRZ information."""
    return suite.kdf(password, KEY_PASSWORD)


def mrz_password(document_number: str, birth: str, expiry: str) -> bytes:
    """SHA-1 of the MRZ information with its check digits (for the worked example and MRZ cards)."""
    from devices.emrtd.lds import check_digit

    text = "".join(part + check_digit(part) for part in (document_number, birth, expiry))
    return hashlib.sha1(text.encode("ascii")).digest()  # noqa: S324 - fixed by 9303-11


def decrypt_nonce(suite: Suite, k_pi: bytes, encrypted: bytes) -> int:
    return int.from_bytes(suite.decrypt(k_pi, encrypted), "big")


def mapped_generator(
    params: PaceParameters, nonce: int, own_key: int, their_point: ellipticcurve.PointJacobi
) -> ellipticcurve.PointJacobi:
    """Generic mapping: G~ = s·G + H, with H the shared point of the mapping keys."""
    shared = their_point * own_key
    generator = params.curve.generator * nonce + shared
    if generator == ellipticcurve.INFINITY:
        raise NotAuthenticError("the mapping gave no generator")
    return generator


def shared_secret(params: PaceParameters, own_key: int, their_point: ellipticcurve.PointJacobi) -> bytes:
    point = their_point * own_key
    if point == ellipticcurve.INFINITY:
        raise NotAuthenticError("the key agreement gave no secret")
    return int(point.x()).to_bytes(params.coordinate_length, "big")


def session_keys(suite: Suite, secret: bytes) -> tuple[bytes, bytes]:
    return suite.kdf(secret, KEY_ENC), suite.kdf(secret, KEY_MAC)


def token(params: PaceParameters, k_mac: bytes, point: ellipticcurve.PointJacobi) -> bytes:
    """The authentication token over the other side's ephemeral public key (9303-11, 4.4.3.4)."""
    data = tlv.encode(0x06, params.oid_der) + tlv.encode(0x86, params.encode_point(point))
    return params.suite.mac(k_mac, tlv.encode(TAG_PUBLIC_KEY, data))


def set_at(params: PaceParameters, password: int = PASSWORD_CAN) -> Command:
    data = tlv.encode(0x80, params.oid_der) + tlv.encode(0x83, bytes([password]))
    return Command(0x00, 0x22, 0xC1, 0xA4, data)


def general_authenticate(data: bytes, *, last: bool) -> Command:
    # Command chaining (CLA bit 0x10) on every step but the last.
    return Command(0x00 if last else 0x10, 0x86, 0x00, 0x00, tlv.encode(TAG_DYNAMIC, data), 256)


@dataclass
class PaceResult:
    channel: SecureChannel
    params: PaceParameters


def _step(apdus: Apdus, data: bytes, answer_tag: int, *, last: bool = False) -> bytes:
    answer, sw = apdus.send(general_authenticate(data, last=last))
    if sw != SW_OK:
        if last and (sw in WRONG_PASSWORD_WORDS or sw >> 4 == 0x63C):
            raise AccessDeniedError(f"the chip refused the access number ({sw:04X})")
        raise CardRefusedError("PACE", sw)
    try:
        value = tlv.find(tlv.only(answer, TAG_DYNAMIC), answer_tag)
    except tlv.TlvError as exc:
        raise NotAuthenticError(f"the chip's PACE answer is malformed: {exc}") from None
    if value is None:
        raise NotAuthenticError(f"the chip's PACE answer lacks object {answer_tag:02X}")
    return value


def establish(
    apdus: Apdus,
    params: PaceParameters,
    password: bytes,
    *,
    password_kind: int = PASSWORD_CAN,
    scalar: Scalar = random_scalar,
) -> PaceResult:
    """Run PACE; AccessDeniedError for a wrong password, NotAuthenticError for a chip that fails its proof."""
    _, sw = apdus.send(set_at(params, password_kind))
    if sw != SW_OK:
        raise CardRefusedError("choosing PACE parameters (MSE:Set AT)", sw)
    suite, curve = params.suite, params.curve
    encrypted = _step(apdus, b"", TAG_NONCE)
    try:
        nonce = decrypt_nonce(suite, password_key(suite, password), encrypted)
    except ValueError as exc:
        raise NotAuthenticError(f"the chip's nonce is not an AES cryptogram: {exc}") from None
    try:
        map_key = scalar(curve.order)
        chip_map = params.decode_point(
            _step(
                apdus, tlv.encode(TAG_MAP_PCD, params.encode_point(curve.generator * map_key)), TAG_MAP_PICC
            )
        )
        generator = mapped_generator(params, nonce, map_key, chip_map)
        eph_key = scalar(curve.order)
        own_eph = generator * eph_key
        chip_eph = params.decode_point(
            _step(apdus, tlv.encode(TAG_EPH_PCD, params.encode_point(own_eph)), TAG_EPH_PICC)
        )
    except ValueError as exc:
        raise NotAuthenticError(str(exc)) from None
    if chip_eph == own_eph:  # 9303-11 asks the terminal to check the chip did not echo its key
        raise NotAuthenticError("the chip sent back the kiosk's own key")
    k_enc, k_mac = session_keys(suite, shared_secret(params, eph_key, chip_eph))
    chip_token = _step(
        apdus, tlv.encode(TAG_TOKEN_PCD, token(params, k_mac, chip_eph)), TAG_TOKEN_PICC, last=True
    )
    if not secrets.compare_digest(chip_token, token(params, k_mac, own_eph)):
        raise NotAuthenticError("the chip's authentication token is wrong")
    return PaceResult(SecureChannel(suite, k_enc, k_mac), params)
