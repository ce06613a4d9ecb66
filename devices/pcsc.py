"""PC/SC smart-card readers through the system's libpcsclite, with ctypes.

Only the handful of calls the kiosk needs: is the PC/SC service there, which
readers are plugged in, is a card on one, and send it an APDU. No compiled
Python package is involved (pyscard has no wheels), only Debian's
``libpcsclite1`` and the ``pcscd`` service that owns the readers.

Every failure comes back as ``PcscError`` with PC/SC's own code, which the
reader turns into a device status.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# pcsclite on Linux: DWORD is unsigned long, LONG is long, both 64-bit on x86_64.
_DWORD = ctypes.c_ulong
_LONG = ctypes.c_long

SCARD_SCOPE_SYSTEM = 2
SCARD_SHARE_SHARED = 2
SCARD_PROTOCOL_T0 = 1
SCARD_PROTOCOL_T1 = 2
SCARD_LEAVE_CARD = 0

# The codes worth a word of their own (winscard's names).
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_W_REMOVED_CARD = 0x80100069
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_TIMEOUT = 0x8010000A

MAX_RESPONSE = 65538


class PcscError(Exception):
    def __init__(self, code: int, what: str) -> None:
        self.code = code & 0xFFFFFFFF
        super().__init__(f"{what}: {describe(self.code)}")

    @property
    def no_service(self) -> bool:
        return self.code in (SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED)

    @property
    def no_card(self) -> bool:
        return self.code in (SCARD_E_NO_SMARTCARD, SCARD_W_REMOVED_CARD, SCARD_E_TIMEOUT)


_NAMES = {
    SCARD_E_NO_SERVICE: "the PC/SC service (pcscd) is not running",
    SCARD_E_SERVICE_STOPPED: "the PC/SC service (pcscd) stopped",
    SCARD_E_NO_READERS_AVAILABLE: "no card reader is plugged in",
    SCARD_E_UNKNOWN_READER: "the reader went away",
    SCARD_E_READER_UNAVAILABLE: "the reader went away",
    SCARD_E_NO_SMARTCARD: "no card on the reader",
    SCARD_W_REMOVED_CARD: "the card was taken off the reader",
    SCARD_E_TIMEOUT: "no card on the reader",
}


def describe(code: int) -> str:
    return _NAMES.get(code, f"PC/SC error 0x{code:08X}")


class _IoRequest(ctypes.Structure):
    _fields_ = [("dwProtocol", _DWORD), ("cbPciLength", _DWORD)]


def load_library() -> ctypes.CDLL | None:
    """libpcsclite, or None when the system has none (the reader is then reported missing)."""
    name = ctypes.util.find_library("pcsclite") or "libpcsclite.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.SCardEstablishContext.argtypes = [_DWORD, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(_LONG)]
    lib.SCardReleaseContext.argtypes = [_LONG]
    lib.SCardListReaders.argtypes = [_LONG, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(_DWORD)]
    lib.SCardConnect.argtypes = [
        _LONG, ctypes.c_char_p, _DWORD, _DWORD, ctypes.POINTER(_LONG), ctypes.POINTER(_DWORD)
    ]  # fmt: skip
    lib.SCardDisconnect.argtypes = [_LONG, _DWORD]
    lib.SCardTransmit.argtypes = [
        _LONG, ctypes.POINTER(_IoRequest), ctypes.c_char_p, _DWORD,
        ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(_DWORD),
    ]  # fmt: skip
    for function in ("SCardEstablishContext", "SCardReleaseContext", "SCardListReaders", "SCardConnect",
                     "SCardDisconnect", "SCardTransmit"):  # fmt: skip
        getattr(lib, function).restype = _LONG
    return lib


@dataclass
class CardConnection:
    """An open connection to the card on one reader."""

    _lib: ctypes.CDLL
    _handle: int
    protocol: int

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; the response data and the status word (0x9000 is success)."""
        request = _IoRequest(self.protocol, ctypes.sizeof(_IoRequest))
        buffer = ctypes.create_string_buffer(MAX_RESPONSE)
        length = _DWORD(MAX_RESPONSE)
        code = self._lib.SCardTransmit(
            self._handle, ctypes.byref(request), apdu, len(apdu), None, buffer, ctypes.byref(length)
        )
        _check(code, "sending a command to the card")
        response = buffer.raw[: length.value]
        if len(response) < 2:
            raise PcscError(0x80100008, "the card's answer was too short")
        return response[:-2], int.from_bytes(response[-2:], "big")


class Pcsc:
    """One PC/SC context: list readers, connect to a card."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._lib = lib
        context = _LONG()
        code = lib.SCardEstablishContext(SCARD_SCOPE_SYSTEM, None, None, ctypes.byref(context))
        _check(code, "opening PC/SC")
        self._context = context.value

    def close(self) -> None:
        self._lib.SCardReleaseContext(self._context)

    def readers(self) -> list[str]:
        size = _DWORD(0)
        code = self._lib.SCardListReaders(self._context, None, None, ctypes.byref(size))
        if code & 0xFFFFFFFF == SCARD_E_NO_READERS_AVAILABLE:
            return []
        _check(code, "listing readers")
        buffer = ctypes.create_string_buffer(size.value)
        code = self._lib.SCardListReaders(self._context, None, buffer, ctypes.byref(size))
        if code & 0xFFFFFFFF == SCARD_E_NO_READERS_AVAILABLE:
            return []
        _check(code, "listing readers")
        return [name.decode("utf-8", "replace") for name in buffer.raw[: size.value].split(b"\0") if name]

    @contextmanager
    def connect(self, reader: str) -> Iterator[CardConnection]:
        handle, protocol = _LONG(), _DWORD()
        code = self._lib.SCardConnect(
            self._context, reader.encode(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
            ctypes.byref(handle), ctypes.byref(protocol),
        )  # fmt: skip
        _check(code, "connecting to the card")
        try:
            yield CardConnection(self._lib, handle.value, protocol.value)
        finally:
            self._lib.SCardDisconnect(handle.value, SCARD_LEAVE_CARD)


def _check(code: int, what: str) -> None:
    if code != 0:
        raise PcscError(code, what)
