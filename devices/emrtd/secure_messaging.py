"""Secure messaging after PACE (ICAO 9303-11, 9.8): each APDU encrypted and MACed, with a counter.

The send-sequence counter (SSC) starts at zero when PACE ends and goes up by
one before every command and every answer, so a replayed or reordered APDU
fails its MAC. Both sides are here: the kiosk protects commands and checks
answers; the software card does the reverse with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.emrtd import tlv
from devices.emrtd.cipher import BLOCK, MAC_LENGTH, Suite, pad, unpad
from devices.emrtd.transport import Command

SM_CLA = 0x0C
DO_ENCRYPTED = 0x87  # padding-content indicator 01, then the cryptogram
DO_LE = 0x97
DO_STATUS = 0x99
DO_MAC = 0x8E
SW_SM_MISSING = 0x6987
SW_SM_WRONG = 0x6988


class SecureMessagingError(Exception):
    """An answer that is not properly protected: wrong MAC, missing objects, bad padding."""


@dataclass
class SecureChannel:
    suite: Suite
    k_enc: bytes
    k_mac: bytes
    ssc: int = 0

    def _next(self) -> bytes:
        self.ssc += 1
        return self.ssc.to_bytes(BLOCK, "big")

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return self.suite.encrypt(self.k_enc, pad(data), self.suite.ssc_iv(self.k_enc, ssc))

    def _decrypt(self, ssc: bytes, cryptogram: bytes) -> bytes:
        try:
            return unpad(self.suite.decrypt(self.k_enc, cryptogram, self.suite.ssc_iv(self.k_enc, ssc)))
        except ValueError as exc:
            raise SecureMessagingError(f"an encrypted object does not decrypt: {exc}") from None

    def _mac(self, ssc: bytes, data: bytes) -> bytes:
        return self.suite.mac(self.k_mac, pad(ssc + data))

    # --- the kiosk's side --------------------------------------------------

    def protect(self, command: Command) -> Command:
        if command.ins % 2:
            raise ValueError("odd instruction bytes (DO 85) are not used by this reader")
        ssc = self._next()
        header = pad(bytes([command.cla | SM_CLA, command.ins, command.p1, command.p2]))
        objects = b""
        if command.data:
            objects += tlv.encode(DO_ENCRYPTED, b"\x01" + self._encrypt(ssc, command.data))
        if command.le is not None:
            le = command.le % 256 if command.le <= 256 else command.le % 65536
            objects += tlv.encode(DO_LE, le.to_bytes(1 if command.le <= 256 else 2, "big"))
        mac = self._mac(ssc, header + objects)
        body = objects + tlv.encode(DO_MAC, mac)
        extended = command.le is not None and command.le > 256
        return Command(
            command.cla | SM_CLA, command.ins, command.p1, command.p2, body, 65536 if extended else 256
        )

    def open_answer(self, data: bytes, status_word: int) -> tuple[bytes, int]:
        """The plain answer inside a protected one; SecureMessagingError if it was tampered with."""
        ssc = self._next()
        if not data:
            raise SecureMessagingError(f"the card answered {status_word:04X} without secure messaging")
        try:
            objects = tlv.parse(data)
        except tlv.TlvError as exc:
            raise SecureMessagingError(f"the protected answer is not TLV: {exc}") from None
        tags = [tag for tag, _ in objects]
        if not tags or tags[-1] != DO_MAC or DO_STATUS not in tags:
            raise SecureMessagingError("the protected answer lacks its status or MAC object")
        covered = data[: len(data) - 2 - MAC_LENGTH]
        if self._mac(ssc, covered) != objects[-1][1]:
            raise SecureMessagingError("the answer's MAC is wrong")
        values = dict(objects[:-1])
        inner_status = int.from_bytes(values[DO_STATUS], "big")
        plain = b""
        if DO_ENCRYPTED in values:
            cryptogram = values[DO_ENCRYPTED]
            if cryptogram[:1] != b"\x01":
                raise SecureMessagingError("unknown padding indicator in the answer")
            plain = self._decrypt(ssc, cryptogram[1:])
        return plain, inner_status

    # --- the card's side -----------------------------------------------------

    def open_command(self, command: Command) -> Command:
        ssc = self._next()
        try:
            objects = tlv.parse(command.data)
        except tlv.TlvError as exc:
            raise SecureMessagingError(f"the protected command is not TLV: {exc}") from None
        if not objects or objects[-1][0] != DO_MAC:
            raise SecureMessagingError("the protected command has no MAC object")
        header = pad(bytes([command.cla, command.ins, command.p1, command.p2]))
        covered = command.data[: len(command.data) - 2 - MAC_LENGTH]
        if self._mac(ssc, header + covered) != objects[-1][1]:
            raise SecureMessagingError("the command's MAC is wrong")
        values = dict(objects[:-1])
        data = b""
        if DO_ENCRYPTED in values:
            data = self._decrypt(ssc, values[DO_ENCRYPTED][1:])
        le = None
        if DO_LE in values:
            le = int.from_bytes(values[DO_LE], "big") or (256 if len(values[DO_LE]) == 1 else 65536)
        return Command(command.cla & ~SM_CLA & 0xFF, command.ins, command.p1, command.p2, data, le)

    def protect_answer(self, data: bytes, status_word: int) -> bytes:
        ssc = self._next()
        objects = b""
        if data:
            objects += tlv.encode(DO_ENCRYPTED, b"\x01" + self._encrypt(ssc, data))
        objects += tlv.encode(DO_STATUS, status_word.to_bytes(2, "big"))
        return objects + tlv.encode(DO_MAC, self._mac(ssc, objects))
