"""The cipher suite PACE agreed on: key derivation, padding, encryption and MAC (ICAO 9303-11, 9.7-9.8).

Only the AES suites (128, 192 and 256-bit keys with CMAC) are built: every
CCCD generation offers them, and 3DES is refused with a clear message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

BLOCK = 16  # AES
MAC_LENGTH = 8  # CMAC truncated to 8 bytes (9303-11, 9.8.6)

# Counters of the key derivation function (9303-11, 9.7.1).
KEY_ENC, KEY_MAC, KEY_PASSWORD = 1, 2, 3


@dataclass(frozen=True)
class Suite:
    key_bits: int

    @property
    def key_length(self) -> int:
        return self.key_bits // 8

    def kdf(self, secret: bytes, counter: int) -> bytes:
        """KDF(K, c): SHA-1 for 128-bit keys, SHA-256 for longer ones, cut to the key length."""
        data = secret + counter.to_bytes(4, "big")
        # SHA-1 is what 9303-11 fixes for 128-bit keys: the card derives the same way.
        sha = hashlib.sha1(data) if self.key_bits == 128 else hashlib.sha256(data)  # noqa: S324
        digest = sha.digest()
        return digest[: self.key_length]

    def encrypt(self, key: bytes, data: bytes, iv: bytes = bytes(BLOCK)) -> bytes:
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt(self, key: bytes, data: bytes, iv: bytes = bytes(BLOCK)) -> bytes:
        if not data or len(data) % BLOCK:
            raise ValueError("encrypted data is not a whole number of blocks")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def mac(self, key: bytes, data: bytes) -> bytes:
        cmac = CMAC(algorithms.AES(key))
        cmac.update(data)
        return cmac.finalize()[:MAC_LENGTH]

    def ssc_iv(self, key: bytes, ssc: bytes) -> bytes:
        """The IV of secure messaging: the send-sequence counter encrypted under K_enc."""
        # One block, as 9303-11 specifies: ECB is the right mode for it.
        encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
        return encryptor.update(ssc) + encryptor.finalize()


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros to a whole block."""
    data += b"\x80"
    return data + bytes(-len(data) % BLOCK)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise ValueError("the padding is not ISO/IEC 9797-1 method 2")
    return stripped[:-1]
