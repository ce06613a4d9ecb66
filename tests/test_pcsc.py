"""The PC/SC ID-card reader: the real libpcsclite where it can run, a recording stand-in for a reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from devices.base import DeviceError, DeviceProblem, Health
from devices.id_reader import SELECT_EMRTD, PcscIdReader
from devices.pcsc import SCARD_E_NO_SERVICE, SCARD_E_NO_SMARTCARD, PcscError, describe, load_library


def test_the_system_library_answers_and_a_missing_service_is_named() -> None:
    # CI machines have libpcsclite1 but no pcscd running: the real call must say so.
    if load_library() is None:
        pytest.fail("libpcsclite1 should be installed by dev.sh")
    status = PcscIdReader("system reader").status()
    if status.health is Health.OFFLINE:
        assert "pcscd" in status.detail or "reader" in status.detail
    else:  # a machine with pcscd and a reader: it must not claim to read chips
        assert status.health is Health.DEGRADED and "PACE" in status.detail


def test_error_codes_have_words() -> None:
    assert "pcscd" in describe(SCARD_E_NO_SERVICE)
    assert PcscError(SCARD_E_NO_SMARTCARD, "x").no_card
    assert "0x80100099" in describe(0x80100099)


class Card:
    def __init__(self, answer: int) -> None:
        self.answer = answer
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        return b"", self.answer


class Context:
    def __init__(self, readers: list[str], card: Card | None) -> None:
        self._readers = readers
        self.card = card
        self.closed = 0
        self.connected: list[str] = []

    def readers(self) -> list[str]:
        return self._readers

    @contextmanager
    def connect(self, reader: str) -> Iterator[Card]:
        self.connected.append(reader)
        if self.card is None:
            raise PcscError(SCARD_E_NO_SMARTCARD, "connecting to the card")
        yield self.card

    def close(self) -> None:
        self.closed += 1


def reader_with(context: Context, name_filter: str = "") -> PcscIdReader:
    return PcscIdReader("pcsc", name_filter, open_context=lambda: context)


def test_status_names_the_reader_and_the_card_and_admits_what_it_cannot_do() -> None:
    context = Context(
        ["Generic USB Reader 00 00", "ACS ACR1252 Dual Reader [ACR1252 PICC] 01 00"], Card(0x9000)
    )
    status = reader_with(context, "picc").status()
    assert status.health is Health.DEGRADED
    assert "ACR1252" in status.detail and "card present" in status.detail and "PACE" in status.detail
    assert context.connected == ["ACS ACR1252 Dual Reader [ACR1252 PICC] 01 00"] and context.closed == 1


def test_no_matching_reader_lists_what_was_seen() -> None:
    status = reader_with(Context(["Generic USB Reader 00 00"], None), "acr").status()
    assert status.health is Health.OFFLINE and status.problem is DeviceProblem.UNPLUGGED
    assert "Generic USB Reader" in status.detail


def test_no_card_is_not_a_fault() -> None:
    status = reader_with(Context(["Reader"], None)).status()
    assert status.health is Health.DEGRADED and "no card" in status.detail


def test_read_card_selects_the_emrtd_application_then_says_pace_is_missing() -> None:
    card = Card(0x9000)
    context = Context(["Reader"], card)
    with pytest.raises(DeviceError, match="PACE") as caught:
        reader_with(context).read_card("001234")
    assert card.sent == [SELECT_EMRTD] and caught.value.problem is DeviceProblem.FAULT and context.closed == 1


def test_a_card_without_the_application_is_not_an_id_card() -> None:
    with pytest.raises(DeviceError, match="6A82"):
        reader_with(Context(["Reader"], Card(0x6A82))).read_card("001234")


def test_read_card_without_a_card() -> None:
    with pytest.raises(DeviceError) as caught:
        reader_with(Context(["Reader"], None)).read_card("001234")
    assert caught.value.problem is DeviceProblem.NO_CARD
