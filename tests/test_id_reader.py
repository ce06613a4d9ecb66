"""The ID-card chip boundary: the simulator checks the access number; DG13 fields map to an identity."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from devices.base import DeviceError, DeviceProblem, Health
from devices.cccd import CitizenIdentity
from devices.id_reader import SimulatedIdReader, protocol_self_check

CARD = CitizenIdentity(
    "079090001234", "NGUYỄN VĂN AN", date(1990, 3, 15), "male", "12 Lê Lợi", date(2021, 4, 20)
)


def test_the_right_access_number_reads_the_card() -> None:
    reader = SimulatedIdReader(card=CARD)
    assert reader.status().detail == "card present"
    read = reader.read_card("001234")
    # From the chip: verified, unlike the QR, and with the expiry date only the chip gives.
    assert read == dataclasses.replace(CARD, verified=True, expiry_date=read.expiry_date)
    assert read.expiry_date is not None and read.expiry_date > CARD.issue_date
    assert not CARD.verified


@pytest.mark.parametrize(
    ("reader", "can", "problem"),
    [
        (SimulatedIdReader(card=CARD), "999999", DeviceProblem.ACCESS_DENIED),
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


def test_the_simulated_reader_walks_the_real_protocol() -> None:
    reader = SimulatedIdReader(card=CARD)
    stages: list[str] = []
    reader.read_card("001234", stages.append)
    assert stages == ["opening", "reading", "checking"]
    with pytest.raises(DeviceError) as untrusted:
        SimulatedIdReader(card=CARD, trust=[]).read_card("001234")
    assert untrusted.value.problem is DeviceProblem.NOT_AUTHENTIC
    with pytest.raises(DeviceError) as gone:
        SimulatedIdReader(card=CARD, leaves_after=12).read_card("001234")
    assert gone.value.problem is DeviceProblem.NO_CARD


def test_the_protocol_self_check_passes() -> None:
    assert protocol_self_check() == ""
