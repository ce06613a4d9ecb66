"""A dossier code read aloud from a receipt reaches the status lookup as the code it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.spoken_code import find_spoken
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.catalogue_cli import shipped_folder
from kiosk_app.messages import MessageCatalogue
from kiosk_app.paths import install_root
from kiosk_app.settings import load_settings

SITE = load_settings(install_root() / "config" / "site-example.yaml").site
VI = dict(
    zip("0123456789", ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"], strict=True)
)
EN = dict(zip("0123456789", ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
              strict=True))  # fmt: skip


def say(code: str, language: str) -> str:
    """A code read character by character, as a recogniser writes it."""
    digits, dot, dash, letter_h = (
        (VI, "chấm", "gạch", "hát") if language == "vi" else (EN, "dot", "dash", "h")
    )
    words = []
    for char in code:
        if char.isdigit():
            words.append(digits[char])
        elif char == ".":
            words.append(dot)
        elif char == "-":
            words.append(dash)
        elif char == "H":
            words.append(letter_h)
        else:
            words.append(char.lower())
    return " ".join(words)


@pytest.mark.parametrize(
    ("said", "code", "rest"),
    [
        (
            "ờ cho tui coi cái hồ sơ mã số không không không chấm không không chấm hai chín chấm hát hai"
            " chín gạch hai năm một hai không ba gạch không không mười hai",
            "000.00.29.H29-251203-0012",
            "ờ cho tui coi cái hồ sơ mã số",
        ),
        (  # tens said as such, a dash said in two words
            "mã hồ sơ không không không chấm không không chấm hai chín chấm H hai chín gạch ngang hai năm"
            " mười hai không một gạch ngang không không hai mươi lăm",
            "000.00.29.H29-251201-0025",
            "mã hồ sơ",
        ),
        (  # typed without marks: "muoi" read both ways, the reading that makes a code wins
            "khong khong khong cham khong khong cham hai chin cham hat hai chin gach hai nam muoi hai"
            " khong mot gach khong khong hai muoi lam",
            "000.00.29.H29-251201-0025",
            "",
        ),
        (
            "uh check dossier zero zero zero dot zero zero dot two nine dot h two nine dash two five one"
            " two zero three dash zero zero one two please",
            "000.00.29.H29-251203-0012",
            "uh check dossier please",
        ),
    ],
)
def test_a_code_read_aloud_is_found(said: str, code: str, rest: str) -> None:
    assert find_spoken(said) == (code, rest)


@pytest.mark.parametrize(
    "said",
    [
        "ba tui năm nay bảy mươi tuổi, hai đứa con, một hai ba bốn năm sáu bảy tám chín mười",
        "one two three four five six seven eight nine ten eleven",
        "hai chín chấm hát hai chín gạch hai năm",  # part of a code is not a code
        "đăng ký khai sinh cho con",
    ],
)
def test_number_words_that_make_no_code_are_left_alone(said: str) -> None:
    assert find_spoken(said) is None


@settings(max_examples=200, deadline=None)
@given(
    unit=st.lists(st.from_regex(r"[0-9]{1,3}|H[0-9]{1,2}", fullmatch=True), min_size=2, max_size=5),
    date=st.from_regex(r"[0-9]{6}", fullmatch=True),
    sequence=st.from_regex(r"[0-9]{4,6}", fullmatch=True),
    language=st.sampled_from(["vi", "en"]),
)
def test_any_code_said_digit_by_digit_comes_back(
    unit: list[str], date: str, sequence: str, language: str
) -> None:
    code = f"{'.'.join(unit)}-{date}-{sequence}"
    assert find_spoken(f"hồ sơ {say(code, language)} xong chưa") == (code, "hồ sơ xong chưa")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    service = CatalogueService(tmp_path_factory.mktemp("live"), shipped_folder(), calendar=WorkCalendar())
    return Assistant(service.load(), site=SITE, messages=MessageCatalogue())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_assistant_looks_up_a_code_read_aloud(assistant: Assistant, language: str) -> None:
    lead = "cho tui coi hồ sơ" if language == "vi" else "check my file"
    said = f"{lead} {say('000.00.29.H29-251203-0012', language)}"
    understood = assistant.ask(said, language).understanding
    assert understood.intent == "check_status"
    assert understood.slots == {"dossier_code": "000.00.29.H29-251203-0012"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_speech_grammar_can_hear_a_code(assistant: Assistant, language: str) -> None:
    heard = {word for phrase in assistant.grammar_phrases(language) for word in phrase.split()}
    code_words = set(say("0123456789.-H", language).split())
    assert code_words <= heard
