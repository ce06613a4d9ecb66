"""The PC/SC ID-card reader: the real libpcsclite where it can run, a recording stand-in for a reader."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from devices.base import DeviceError, DeviceProblem, Health
from devices.emrtd.issuing import CardHolder, SampleIssuer, software_card
from devices.id_reader import CardConnection, PcscIdReader
from devices.pcsc import (
    SCARD_E_NO_SERVICE,
    SCARD_E_NO_SMARTCARD,
    SCARD_W_REMOVED_CARD,
    PcscError,
    describe,
    load_library,
)


def test_the_system_library_answers_and_a_missing_service_is_named() -> None:
    # CI machines have libpcsclite1 but no pcscd running: the real call must say so.
    if load_library() is None:
        pytest.fail("libpcsclite1 should be installed by dev.sh")
    status = PcscIdReader("system reader").status()
    if status.health is Health.OFFLINE:
        assert "pcscd" in status.detail or "reader" in status.detail
    else:  # a machine with pcscd and a reader, but no country signing CA configured here
        assert status.health is Health.DEGRADED and "country_signing_ca" in status.detail


def test_error_codes_have_words() -> None:
    assert "pcscd" in describe(SCARD_E_NO_SERVICE)
    assert PcscError(SCARD_E_NO_SMARTCARD, "x").no_card
    assert "0x80100099" in describe(0x80100099)


class Card:
    """A card that answers every command with one status word."""

    def __init__(self, answer: int) -> None:
        self.answer = answer
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        return b"", self.answer


class Context:
    """PC/SC as the reader sees it, with a card (a software one for whole reads) or none."""

    def __init__(self, readers: list[str], card: CardConnection | None) -> None:
        self._readers = readers
        self.card = card
        self.closed = 0
        self.connected: list[str] = []

    def readers(self) -> list[str]:
        return self._readers

    @contextmanager
    def connect(self, reader: str) -> Iterator[CardConnection]:
        self.connected.append(reader)
        if self.card is None:
            raise PcscError(SCARD_E_NO_SMARTCARD, "connecting to the card")
        yield self.card

    def close(self) -> None:
        self.closed += 1


HOLDER = CardHolder("079090001234", "NGUYỄN VĂN AN", date(1990, 3, 15), "Nam", "12 Lê Lợi",
                    date(2021, 4, 20), date(2030, 3, 15))  # fmt: skip


@pytest.fixture(scope="module")
def issuer() -> SampleIssuer:
    return SampleIssuer.generate("PC/SC tests CSCA")


@pytest.fixture
def trust_file(issuer: SampleIssuer, tmp_path: Path) -> Path:
    path = tmp_path / "csca.pem"
    path.write_bytes(issuer.csca_pem())
    return path


def reader_with(context: Context, name_filter: str = "", trust_file: Path | None = None) -> PcscIdReader:
    return PcscIdReader("pcsc", name_filter, trust_file=trust_file, open_context=lambda: context)


def test_status_is_ok_when_pace_works_and_a_country_signing_ca_is_configured(trust_file: Path) -> None:
    context = Context(
        ["Generic USB Reader 00 00", "ACS ACR1252 Dual Reader [ACR1252 PICC] 01 00"], Card(0x9000)
    )
    status = reader_with(context, "picc", trust_file).status()
    assert status.health is Health.OK, status.detail
    assert "ACR1252" in status.detail and "card present" in status.detail and "PACE" in status.detail
    assert context.connected == ["ACS ACR1252 Dual Reader [ACR1252 PICC] 01 00"] and context.closed == 1


def test_without_a_country_signing_ca_the_reader_is_degraded_and_reads_nothing(tmp_path: Path) -> None:
    status = reader_with(Context(["Reader"], None)).status()
    assert status.health is Health.DEGRADED and "no card" in status.detail
    assert "id_reader.country_signing_ca" in status.detail
    assert not reader_with(Context(["Reader"], None)).can_read_chip
    broken = tmp_path / "broken.pem"
    broken.write_text("not a certificate")
    status = reader_with(Context(["Reader"], None), trust_file=broken).status()
    assert status.health is Health.DEGRADED and "cannot be used" in status.detail


def test_no_matching_reader_lists_what_was_seen() -> None:
    status = reader_with(Context(["Generic USB Reader 00 00"], None), "acr").status()
    assert status.health is Health.OFFLINE and status.problem is DeviceProblem.UNPLUGGED
    assert "Generic USB Reader" in status.detail


def test_a_whole_read_goes_through_pcsc(issuer: SampleIssuer, trust_file: Path) -> None:
    context = Context(["Reader"], software_card(HOLDER, issuer))
    identity = reader_with(context, trust_file=trust_file).read_card("001234")
    assert identity.verified and identity.full_name == "NGUYỄN VĂN AN" and context.closed == 1


class LeavesMidway:
    """A card that pcscd reports removed after a few commands, as SCardTransmit does."""

    def __init__(self, card: CardConnection, after: int) -> None:
        self.card, self.left = card, after

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.left -= 1
        if self.left < 0:
            raise PcscError(SCARD_W_REMOVED_CARD, "sending a command to the card")
        return self.card.transmit(apdu)


def test_a_card_removed_during_a_pcsc_read_is_no_card(issuer: SampleIssuer, trust_file: Path) -> None:
    context = Context(["Reader"], LeavesMidway(software_card(HOLDER, issuer), 9))
    with pytest.raises(DeviceError) as caught:
        reader_with(context, trust_file=trust_file).read_card("001234")
    assert caught.value.problem is DeviceProblem.NO_CARD and context.closed == 1


def test_a_card_that_is_not_an_emrtd_is_not_read(trust_file: Path) -> None:
    with pytest.raises(DeviceError, match=r"no EF\.CardAccess") as caught:
        reader_with(Context(["Reader"], Card(0x6A82)), trust_file=trust_file).read_card("001234")
    assert caught.value.problem is DeviceProblem.FAULT


def test_read_card_without_a_card(trust_file: Path) -> None:
    with pytest.raises(DeviceError) as caught:
        reader_with(Context(["Reader"], None), trust_file=trust_file).read_card("001234")
    assert caught.value.problem is DeviceProblem.NO_CARD
