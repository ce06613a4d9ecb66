"""The ID-card chip boundary: the simulator checks the access number; DG13 fields map to an identity."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from devices.base import DeviceError, DeviceProblem, Health
from devices.cccd import CitizenIdentity
from devices.id_reader import DG13_FIELDS, SimulatedIdReader, identity_from_dg13

CARD = CitizenIdentity(
    "079090001234", "NGUYỄN VĂN AN", date(1990, 3, 15), "male", "12 Lê Lợi", date(2021, 4, 20)
)


def test_the_right_access_number_reads_the_card() -> None:
    reader = SimulatedIdReader(card=CARD)
    assert reader.status().detail == "card present"
    read = reader.read_card("001234")
    assert read == dataclasses.replace(CARD, verified=True)  # from the chip: verified, unlike the QR
    assert not CARD.verified


@pytest.mark.parametrize(
    ("reader", "can", "problem"),
    [
        (SimulatedIdReader(card=CARD), "999999", DeviceProblem.FAULT),
        (SimulatedIdReader(), "001234", DeviceProblem.NO_CARD),
        (SimulatedIdReader(card=CARD, plugged=False), "001234", DeviceProblem.UNPLUGGED),
    ],
)
def test_failures_are_device_errors(reader: SimulatedIdReader, can: str, problem: DeviceProblem) -> None:
    with pytest.raises(DeviceError) as failed:
        reader.read_card(can)
    assert failed.value.problem is problem
    assert "079090001234" not in str(failed.value)


def test_an_unplugged_reader_is_offline() -> None:
    assert SimulatedIdReader(plugged=False).status().health is Health.OFFLINE


def dg13(**overrides: str) -> dict[int, str]:
    values = {
        "id_number": "079090001234",
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "15/03/1990",
        "sex": "Nam",
        "residence": "12 Lê Lợi, Phường Sài Gòn",
        "issue_date": "20/04/2021",
        "old_id_number": "025123456",
    }
    values.update(overrides)
    return {DG13_FIELDS[name]: value for name, value in values.items()}


def test_dg13_fields_map_to_an_identity() -> None:
    identity = identity_from_dg13(dg13())
    assert identity.date_of_birth == date(1990, 3, 15) and identity.sex == "male"
    assert identity.old_id_number == "025123456" and identity.address.startswith("12 Lê Lợi")
    assert identity_from_dg13(dg13(old_id_number="", sex="Nữ")).old_id_number is None


@pytest.mark.parametrize(
    "broken",
    [{"date_of_birth": "31/02/1990"}, {"sex": "X"}, {"id_number": "12345"}, {"full_name": "  "}],
)
def test_dg13_that_does_not_fit_is_refused(broken: dict[str, str]) -> None:
    with pytest.raises(DeviceError, match="data group 13"):
        identity_from_dg13(dg13(**broken))
