"""The chip on a citizen ID card (CCCD): the reader boundary, a simulator, the DG13 mapping.

The CCCD chip is an ICAO 9303 eMRTD: a reader opens it with PACE using the
Card Access Number (CAN: the last 6 digits of the ID number), then reads
DG13, Viet Nam's data group with the ID, name, birth date, sex, residence,
issue and expiry dates and more. Readers on the market are driven through
vendor SDKs or PC/SC. This module fixes the kiosk's side of that boundary:
``IdChipReader.read_card(can)`` returns a ``CitizenIdentity`` or raises
``DeviceError``. ``PcscIdReader`` finds PC/SC readers and cards and checks
that a card carries the eMRTD application; PACE and reading DG13 are not
implemented yet, so it says so instead of pretending. The simulator stands in
for demos and tests.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from devices.base import DeviceError, DeviceProblem, DeviceStatus, Health
from devices.cccd import ID_PATTERN, CitizenIdentity
from devices.pcsc import Pcsc, PcscError, load_library

# DG13 is a sequence of numbered fields. The numbering below follows public
# descriptions of the card and is *unverified*: correct it here, in data.
DG13_FIELDS = {
    "id_number": 1,
    "full_name": 2,
    "date_of_birth": 3,
    "sex": 4,
    "residence": 9,
    "issue_date": 10,
    "old_id_number": 15,
}
SEX_WORDS = {"nam": "male", "nữ": "female", "nu": "female"}


class IdChipReader(Protocol):
    name: str
    kind: str
    can_read_chip: bool  # False while an adapter can see cards but not yet open them

    def open(self) -> None: ...
    def close(self) -> None: ...
    def status(self) -> DeviceStatus: ...
    def read_card(self, can: str) -> CitizenIdentity: ...


def _dg13_date(text: str) -> date:
    day, month, year = (int(part) for part in text.replace("-", "/").split("/"))
    return date(year, month, day)


def identity_from_dg13(fields: Mapping[int, str]) -> CitizenIdentity:
    """DG13's numbered text fields -> a checked identity; DeviceError(FAULT) if they do not make one."""
    try:
        id_number = fields[DG13_FIELDS["id_number"]].strip()
        sex = SEX_WORDS[fields[DG13_FIELDS["sex"]].strip().casefold()]
        identity = CitizenIdentity(
            id_number=id_number,
            full_name=fields[DG13_FIELDS["full_name"]].strip(),
            date_of_birth=_dg13_date(fields[DG13_FIELDS["date_of_birth"]].strip()),
            sex=sex,
            address=fields[DG13_FIELDS["residence"]].strip(),
            issue_date=_dg13_date(fields[DG13_FIELDS["issue_date"]].strip()),
            old_id_number=fields.get(DG13_FIELDS["old_id_number"], "").strip() or None,
        )
    except (KeyError, ValueError) as exc:
        raise DeviceError(
            DeviceProblem.FAULT, f"the card's data group 13 is not as expected ({exc.__class__.__name__})"
        ) from None
    if not ID_PATTERN.match(identity.id_number) or not identity.full_name:
        raise DeviceError(DeviceProblem.FAULT, "the card's data group 13 has no valid ID number or name")
    return identity


@dataclass
class SimulatedIdReader:
    """A reader with an (invented) card on it, or none; checks the CAN like a real chip."""

    card: CitizenIdentity | None = None
    plugged: bool = True
    name: str = "simulated ID-card reader"
    kind: str = "id_reader"
    can_read_chip: bool = True

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def status(self) -> DeviceStatus:
        if not self.plugged:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, "unplugged (simulated)")
        return DeviceStatus.ok("card present" if self.card else "ready, no card")

    def read_card(self, can: str) -> CitizenIdentity:
        if not self.plugged:
            raise DeviceError(DeviceProblem.UNPLUGGED, "the reader is unplugged")
        if self.card is None:
            raise DeviceError(DeviceProblem.NO_CARD, "no card on the reader")
        if can != self.card.id_number[-6:]:
            # PACE fails with a wrong CAN; the chip says nothing more.
            raise DeviceError(DeviceProblem.FAULT, "the card did not accept the access number")
        # The demo's chip stands in for PACE + passive authentication (ICAO 9303-11).
        return dataclasses.replace(self.card, verified=True)


