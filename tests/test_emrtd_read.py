"""The whole chip read against the software card: the real protocol end to end, and every refusal.

Each card is issued by a test issuer generated here; the kiosk trusts that
issuer's country signing CA only where a test says so.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from devices.base import DeviceError, DeviceProblem
from devices.emrtd import card_access, lds, tlv
from devices.emrtd.domain import parameters
from devices.emrtd.issuing import CardHolder, SampleIssuer, card_files, software_card
from devices.emrtd.lds import DataGroupError
from devices.emrtd.passive_auth import NotVerifiedError, load_trust, verify
from devices.emrtd.reader import read_identity
from devices.emrtd.software_card import SoftwareCard
from devices.emrtd.transport import Apdus, Command
from devices.id_reader import read_verified

HOLDER = CardHolder(
    id_number="079190004321",
    full_name="TRẦN THỊ BÍCH NGỌC",
    date_of_birth=date(1991, 7, 9),
    sex="Nữ",
    residence="45 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh",
    issue_date=date(2022, 5, 2),
    expiry_date=date(2031, 7, 9),
    old_id_number="025987654",
    parents=("TRẦN VĂN BA", "LÊ THỊ TƯ"),
)
CAN = "004321"


@pytest.fixture(scope="module")
def issuer() -> SampleIssuer:
    return SampleIssuer.generate("Tests CSCA")


def read(card: SoftwareCard, issuer: SampleIssuer, can: str = CAN) -> object:
    return read_verified(card, can, [issuer.csca])


def refusal(card: SoftwareCard, trust: list, can: str = CAN) -> DeviceError:  # type: ignore[type-arg]
    with pytest.raises(DeviceError) as caught:
        read_verified(card, can, trust)
    message = str(caught.value)
    # What reaches the log names the check, never the citizen.
    assert HOLDER.id_number not in message and "NGỌC" not in message and CAN not in message
    return caught.value


def test_a_card_reads_to_a_verified_identity_and_its_photo_is_never_read(issuer: SampleIssuer) -> None:
    result = read_identity(software_card(HOLDER, issuer), CAN, [issuer.csca])
    identity = result.identity
    assert identity.verified and identity.id_number == HOLDER.id_number
    assert (identity.full_name, identity.date_of_birth, identity.sex) == (
        HOLDER.full_name,
        HOLDER.date_of_birth,
        "female",
    )
    assert identity.address == HOLDER.residence and identity.issue_date == HOLDER.issue_date
    assert identity.expiry_date == HOLDER.expiry_date and identity.old_id_number == "025987654"
    assert result.dg13.fields["parents"] == ("TRẦN VĂN BA", "LÊ THỊ TƯ")
    assert result.dg13.text("ethnicity") == "Kinh"
    assert result.verification.data_groups == (1, 13) and result.verification.hash_algorithm == "sha256"
    assert "Tests CSCA" in result.verification.country_signing_ca
    assert result.protocol == "PACE ECDH-GM AES-128 on BRAINPOOLP256r1"
    assert result.mrz.document_number == HOLDER.id_number[-9:]


class Recording:
    """The software card, with every command the kiosk sent kept."""

    def __init__(self, card: SoftwareCard) -> None:
        self.card = card
        self.commands: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.commands.append(apdu)
        return self.card.transmit(apdu)


def test_every_data_apdu_after_pace_is_protected(issuer: SampleIssuer) -> None:
    recorded = Recording(software_card(HOLDER, issuer))
    read_identity(recorded, CAN, [issuer.csca])
    commands = recorded.commands
    pace_end = max(i for i, c in enumerate(commands) if c[1] == 0x86)
    assert all(c[0] == 0x0C for c in commands[pace_end + 1 :])
    assert all(c[0] & 0x0C == 0 for c in commands[: pace_end + 1])
    assert not any(c[1] == 0xA4 and c.endswith(b"\x01\x02") for c in commands)  # DG2 (photo) never selected


def test_a_wrong_access_number_is_refused_as_such(issuer: SampleIssuer) -> None:
    failed = refusal(software_card(HOLDER, issuer), [issuer.csca], can="004322")
    assert failed.problem is DeviceProblem.ACCESS_DENIED


def count_commands(issuer: SampleIssuer) -> int:
    recorded = Recording(software_card(HOLDER, issuer))
    read_identity(recorded, CAN, [issuer.csca])
    return len(recorded.commands)


def test_a_card_taken_away_at_any_moment_is_no_card(issuer: SampleIssuer) -> None:
    total = count_commands(issuer)
    assert total > 10
    for after in range(total):
        failed = refusal(software_card(HOLDER, issuer, leaves_after=after), [issuer.csca])
        assert failed.problem is DeviceProblem.NO_CARD, after


def test_a_tampered_data_group_fails_its_hash(issuer: SampleIssuer) -> None:
    card = software_card(HOLDER, issuer)
    dg13 = card.files[lds.DG_FILES[13]]
    card.files[lds.DG_FILES[13]] = dg13.replace(b"079190004321", b"079190004329")  # someone else's number
    failed = refusal(card, [issuer.csca])
    assert failed.problem is DeviceProblem.NOT_AUTHENTIC and "DG13 does not match" in str(failed)


def test_a_data_group_signed_whole_by_another_issuer_is_refused(issuer: SampleIssuer) -> None:
    forger = SampleIssuer.generate("Tests CSCA")  # same name, different keys
    failed = refusal(software_card(HOLDER, forger), [issuer.csca])
    assert failed.problem is DeviceProblem.NOT_AUTHENTIC
    assert "not issued by a configured country signing CA" in str(failed)


def test_without_a_configured_ca_nothing_is_verified(issuer: SampleIssuer) -> None:
    failed = refusal(software_card(HOLDER, issuer), [])
    assert failed.problem is DeviceProblem.NOT_AUTHENTIC and "no country signing CA" in str(failed)


def test_a_broken_signature_is_refused(issuer: SampleIssuer) -> None:
    files = card_files(HOLDER, issuer)
    groups = {n: files[lds.DG_FILES[n]] for n in (1, 13)}
    sod = bytearray(files[lds.EF_SOD])
    signature_at = len(sod) - 20  # inside the ECDSA signature at the end of the SignerInfo
    sod[signature_at] ^= 0x40
    with pytest.raises(NotVerifiedError, match=r"signature is wrong|malformed"):
        verify(bytes(sod), groups, [issuer.csca])
    assert verify(files[lds.EF_SOD], groups, [issuer.csca]).data_groups == (1, 13)


def test_an_expired_document_signer_is_refused(issuer: SampleIssuer) -> None:
    files = card_files(HOLDER, issuer)
    groups = {n: files[lds.DG_FILES[n]] for n in (1, 13)}
    later = datetime.now(UTC) + timedelta(days=365 * 11)
    with pytest.raises(NotVerifiedError, match="not in force"):
        verify(files[lds.EF_SOD], groups, [issuer.csca], now=later)


def test_a_card_offering_only_what_the_kiosk_does_not_speak_says_so(issuer: SampleIssuer) -> None:
    card = software_card(HOLDER, issuer)
    # 3DES generic mapping and DH integrated mapping, in EF.CardAccess.
    three_des = tlv.encode(
        0x30,
        tlv.encode(0x06, bytes.fromhex("04007F00070202040201"))
        + tlv.encode(0x02, b"\x02")
        + tlv.encode(0x02, b"\x0d"),
    )
    card.files[card_access.FILE_ID] = tlv.encode(0x31, three_des)
    failed = refusal(card, [issuer.csca])
    assert failed.problem is DeviceProblem.FAULT and "3DES" in str(failed)


def test_the_kiosk_takes_the_first_offer_it_speaks(issuer: SampleIssuer) -> None:
    card = software_card(HOLDER, issuer)
    p256 = parameters("0.4.0.127.0.7.2.2.4.2.2", 12)
    card.offered = [p256]
    card.files[card_access.FILE_ID] = card_access.encode([p256])
    result = read_identity(card, CAN, [issuer.csca])
    assert result.protocol.endswith("NIST256p") and result.identity.verified


def test_pace_with_aes_256_on_brainpool_p384_works_too(issuer: SampleIssuer) -> None:
    card = software_card(HOLDER, issuer)
    strong = parameters("0.4.0.127.0.7.2.2.4.2.4", 16)
    card.offered = [strong]
    card.files[card_access.FILE_ID] = card_access.encode([strong])
    assert read_identity(card, CAN, [issuer.csca]).protocol == "PACE ECDH-GM AES-256 on BRAINPOOLP384r1"


def test_dg13_and_the_mrz_must_agree(issuer: SampleIssuer) -> None:
    other = dataclasses.replace(HOLDER, date_of_birth=date(1991, 7, 10))
    files = card_files(HOLDER, issuer)
    other_files = card_files(other, issuer)
    groups = {1: other_files[lds.DG_FILES[1]], 13: files[lds.DG_FILES[13]]}
    card = software_card(HOLDER, issuer)
    card.files[lds.DG_FILES[1]] = groups[1]
    card.files[lds.EF_SOD] = issuer.sign(groups)  # signed, yet inconsistent
    failed = refusal(card, [issuer.csca])
    assert failed.problem is DeviceProblem.FAULT and "date of birth" in str(failed)


def test_the_trust_file_is_pem_or_der_and_must_hold_cas(issuer: SampleIssuer, tmp_path: Path) -> None:
    pem = tmp_path / "csca.pem"
    pem.write_bytes(issuer.csca_pem() + SampleIssuer.generate("Another").csca_pem())
    assert len(load_trust(pem)) == 2
    der = tmp_path / "csca.der"
    der.write_bytes(issuer.csca.public_bytes(serialization.Encoding.DER))
    assert load_trust(der) == [issuer.csca]
    signer = tmp_path / "signer.pem"
    signer.write_bytes(issuer.document_signer.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(ValueError, match="not a CA"):
        load_trust(signer)


def test_extended_length_commands_encode_and_decode() -> None:
    for command in (
        Command(0, 0xB0, 0, 0, le=65536),
        Command(0, 0xD6, 0, 0, bytes(300), 1000),
        Command(0, 0xA4, 4, 0x0C, bytes(7)),
        Command(0x10, 0x86, 0, 0, b"\x7c\x00", 256),
    ):
        assert Command.decode(command.encode()) == command
    assert Command(0, 0xB0, 0, 0, le=65536).encode() == bytes.fromhex("00B00000000000")


def test_get_response_and_wrong_length_are_followed() -> None:
    class Chatty:
        def __init__(self) -> None:
            self.seen: list[bytes] = []

        def transmit(self, apdu: bytes) -> tuple[bytes, int]:
            self.seen.append(apdu)
            if apdu[1] == 0xB0 and apdu[-1] != 0x05:
                return b"", 0x6C05  # "I have 5 bytes": ask again with Le 05
            if apdu[1] == 0xB0:
                return b"ab", 0x6103  # two now, three more waiting
            return b"cde", 0x9000

    card = Chatty()
    assert Apdus(card).send(Command(0, 0xB0, 0, 0, le=256)) == (b"abcde", 0x9000)
    assert card.seen[-1] == bytes.fromhex("00C0000003")


@pytest.mark.parametrize(
    "fields",
    [
        {16: "a1b2c3d4e5f60718", 99: "whatever a new card adds"},  # numbers the table does not know
        {12: "Không thời hạn"},  # cards issued late in life never expire
    ],
)
def test_dg13_tolerates_unknown_fields_and_unlimited_expiry(fields: dict[int, str]) -> None:
    values: dict[int, str | tuple[str, ...]] = {
        1: "079190004321",
        2: "TRẦN THỊ BÍCH NGỌC",
        3: "09/07/1991",
        4: "Nữ",
        9: "45 Nguyễn Trãi",
        11: "02/05/2022",
        14: (),
    }
    values.update(fields)
    parsed = lds.parse_dg13(lds.encode_dg13(values))
    assert parsed.text("full_name") == "TRẦN THỊ BÍCH NGỌC" and parsed.fields["spouse"] == ()
    assert set(parsed.unknown) == {n for n in fields if n not in lds.DG13_FIELDS}


def test_dg13_without_its_outer_sequence_is_read_too() -> None:
    entries = b"".join(
        tlv.encode(0x30, tlv.encode(0x02, bytes([n])) + tlv.encode(0x0C, v.encode()))
        for n, v in {1: "079190004321", 2: "A B", 3: "09071991", 4: "Nam", 11: "02/05/2022"}.items()
    )
    parsed = lds.parse_dg13(tlv.encode(0x6D, tlv.encode(0x02, b"\x01") + tlv.encode(0x31, entries)))
    assert lds.dg13_date(parsed.text("date_of_birth"), "date of birth") == date(1991, 7, 9)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lds.encode_dg13({1: "079190004321", 2: "A B", 3: "09/07/1991"}), "lacks sex, issue_date"),
        (b"\x6d\x05\x30\x03\x02\x01", "malformed"),
        (b"\x61\x00", "expected one object with tag 6D"),
        (lds.encode_dg13({1: "0791", 2: ("A", "B"), 3: "x", 4: "Nam", 11: "x"}), "holds 2 texts"),
    ],
)
def test_dg13_that_does_not_fit_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DataGroupError, match=reason):
        lds.parse_dg13(data)


def test_the_mrz_check_digits_are_checked() -> None:
    mrz = lds.td1("190004321", "079190004321", "910709", "F", "310709", "TRAN<<THI<BICH<NGOC")
    assert lds.parse_dg1(lds.encode_dg1(mrz)).date_of_birth == "910709"
    broken = mrz[:20] + ("1" if mrz[20] != "1" else "2") + mrz[21:]
    with pytest.raises(DataGroupError, match="check digit"):
        lds.parse_dg1(lds.encode_dg1(broken))
