"""E-licence QR payloads as the issuing agencies sign them (see docs/e-licence-qr.md).

claims (CBOR map, CWT keys) -> COSE_Sign1 with EdDSA, key id in the
protected header -> zlib -> Base45 -> ``GPDT1:`` prefix.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

import base45
import cbor2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages.sign1message import Sign1Message

PREFIX = "GPDT1:"
CLAIM_ISSUER = 1
CLAIM_EXPIRES = 4
CLAIM_ISSUED_AT = 6
CLAIM_LICENCE = -70001


@dataclass(frozen=True)
class SigningKey:
    name: str
    private: Ed25519PrivateKey

    @classmethod
    def derived(cls, name: str, seed: int) -> SigningKey:
        """The same key for the same name and seed, so every simulator data folder agrees."""
        secret = hashlib.sha256(f"simulator-key:{seed}:{name}".encode()).digest()
        return cls(name, Ed25519PrivateKey.from_private_bytes(secret))

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def kid(self) -> bytes:
        return hashlib.sha256(self.public_raw).digest()[:8]

    @property
    def kid_text(self) -> str:
        return base64.b64encode(self.kid).decode()


def sign_licence(key: SigningKey, licence: dict[str, object], *, issuer: str, issued_at: datetime) -> str:
    claims = {
        CLAIM_ISSUER: issuer,
        CLAIM_ISSUED_AT: int(issued_at.astimezone(UTC).timestamp()),
        CLAIM_LICENCE: licence,
    }
    message = Sign1Message(
        phdr={Algorithm: EdDSA, KID: key.kid},
        payload=cbor2.dumps(claims),
    )
    raw = key.private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    message.key = OKPKey(crv=Ed25519, x=key.public_raw, d=raw)
    encoded: bytes = base45.b45encode(zlib.compress(message.encode(), 9))
    return PREFIX + encoded.decode("ascii")
