"""The chip on a citizen ID card (CCCD): the reader boundary, a simulator, the DG13 mapping.

The CCCD chip is an ICAO 9303 eMRTD: a reader opens it with PACE using the
Card Access Number (CAN: the last 6 digits of the ID number), then reads
DG13, Viet Nam's data group with the ID, name, birth date, sex, residence,
issue and expiry dates and more. Readers on the market are driven through
vendor SDKs or PC/SC. This module fixes the kiosk's side of that boundary:
``IdChipReader.read_card(can)`` returns a ``CitizenIdentity`` or raises
``DeviceError``. Real PACE reading is not implemented yet; the simulator
stands in for demos and tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from devices.base import DeviceError, DeviceStatus, Health, Problem
from devices.cccd import ID_PATTERN, CitizenIdentity

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
            Problem.FAULT, f"the card's data group 13 is not as expected ({exc.__class__.__name__})"
        ) from None
    if not ID_PATTERN.match(identity.id_number) or not identity.full_name:
        raise DeviceError(Problem.FAULT, "the card's data group 13 has no valid ID number or name")
    return identity


@dataclass
class SimulatedIdReader:
    """A reader with an (invented) card on it, or none; checks the CAN like a real chip."""

    card: CitizenIdentity | None = None
    plugged: bool = True
    name: str = "simulated ID-card reader"
    kind: str = "id_reader"

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def status(self) -> DeviceStatus:
        if not self.plugged:
            return DeviceStatus(Health.OFFLINE, Problem.UNPLUGGED, "unplugged (simulated)")
        return DeviceStatus.ok("card present" if self.card else "ready, no card")

    def read_card(self, can: str) -> CitizenIdentity:
        if not self.plugged:
            raise DeviceError(Problem.UNPLUGGED, "the reader is unplugged")
        if self.card is None:
            raise DeviceError(Problem.NO_CARD, "no card on the reader")
        if can != self.card.id_number[-6:]:
            # PACE fails with a wrong CAN; the chip says nothing more.
            raise DeviceError(Problem.FAULT, "the card did not accept the access number")
        return self.card
