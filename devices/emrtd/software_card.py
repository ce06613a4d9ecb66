"""A virtual eMRTD: the card's side of PACE, secure messaging and the file system.

The demo's simulated chip reader and the tests talk to it through the same
transport interface as a PC/SC reader, so they walk the real protocol: the
kiosk's PACE, secure messaging, file reads and passive authentication run
unchanged against it. It can also misbehave on purpose: leave the reader
after a number of commands, or refuse a PACE variant.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from ecdsa import ellipticcurve

from devices.emrtd import card_access, tlv
from devices.emrtd.domain import PaceParameters
from devices.emrtd.lds import EMRTD_AID
from devices.emrtd.pace import (
    PASSWORD_CAN,
    TAG_DYNAMIC,
    TAG_EPH_PCD,
    TAG_EPH_PICC,
    TAG_MAP_PCD,
    TAG_MAP_PICC,
    TAG_NONCE,
    TAG_TOKEN_PCD,
    TAG_TOKEN_PICC,
    mapped_generator,
    password_key,
    random_scalar,
    session_keys,
    shared_secret,
    token,
)
from devices.emrtd.secure_messaging import SM_CLA, SW_SM_WRONG, SecureChannel, SecureMessagingError
from devices.emrtd.transport import SW_OK, CardGoneError, Command

SW_WRONG_LENGTH, SW_NOT_SATISFIED, SW_WRONG_DATA = 0x6700, 0x6982, 0x6A80
SW_NOT_FOUND, SW_WRONG_P1P2, SW_NO_INS, SW_CONDITIONS = 0x6A82, 0x6B00, 0x6D00, 0x6985
SW_AUTH_FAILED = 0x63C2  # two tries left, as the card tells the kiosk (the kiosk counts its own)


@dataclass
class _Pace:
    params: PaceParameters
    k_pi: bytes
    nonce: int = 0
    step: int = 0
    generator: ellipticcurve.PointJacobi | None = None
    own_eph: ellipticcurve.PointJacobi | None = None
    their_eph: ellipticcurve.PointJacobi | None = None
    k_mac: bytes = b""
    k_enc: bytes = b""


@dataclass
class SoftwareCard:
    files: dict[int, bytes]  # by file identifier, EF.CardAccess (011C) included
    password: bytes  # the CAN as ASCII digits (or an MRZ key, with password_kind 1)
    offered: list[PaceParameters]
    password_kind: int = PASSWORD_CAN
    scalar: Callable[[int], int] = random_scalar
    nonce: Callable[[], bytes] = field(default=lambda: secrets.token_bytes(16))
    leaves_after: int | None = None  # commands answered before the card is taken away
    answered: int = 0
    _selected: int | None = None
    _in_application: bool = False
    _pace: _Pace | None = None
    _channel: SecureChannel | None = None

    def __post_init__(self) -> None:
        self.files.setdefault(card_access.FILE_ID, card_access.encode(self.offered))

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self.leaves_after is not None and self.answered >= self.leaves_after:
            raise CardGoneError("the card was taken off the reader")
        self.answered += 1
        try:
            command = Command.decode(apdu)
        except ValueError:
            return b"", SW_WRONG_LENGTH
        if command.cla & SM_CLA:
            return self._protected(command)
        if command.ins in (0xA4, 0xB0) and self._channel is not None:
            self._channel = None  # a plain command ends secure messaging, as on a real chip
        return self._plain(command)

    def _protected(self, command: Command) -> tuple[bytes, int]:
        channel = self._channel
        if channel is None:
            return b"", SW_CONDITIONS
        try:
            inner = channel.open_command(command)
        except SecureMessagingError:
            self._channel = None
            return b"", SW_SM_WRONG
        data, sw = self._execute(inner, protected=True)
        return channel.protect_answer(data, sw), SW_OK

    def _plain(self, command: Command) -> tuple[bytes, int]:
        if command.ins == 0x22:
            return self._set_at(command)
        if command.ins == 0x86:
            return self._authenticate(command)
        return self._execute(command, protected=False)

    def _execute(self, command: Command, *, protected: bool) -> tuple[bytes, int]:
        if command.ins == 0xA4:
            return self._select(command, protected)
        if command.ins == 0xB0:
            return self._read(command, protected)
        return b"", SW_NO_INS

    def _select(self, command: Command, protected: bool) -> tuple[bytes, int]:
        if command.p1 == 0x04:
            if command.data != EMRTD_AID:
                return b"", SW_NOT_FOUND
            self._in_application, self._selected = True, None
            return b"", SW_OK
        if command.p1 != 0x02 or len(command.data) != 2:
            return b"", SW_WRONG_P1P2
        fid = int.from_bytes(command.data, "big")
        if fid not in self.files or (fid != card_access.FILE_ID and not self._in_application):
            return b"", SW_NOT_FOUND
        self._selected = fid
        return b"", SW_OK

    def _read(self, command: Command, protected: bool) -> tuple[bytes, int]:
        if self._selected is None:
            return b"", SW_CONDITIONS
        if self._selected != card_access.FILE_ID and not protected:
            return b"", SW_NOT_SATISFIED  # data groups only under secure messaging
        offset = (command.p1 << 8) | command.p2
        if command.p1 & 0x80:
            return b"", SW_WRONG_P1P2
        content = self.files[self._selected]
        if offset > len(content):
            return b"", SW_WRONG_P1P2
        return content[offset : offset + (command.le or 256)], SW_OK

    def _set_at(self, command: Command) -> tuple[bytes, int]:
        if (command.p1, command.p2) != (0xC1, 0xA4):
            return b"", SW_WRONG_P1P2
        try:
            objects = dict(tlv.parse(command.data))
        except tlv.TlvError:
            return b"", SW_WRONG_DATA
        chosen = [p for p in self.offered if p.oid_der == objects.get(0x80)]
        if not chosen or objects.get(0x83) != bytes([self.password_kind]):
            return b"", SW_WRONG_DATA
        params = chosen[0]
        self._pace = _Pace(params, password_key(params.suite, self.password))
        self._channel = None
        return b"", SW_OK

    def _authenticate(self, command: Command) -> tuple[bytes, int]:
        pace = self._pace
        if pace is None:
            return b"", SW_CONDITIONS
        try:
            objects = dict(tlv.parse(tlv.only(command.data, TAG_DYNAMIC)))
            return self._pace_step(pace, objects)
        except (tlv.TlvError, ValueError):
            self._pace = None
            return b"", SW_WRONG_DATA

    def _pace_step(self, pace: _Pace, objects: dict[int, bytes]) -> tuple[bytes, int]:
        params, curve = pace.params, pace.params.curve
        if pace.step == 0 and not objects:
            nonce = self.nonce()
            pace.nonce = int.from_bytes(nonce, "big")
            pace.step = 1
            return _dynamic(TAG_NONCE, params.suite.encrypt(pace.k_pi, nonce)), SW_OK
        if pace.step == 1 and TAG_MAP_PCD in objects:
            key = self.scalar(curve.order)
            pace.generator = mapped_generator(
                params, pace.nonce, key, params.decode_point(objects[TAG_MAP_PCD])
            )
            pace.step = 2
            return _dynamic(TAG_MAP_PICC, params.encode_point(curve.generator * key)), SW_OK
        if pace.step == 2 and TAG_EPH_PCD in objects and pace.generator is not None:
            key = self.scalar(curve.order)
            pace.their_eph = params.decode_point(objects[TAG_EPH_PCD])
            pace.own_eph = pace.generator * key
            pace.k_enc, pace.k_mac = session_keys(params.suite, shared_secret(params, key, pace.their_eph))
            pace.step = 3
            return _dynamic(TAG_EPH_PICC, params.encode_point(pace.own_eph)), SW_OK
        if pace.step == 3 and TAG_TOKEN_PCD in objects and pace.own_eph and pace.their_eph:
            self._pace = None
            if not secrets.compare_digest(objects[TAG_TOKEN_PCD], token(params, pace.k_mac, pace.own_eph)):
                return b"", SW_AUTH_FAILED
            self._channel = SecureChannel(params.suite, pace.k_enc, pace.k_mac)
            return _dynamic(TAG_TOKEN_PICC, token(params, pace.k_mac, pace.their_eph)), SW_OK
        self._pace = None
        return b"", SW_CONDITIONS


def _dynamic(tag: int, value: bytes) -> bytes:
    return tlv.encode(TAG_DYNAMIC, tlv.encode(tag, value))
