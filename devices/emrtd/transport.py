"""Command APDUs, and the one interface every card answers through.

``CardTransport`` is what the protocol needs of a card: send bytes, get the
answer and its status word. The PC/SC connection (``devices.pcsc``) and the
software card both have that shape. ``Apdus`` sits on top of either and
does what ISO 7816-4 leaves to the terminal: fetching the rest of a long
answer (61xx → GET RESPONSE) and sending again with the length the card
asked for (6Cxx).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

SW_OK = 0x9000
SHORT_MAX_DATA = 255
SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536


class CardTransport(Protocol):
    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


class CardGoneError(Exception):
    """The card left the reader (or the reader went away) in the middle of a read."""


class CardRefusedError(Exception):
    """The card answered a command with an error status word."""

    def __init__(self, what: str, status_word: int) -> None:
        self.status_word = status_word
        super().__init__(f"{what}: the card answered {status_word:04X}")


@dataclass(frozen=True)
class Command:
    """One command APDU; ``le`` is how many bytes of answer are wanted (None: none; 256 or 65536: all)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @property
    def extended(self) -> bool:
        return len(self.data) > SHORT_MAX_DATA or (self.le is not None and self.le > SHORT_MAX_LE)

    def encode(self) -> bytes:
        header = bytes([self.cla, self.ins, self.p1, self.p2])
        if len(self.data) > 65535 or (self.le is not None and not 0 < self.le <= EXTENDED_MAX_LE):
            raise ValueError("a command APDU cannot carry that much")
        if not self.extended:
            body = bytes([len(self.data)]) + self.data if self.data else b""
            if self.le is not None:
                body += bytes([self.le % 256])  # 256 is written 00
            return header + body
        # Extended length: a zero byte, then two-byte Lc and/or Le (65536 is written 0000).
        body = b"\x00"
        if self.data:
            body += len(self.data).to_bytes(2, "big") + self.data
        if self.le is not None:
            body += (self.le % 65536).to_bytes(2, "big")
        return header + body

    @classmethod
    def decode(cls, apdu: bytes) -> Command:
        """The card side's reading of an APDU (cases 1 to 4, short and extended)."""
        if len(apdu) < 4:
            raise ValueError("an APDU has at least four bytes")
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:  # short Lc
            lc = body[0]
            data = body[1 : 1 + lc]
            rest = body[1 + lc :]
            if len(data) != lc or len(rest) > 1:
                raise ValueError("the APDU's length byte does not match its data")
            return cls(cla, ins, p1, p2, data, (rest[0] or 256) if rest else None)
        if len(body) == 3:  # extended, Le only
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3], "big") or 65536)
        lc = int.from_bytes(body[1:3], "big")
        data = body[3 : 3 + lc]
        rest = body[3 + lc :]
        if len(data) != lc or len(rest) not in (0, 2):
            raise ValueError("the APDU's length bytes do not match its data")
        return cls(cla, ins, p1, p2, data, (int.from_bytes(rest, "big") or 65536) if rest else None)


@dataclass
class Apdus:
    """Send commands through a transport; counts what went over it, for benchmarks and tests."""

    transport: CardTransport
    sent: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    log: list[tuple[bytes, bytes, int]] = field(default_factory=list)  # kept only when tracing tests
    trace: bool = False

    def send(self, command: Command) -> tuple[bytes, int]:
        data, sw = self._raw(command.encode())
        if sw >> 8 == 0x6C and command.le is not None:  # wrong Le: the card says how many it has
            data, sw = self._raw(
                Command(
                    command.cla, command.ins, command.p1, command.p2, command.data, sw & 0xFF or 256
                ).encode()
            )
        answer = bytearray(data)
        for _ in range(256):  # 61xx: more answer waiting
            if sw >> 8 != 0x61:
                break
            more, sw = self._raw(Command(command.cla & 0x03, 0xC0, 0, 0, le=sw & 0xFF or 256).encode())
            answer += more
        return bytes(answer), sw

    def _raw(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent += 1
        self.bytes_sent += len(apdu)
        data, sw = self.transport.transmit(apdu)
        self.bytes_received += len(data) + 2
        if self.trace:
            self.log.append((apdu, data, sw))
        return data, sw
