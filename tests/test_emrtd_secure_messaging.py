"""AES secure messaging: published vectors, both sides of the code agreeing, and tampering caught."""

from __future__ import annotations

import pytest

from devices.emrtd import tlv
from devices.emrtd.cipher import Suite, pad, unpad
from devices.emrtd.secure_messaging import SecureChannel, SecureMessagingError
from devices.emrtd.transport import Command

H = bytes.fromhex
# A protected response and its keys from gmrtd's secure-messaging tests (AES-128), SSC 0B before it.
RESPONSE = H(
    "8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e00485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7fc54fb46133f184febbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd84244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e04a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5dee8589c38b227ca4cb35810060a7cc76403e990290008e083eb47ef4fa82afc99000"
)


def test_a_command_is_protected_as_the_published_vector() -> None:
    channel = SecureChannel(
        Suite(128), H("cc86415f2ed7e8fd663b754265695ae1"), H("581e84b8ee06c4d3eee30461498d7fb3"), ssc=0xBA
    )
    protected = channel.protect(Command(0x00, 0x22, 0x41, 0xA4, H("800a04007f000702020302028401c3")))
    # The vector has no Le object and ends in a short Le of 00.
    assert protected.encode() == H("0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200")
    assert channel.ssc == 0xBB


def test_a_published_answer_opens_to_its_plain_text() -> None:
    channel = SecureChannel(
        Suite(128), H("a8e85e938514ec67ae33cda3d43d3c48"), H("27f1adeb705a049a305b0c619b14b9b3"), ssc=0x0B
    )
    plain, status = channel.open_answer(RESPONSE[:-2], 0x9000)
    assert status == 0x9000 and len(plain) == 223
    assert plain.startswith(H("a729901d1a71874700133107ec53306404307bc3"))


def pair(bits: int = 128) -> tuple[SecureChannel, SecureChannel]:
    keys = bytes(range(bits // 8)), bytes(range(1, bits // 8 + 1))
    return SecureChannel(Suite(bits), *keys), SecureChannel(Suite(bits), *keys)


@pytest.mark.parametrize("bits", [128, 192, 256])
@pytest.mark.parametrize("le", [None, 8, 256, 1000])
def test_kiosk_and_card_sides_agree(bits: int, le: int | None) -> None:
    kiosk, card = pair(bits)
    for round_ in range(3):  # the counter moves on both sides in step
        command = Command(0x00, 0xB0, 0x00, round_, b"" if round_ % 2 else b"\x01\x1e", le)
        opened = card.open_command(kiosk.protect(command))
        assert opened == command
        answer = card.protect_answer(bytes(range(round_ * 40)), 0x9000)
        assert kiosk.open_answer(answer, 0x9000) == (bytes(range(round_ * 40)), 0x9000)


def test_a_flipped_bit_a_replay_and_a_bare_status_are_refused() -> None:
    kiosk, card = pair()
    answer = bytearray(card.protect_answer(b"secret data", 0x9000))
    answer[5] ^= 0x01
    with pytest.raises(SecureMessagingError, match="MAC"):
        kiosk.open_answer(bytes(answer), 0x9000)
    kiosk, card = pair()
    first = card.protect_answer(b"one", 0x9000)
    assert kiosk.open_answer(first, 0x9000)[0] == b"one"
    with pytest.raises(SecureMessagingError, match="MAC"):  # the same answer again: the counter moved
        kiosk.open_answer(first, 0x9000)
    with pytest.raises(SecureMessagingError, match="without secure messaging"):
        kiosk.open_answer(b"", 0x6988)
    with pytest.raises(SecureMessagingError, match="status or MAC"):
        kiosk.open_answer(tlv.encode(0x99, b"\x90\x00"), 0x9000)


def test_padding_is_iso_9797_method_2() -> None:
    assert pad(b"") == H("80") + bytes(15)
    assert len(pad(bytes(16))) == 32 and unpad(pad(b"abc\x00")) == b"abc\x00"
    with pytest.raises(ValueError):
        unpad(bytes(16))
