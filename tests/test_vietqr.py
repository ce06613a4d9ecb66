"""VietQR payment codes decode field by field, and their CRC checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_app.vietqr import (
    CollectionAccount,
    VietQrError,
    crc16_ccitt_false,
    fields_of,
    parse,
    payment_code,
    reference_text,
)

ACCOUNT = CollectionAccount("970415", "113366668888", "UBND PHUONG SAI GON")


def test_the_crc_is_ccitt_false() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the algorithm's published check value
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_a_payment_code_decodes_field_by_field() -> None:
    code = payment_code(ACCOUNT, amount=100_000, reference="Lệ phí 2.000575 sg-kiosk-01")
    top = parse(code)
    assert top["00"] == "01" and top["01"] == "12"
    assert top["53"] == "704" and top["54"] == "100000" and top["58"] == "VN"
    merchant = fields_of(top["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert fields_of(merchant["01"]) == {"00": "970415", "01": "113366668888"}
    assert fields_of(top["62"]) == {"08": "LE PHI 2.000575 SG-KIOSK-"}  # ASCII, at most 25
    assert list(top) == ["00", "01", "38", "53", "54", "58", "62", "63"]


def test_a_damaged_code_fails_its_crc() -> None:
    code = payment_code(ACCOUNT, amount=8_000, reference="KS")
    damaged = code.replace("8000", "9000")
    with pytest.raises(VietQrError, match="CRC"):
        parse(damaged)


@pytest.mark.parametrize(
    ("bin_", "account"), [("97041", "1"), ("9704155", "1"), ("970415", ""), ("970415", "12 34")]
)
def test_a_wrong_account_is_refused(bin_: str, account: str) -> None:
    with pytest.raises(VietQrError):
        CollectionAccount(bin_, account)


@pytest.mark.parametrize("amount", [0, -1, 10**14])
def test_an_amount_must_be_positive_and_bounded(amount: int) -> None:
    with pytest.raises(VietQrError):
        payment_code(ACCOUNT, amount=amount, reference="x")


@settings(max_examples=80, deadline=None)
@given(amount=st.integers(1, 9_999_999_999_999), reference=st.text(max_size=60))
def test_every_code_round_trips(amount: int, reference: str) -> None:
    top = parse(payment_code(ACCOUNT, amount=amount, reference=reference))
    assert int(top["54"]) == amount
    shown = fields_of(top["62"])["08"] if "62" in top else ""
    assert shown == reference_text(reference) and shown.isascii() and len(shown) <= 25


def test_a_printed_checklist_carries_the_fee_as_a_vietqr_code(services: object) -> None:
    import dataclasses

    from devices.receipt import QrCode
    from kiosk_app.composition import KioskServices
    from kiosk_app.printing import PrintService
    from kiosk_app.settings import PaymentSettings

    assert isinstance(services, KioskServices)
    services.session.touch()
    procedure = services.catalogue.catalogue.procedures["2.000575"]  # household business: 100,000 đồng
    services.guide.start(procedure)
    for answer in (True, False):
        services.guide.answer(answer)
    text = services.guide.checklist_text("vi")
    assert text is not None and text.total_fee == 100_000
    payment = PaymentSettings("970415", "113366668888", "UBND PHUONG SAI GON")
    printing = PrintService(
        services.settings.site, None, services.device_health, services.messages, payment=payment
    )
    codes = [b.data for b in printing.checklist_receipt(text, "vi").blocks if isinstance(b, QrCode)]
    assert len(codes) == 1
    top = parse(codes[0])
    assert top["54"] == "100000"
    assert fields_of(fields_of(top["38"])["01"]) == {"00": "970415", "01": "113366668888"}
    assert "2.000575" in fields_of(top["62"])["08"]
    # No account in the site file, or nothing to pay: no code.
    plain = dataclasses.replace(payment, bank_bin="")
    without = PrintService(
        services.settings.site, None, services.device_health, services.messages, payment=plain
    )
    assert not [b for b in without.checklist_receipt(text, "vi").blocks if isinstance(b, QrCode)]