# SELECT the ICAO eMRTD application by its AID (ICAO 9303-10), no answer data wanted.
SELECT_EMRTD = bytes.fromhex("00A4040C07A0000002471001")
SW_OK = 0x9000


class CardConnection(Protocol):
    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


class PcscContext(Protocol):
    """What the reader needs of PC/SC (``devices.pcsc.Pcsc``; tests pass a recording stand-in)."""

    def readers(self) -> list[str]: ...
    def connect(self, reader: str) -> AbstractContextManager[CardConnection]: ...
    def close(self) -> None: ...


def system_pcsc() -> PcscContext:
    """A context on the system's PC/SC service; DeviceError when there is no library or no service."""
    lib = load_library()
    if lib is None:
        raise DeviceError(DeviceProblem.FAULT, "libpcsclite is not installed (Debian package libpcsclite1)")
    try:
        return Pcsc(lib)
    except PcscError as exc:
        raise DeviceError(
            DeviceProblem.UNPLUGGED if exc.no_service else DeviceProblem.FAULT, str(exc)
        ) from None


class PcscIdReader:
    """A PC/SC reader. Finds the reader and the card; reading the chip (PACE, DG13) is not there yet."""

    kind = "id_reader"
    can_read_chip = False

    def __init__(
        self, name: str, reader_filter: str = "", *, open_context: Callable[[], PcscContext] = system_pcsc
    ) -> None:
        self.name = name
        self._filter = reader_filter.casefold()
        self._open_context = open_context

    def open(self) -> None:
        """Each check opens and releases its own PC/SC context, so a restarted pcscd is no problem."""

    def close(self) -> None:
        """Nothing stays open between checks."""

    def _reader(self, pcsc: PcscContext) -> str:
        readers = pcsc.readers()
        wanted = [r for r in readers if self._filter in r.casefold()]
        if not wanted:
            seen = ", ".join(readers) if readers else "none"
            raise DeviceError(
                DeviceProblem.UNPLUGGED, f"no matching card reader is plugged in (seen: {seen})"
            )
        return wanted[0]

    def status(self) -> DeviceStatus:
        try:
            pcsc = self._open_context()
        except DeviceError as exc:
            return DeviceStatus(Health.OFFLINE, exc.problem, str(exc))
        try:
            reader = self._reader(pcsc)
            try:
                with pcsc.connect(reader):
                    card = "card present"
            except PcscError as exc:
                if not exc.no_card:
                    return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, f"{reader}: {exc}")
                card = "no card"
        except DeviceError as exc:
            return DeviceStatus(Health.OFFLINE, exc.problem, str(exc))
        except PcscError as exc:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, str(exc))
        finally:
            pcsc.close()
        detail = f"{reader}, {card}; reading the chip (PACE) is not implemented yet"
        return DeviceStatus(Health.DEGRADED, DeviceProblem.FAULT, detail)

    def read_card(self, can: str) -> CitizenIdentity:
        pcsc = self._open_context()
        try:
            reader = self._reader(pcsc)
            with pcsc.connect(reader) as card:
                _, status_word = card.transmit(SELECT_EMRTD)
        except PcscError as exc:
            raise DeviceError(
                DeviceProblem.NO_CARD if exc.no_card else DeviceProblem.FAULT, str(exc)
            ) from None
        finally:
            pcsc.close()
        if status_word != SW_OK:
            answer = f"{status_word:04X}"
            raise DeviceError(DeviceProblem.FAULT, f"not an ID card with a chip (SELECT answered {answer})")
        raise DeviceError(
            DeviceProblem.FAULT, "reading the chip needs PACE, which this version does not implement"
        )
