"""The citizen-ID QR parser: real shapes of the payload, clear refusals, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.cccd import PROVINCE_CODES, CitizenIdentity, IdPayloadError, parse_cccd
from tests.catalogue_helpers import ROOT

TODAY = date(2026, 11, 29)
# Invented people, not real ones.
SEVEN = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|20042021"
SIX = "079190004321|TRẦN THỊ BÌNH|01021990|Nữ|45 Lê Duẩn, Phường Sài Gòn, TP. Hồ Chí Minh|10102022"


def test_the_seven_field_form() -> None:
    identity = parse_cccd(SEVEN, today=TODAY)
    assert identity == CitizenIdentity(
        id_number="079090001234",
        old_id_number="025123456",
        full_name="NGUYỄN VĂN AN",
        date_of_birth=date(1990, 3, 15),
        sex="male",
        address="12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        issue_date=date(2021, 4, 20),
    )


def test_the_six_field_form_and_an_empty_old_id() -> None:
    six = parse_cccd(SIX, today=TODAY)
    assert six.old_id_number is None and six.full_name == "TRẦN THỊ BÌNH" and six.sex == "female"
    empty = parse_cccd(SEVEN.replace("|025123456|", "||"), today=TODAY)
    assert empty.old_id_number is None and empty.full_name == "NGUYỄN VĂN AN"


@pytest.mark.parametrize("suffix", ["\r\n", "\n", "\r", "  ", "\t\r\n"])
def test_scanner_line_endings(suffix: str) -> None:
    assert parse_cccd(SEVEN + suffix, today=TODAY).issue_date == date(2021, 4, 20)


def test_decomposed_text_becomes_nfc() -> None:
    identity = parse_cccd(unicodedata.normalize("NFD", SEVEN), today=TODAY)
    assert identity.full_name == "NGUYỄN VĂN AN"
    assert unicodedata.is_normalized("NFC", identity.address)


def test_a_2024_card_with_extra_fields_is_read_by_pattern() -> None:
    # Residence instead of permanent address, and parents' names after the issue date (order unverified).
    payload = "079203001111||LÊ MINH CHÂU|05062003|Nam|Phường Bến Thành, TP. Hồ Chí Minh|01082024|LÊ VĂN HÙNG|PHẠM THỊ LAN"
    identity = parse_cccd(payload, today=TODAY)
    assert identity.date_of_birth == date(2003, 6, 5)
    assert identity.issue_date == date(2024, 8, 1)
    assert identity.address == "Phường Bến Thành, TP. Hồ Chí Minh"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", "6 or more"),
        ("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H29.25-0001", "6 or more"),
        ("07909000123|025123456|A|15031990|Nam|X|20042021", "12-digit ID"),
        ("079090001234|025123456|NGUYỄN VĂN AN|31021990|Nam|X|20042021", "date of birth is not a real date"),
        ("079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|X|20042031", "issue date is in the future"),
        ("079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|X|20041980", "before the date of birth"),
        ("079090001234|025123456|NGUYỄN VĂN AN|15031990|Khác|X|20042021", "no sex field"),
        ("079090001234|025123456|NGUYỄN VĂN AN|15031990|Nữ|X|20042021", "does not match the sex"),
        (
            "079290001234|025123456|NGUYỄN VĂN AN|15031990|Nam|X|20042021",
            "does not match the sex and century",
        ),
        ("079090001234|025123456|15031990|Nam|X|20042021", "no full name"),
        ("079090001234|025123456|NGUYỄN VĂN AN|Nam|X|20042021", "needs a date of birth"),
        ("079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam||20042021", "no address"),
        ("079090001234|025123456|NGUY3N|15031990|Nam|X|20042021", "not made of letters"),
        ("079090001234|025123456|NGUYỄN\x00|15031990|Nam|X|20042021", "control characters"),
        ("|" * 5000, "too long"),
    ],
)
def test_refusals_say_why_without_echoing_the_data(payload: str, reason: str) -> None:
    with pytest.raises(IdPayloadError) as caught:
        parse_cccd(payload, today=TODAY)
    message = str(caught.value)
    assert reason in message
    assert "079090001234" not in message and "NGUYỄN" not in message


names = (
    st.text(alphabet="ABCDEGHIKLMNOPQRSTUVXYĐĂÂÊÔƠƯÁÀẢÃẠẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ ", min_size=2, max_size=40)
    .map(str.strip)
    .filter(lambda n: len(n) >= 2)
)


@settings(max_examples=300, deadline=None)
@given(
    province=st.sampled_from(sorted(int(code) for code in PROVINCE_CODES)),
    born=st.dates(date(1900, 1, 1), date(2026, 11, 1)),
    female=st.booleans(),
    serial=st.integers(0, 999999),
    name=names,
    old=st.one_of(st.none(), st.integers(0, 999_999_999)),
    address=st.text(alphabet="abcdefghiklmnopqrstuvxy0123456789 ,./ạảãàáêệểễềế", min_size=1, max_size=80)
    .map(str.strip)
    .filter(lambda a: any(c.isalpha() for c in a)),
    issued_after_days=st.integers(0, 20000),
    six_fields=st.booleans(),
)
def test_round_trip_of_well_formed_payloads(
    province: int, born: date, female: bool, serial: int, name: str, old: int | None, address: str,
    issued_after_days: int, six_fields: bool,
) -> None:  # fmt: skip
    century_digit = {1900: 0, 2000: 2}[born.year // 100 * 100] + (1 if female else 0)
    id_number = f"{province:03d}{century_digit}{born.year % 100:02d}{serial:06d}"
    issued = date.fromordinal(min(born.toordinal() + issued_after_days, TODAY.toordinal()))
    parts = [
        id_number,
        name,
        born.strftime("%d%m%Y"),
        "Nữ" if female else "Nam",
        address,
        issued.strftime("%d%m%Y"),
    ]
    if not six_fields:
        parts.insert(1, f"{old:09d}" if old is not None else "")
    identity = parse_cccd("|".join(parts), today=TODAY)
    assert identity.id_number == id_number and identity.full_name == name
    assert identity.date_of_birth == born and identity.issue_date == issued
    assert identity.sex == ("female" if female else "male") and identity.address == address
    assert identity.old_id_number == (None if six_fields or old is None else f"{old:09d}")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text_is_parsed_or_refused_clearly(payload: str) -> None:
    try:
        identity = parse_cccd(payload, today=TODAY)
    except IdPayloadError as exc:
        assert str(exc)
    else:
        assert len(identity.id_number) == 12


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["079090001234", "025123456", "15031990", "Nam", "Nữ", "", "A B", "20042021", "x"]),
        max_size=12,
    )
)
def test_fuzz_shuffled_real_fields(fields: list[str]) -> None:
    try:
        identity = parse_cccd("|".join(fields), today=TODAY)
    except IdPayloadError as exc:
        assert str(exc)
    else:  # whatever the order, a parse that succeeds is internally consistent
        assert identity.id_number == fields[0]
        assert identity.date_of_birth <= identity.issue_date <= TODAY


def kiosk_id(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", "id", "parse", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_contract() -> None:
    ok = kiosk_id(SEVEN, "--json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout) == {
        "id_number": "079090001234",
        "old_id_number": "025123456",
        "full_name": "NGUYỄN VĂN AN",
        "date_of_birth": "1990-03-15",
        "sex": "male",
        "address": "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        "issue_date": "2021-04-20",
    }
    six = json.loads(kiosk_id(SIX, "--json").stdout)
    assert six["old_id_number"] is None and six["sex"] == "female"
    bad = kiosk_id("not|a|card", "--json")
    assert bad.returncode == 2
    assert set(json.loads(bad.stdout)) == {"error"}


# --- payloads a probe got accepted that no card can carry ----------------------------------------


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        # digits 5-6 are the year of birth: 1990, not 1985
        ("079085001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "year of birth"),
        ("999090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "province code"),
        ("000090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "province code"),
        ("003090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "province code"),
        ("079001001234|025123456|NGUYỄN VĂN AN|01010001|Nam|12 Lê Lợi|20042021", "before 1900"),
        ("079899001234|025123456|NGUYỄN VĂN AN|15031899|Nam|12 Lê Lợi|20042021", "before 1900"),
        # Arabic-Indic digits in the ID, the old ID and a date
        ("٠٧٩٠٩٠٠٠١٢٣٤|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "12-digit ID"),
        ("079090001234|025123456|NGUYỄN VĂN AN|١٥٠٣١٩٩٠|Nam|12 Lê Lợi|20042021", "date of birth"),
        # fields in an order no card uses: the name would become "Nam" and the address the name
        ("079090001234|Nam|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021", "more than one field"),
        ("079090001234|Nam|15031990|NGUYỄN VĂN AN|12 Lê Lợi|20042021", "not made of letters"),
        ("079090001234|NGUYỄN VĂN AN|15031990|12 Lê Lợi|Nam|20042021", "no sex field"),
        ("079090001234|NGUYỄN VĂN AN|15031990|Nam|20042021|12 Lê Lợi", "no address"),
        # invisible characters that reorder or hide text
        ("079090001234|NGUYỄN \u202eNA NĂV|15031990|Nam|12 Lê Lợi|20042021", "control characters"),
        ("079090001234|NGUYỄN VĂN AN|15031990|Nam|12 Lê\u200b Lợi|20042021", "control characters"),
        ("079090001234|NGUYỄN VĂN AN|15031990|Nam|12 L\udcff Lợi|20042021", "not text"),
    ],
)
def test_payloads_no_card_can_carry_are_refused(payload: str, reason: str) -> None:
    with pytest.raises(IdPayloadError, match=reason):
        parse_cccd(payload, today=TODAY)


def test_undecodable_bytes_never_reach_stdout() -> None:
    payload = "079090001234|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi|20042021".encode().replace(
        b"L\xc3\xaa", b"L\xff"
    )
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "id", "parse", payload, "--json"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    report = json.loads(result.stdout.decode("utf-8"))  # the output is UTF-8, whatever came in
    assert "not text" in report["error"]
