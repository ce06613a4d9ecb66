"""Understanding typed or recognised text: utterance sets written as people speak, and the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.intents import INTENTS, IntentFileError, load_intents
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import load_settings
from tests.catalogue_helpers import run_kiosk

SITE = load_settings(None).site

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from kiosk_app.catalogue_cli import shipped_folder

    service = CatalogueService(tmp_path_factory.mktemp("live"), shipped_folder(), calendar=WorkCalendar())
    return Assistant(service.load(), site=SITE, messages=MessageCatalogue())


def utterances(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / f"utterances_{language}.yaml").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("language", ["vi", "en"])
def test_sets_are_big_enough_and_cover_every_intent(language: str) -> None:
    data = utterances(language)
    assert len(data["in_domain"]) >= 40 and len(data["out_of_domain"]) >= 20
    assert {intent for _, intent, _ in data["in_domain"]} == set(INTENTS) - {"unknown"}


def accuracy(assistant: Assistant, items: list[list[Any]], language: str) -> float:
    right = 0
    for text, intent, procedure in items:
        got = assistant.ask(text, language).understanding
        right += got.intent == intent and (procedure is None or got.slots.get("procedure") == procedure)
    return right / len(items)


def false_actions(assistant: Assistant, texts: list[str], language: str) -> list[tuple[str, str]]:
    return [
        (text, intent)
        for text in texts
        if (intent := assistant.ask(text, language).understanding.intent) != "unknown"
    ]


# Floors a little under today's figures (bench/assistant_accuracy.py prints them):
# a change to the intent files or the matcher that loses accuracy fails here.
FLOORS = {
    ("vi", "utterances"): 0.93,
    ("en", "utterances"): 0.9,
    ("vi", "heldout"): 0.8,
    ("en", "heldout"): 0.68,
    ("vi", "heldout2"): 0.72,
    ("en", "heldout2"): 0.75,
    ("vi", "fresh"): 0.64,
    ("en", "fresh"): 0.61,
    ("vi", "set4"): 0.59,
    ("en", "set4"): 0.69,
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", ["utterances", "heldout", "heldout2", "fresh", "set4"])
def test_accuracy_stays_above_its_floor(assistant: Assistant, language: str, kind: str) -> None:
    data = yaml.safe_load((DATA / f"{kind}_{language}.yaml").read_text(encoding="utf-8"))
    assert accuracy(assistant, data["in_domain"], language) >= FLOORS[language, kind]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("kind", ["utterances", "heldout", "heldout2", "set4"])
def test_out_of_domain_never_becomes_an_action(assistant: Assistant, language: str, kind: str) -> None:
    data = yaml.safe_load((DATA / f"{kind}_{language}.yaml").read_text(encoding="utf-8"))
    assert false_actions(assistant, data["out_of_domain"], language) == []


def test_diacritics_keep_similar_words_apart(assistant: Assistant) -> None:
    # "cưới" (wedding) names marriage registration; "cười" (laugh) does not.
    assert assistant.ask("đăng ký cưới", "vi").understanding.slots.get("procedure") == "1.000894"
    assert assistant.ask("kể chuyện cười", "vi").understanding.intent == "unknown"
    # Without any diacritics the folded words are all there is, and they still match.
    assert assistant.ask("dang ky khai sinh", "vi").understanding.slots["procedure"] == "1.001193"


def test_a_question_without_a_procedure_uses_the_one_on_screen(assistant: Assistant) -> None:
    alone = assistant.ask("how much does it cost", "en")
    assert alone.understanding.intent == "ask_fee" and "Which procedure" in alone.reply
    shown = assistant.ask("how much does it cost", "en", context_procedure="2.000815.000.00.00.H29")
    assert shown.understanding.slots["procedure"] == "2.000815.000.00.00.H29"
    assert "2,000 VND" in shown.reply


def test_replies_come_from_the_catalogue(assistant: Assistant) -> None:
    procedure = assistant.catalogue.procedures["1.000894"]
    answer = assistant.ask("where do i go for marriage registration", "en")
    assert f"counter {procedure.counter}" in answer.reply.lower()
    docs = assistant.ask("dang ky ket hon can giay to gi", "vi").reply
    first_always = next(d for d in procedure.documents if d.when is None)
    assert first_always.name.get("vi") in docs
    assert assistant.ask("gặp cán bộ ở quầy số 3", "vi").understanding.slots["counter"] == 3


def test_a_broken_intent_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text("language: en\nintents:\n  order_pizza: {cues: [pizza]}\n")
    with pytest.raises(IntentFileError, match="order_pizza"):
        load_intents("en", tmp_path)
    (tmp_path / "vi.yaml").write_text("language: vi\nintents: [\n")
    with pytest.raises(IntentFileError, match=r"vi\.yaml"):
        load_intents("vi", tmp_path)


def test_cli_understand_contract(tmp_path: Path) -> None:
    result = run_kiosk(
        "assistant",
        "understand",
        "lệ phí đăng ký khai sinh bao nhiêu ạ",
        "--lang",
        "vi",
        "--json",
        data=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"intent", "slots", "confidence", "reply"}
    assert data["intent"] == "ask_fee" and data["slots"] == {"procedure": "1.001193"}
    assert 0 <= data["confidence"] <= 1 and data["reply"]
    asked = run_kiosk(
        "assistant", "understand", "what's the weather", "--lang", "en", "--json", data=tmp_path
    )
    unknown = json.loads(asked.stdout)
    assert unknown["intent"] == "unknown" and unknown["slots"] == {}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("tôi không muốn đổi ngôn ngữ", "vi"),
        ("tôi không cần lấy số thứ tự", "vi"),
        ("đừng về trang chủ", "vi"),
        ("I don't want to go home", "en"),
        ("please do not switch to english", "en"),
    ],
)
def test_a_negated_request_does_nothing(assistant: Assistant, text: str, language: str) -> None:
    assert assistant.ask(text, language).understanding.intent == "unknown"


def test_negation_words_elsewhere_are_not_negations(assistant: Assistant) -> None:
    # A question ending in "không?" asks; "không biết" is the help cue itself.
    assert assistant.ask("cho hỏi có lấy số không", "vi").understanding.intent == "take_ticket"
    assert assistant.ask("tôi không biết dùng máy này", "vi").understanding.intent == "help"
    assert assistant.ask("no, go home", "en").understanding.intent == "go_home"


def test_only_real_dossier_codes_send_people_to_the_status_screen(assistant: Assistant) -> None:
    status = assistant.ask("is 000.00.29.h29-251201-0007 ready?", "en").understanding
    assert status.intent == "check_status" and status.slots["dossier_code"] == "000.00.29.H29-251201-0007"
    said = assistant.ask("hồ sơ 38.98.H29-210519-0013 xong chưa", "vi").understanding
    assert said.intent == "check_status" and said.slots["dossier_code"] == "38.98.H29-210519-0013"
    assert assistant.ask("covid-19", "en").understanding.intent == "unknown"
    fee = assistant.ask("fee for birth registration form A-1", "en").understanding
    assert fee.intent == "ask_fee" and "dossier_code" not in fee.slots
    assert assistant.ask("giấy tờ cần cho mẫu HK-02", "vi").understanding.intent != "check_status"


def test_a_sentence_with_diacritics_keeps_its_numbers_apart(assistant: Assistant) -> None:
    # "quay lại sau" (come back later): neither "quầy" (counter) nor "sáu" (six) is there.
    assert "counter" not in assistant.ask("thôi tôi quay lại sau nhé", "vi").understanding.slots
    assert assistant.ask("gặp cán bộ ở quầy sáu", "vi").understanding.slots["counter"] == 6
    assert assistant.ask("gap can bo o quay sau", "vi").understanding.slots["counter"] == 6  # typed bare


@pytest.mark.parametrize(
    ("text", "language", "procedure"),
    [
        ("ba tôi mới mất, giờ tôi cần làm khai tử cho ổng", "vi", "1.000656"),
        ("dang ki ket hon voi chong nguoi han quoc", "vi", "1.000894"),
        ("guardianship registration for my nephew", "en", "1.000689"),
    ],
)
def test_a_named_procedure_outweighs_the_citizens_story(
    assistant: Assistant, text: str, language: str, procedure: str
) -> None:
    # Unexplained words (the story around the request) lower confidence; they no longer veto it.
    got = assistant.ask(text, language).understanding
    assert got.intent == "open_procedure" and got.slots["procedure"] == procedure


@pytest.mark.parametrize(
    ("text", "language"),
    [("is the coffee shop open", "en"), ("my friend opened a shop, the food is great", "en")],
)
def test_an_alias_in_passing_is_not_a_request(assistant: Assistant, text: str, language: str) -> None:
    # "open a shop" is how citizens name the household business licence, but not in these sentences.
    assert assistant.ask(text, language).understanding.intent == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "tôi muốn làm chứng thực chữ ký trong giấy tờ, văn bản",
        "toi muon lam chung thuc chu ky trong giay to van ban",
    ],
)
def test_words_inside_a_procedures_name_are_the_name_not_a_question(assistant: Assistant, text: str) -> None:
    # "giấy tờ" (papers) would ask what to bring; inside the name it is only the name.
    understood = assistant.ask(text, "vi").understanding
    assert (understood.intent, understood.slots.get("procedure")) == ("open_procedure", "2.000884")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("trong giấy khai sinh của con tôi ghi sai năm sinh, nhờ sửa lại giùm", "vi"),
        ("my mom's birth year is wrong on her birth certificate, can it be fixed", "en"),
    ],
)
def test_the_nearest_sentences_tell_overlapping_procedures_apart(
    assistant: Assistant, text: str, language: str
) -> None:
    # "Giấy khai sinh" names birth registration, its re-registration, the correction and the
    # extract copy alike; citizens' sentences about a wrong birth year are corrections.
    understander = assistant._understander(language)
    examples, understander.examples = understander.examples, None
    trained, understander.trained = understander.trained, None
    try:
        by_name_only = understander.understand(text).slots.get("procedure")
        understander.examples = examples
        by_examples = understander.understand(text).slots.get("procedure")
    finally:
        understander.examples, understander.trained = examples, trained
    got = understander.understand(text)
    assert by_name_only != "1.004859"  # what the names alone would open
    assert by_examples == "1.004859"  # the nearest examples' vote settles it, and the classifier agrees
    assert (got.intent, got.slots.get("procedure")) == ("open_procedure", "1.004859")


def test_the_vote_picks_only_a_procedure_the_sentence_names(assistant: Assistant) -> None:
    # Worded like the same question about a death registration, but it names a birth.
    got = assistant.ask("nộp giấy tờ khai sinh cho con ở quầy nào vậy", "vi").understanding
    assert (got.intent, got.slots.get("procedure")) == ("ask_location", "1.001193")


@pytest.mark.parametrize(
    ("text", "language", "intent"),
    [
        ("cho tui quay lại trang hồi nãy coi", "vi", "go_back"),
        ("go back to the page I saw before", "en", "go_back"),
        ("chiều mai tui quay lại nha", "vi", "unknown"),  # I'll come back tomorrow: not a command
        ("I'll come back tomorrow afternoon", "en", "unknown"),
    ],
)
def test_a_command_in_new_words_needs_every_near_example_to_agree(
    assistant: Assistant, text: str, language: str, intent: str
) -> None:
    assert assistant.ask(text, language).understanding.intent == intent


@pytest.mark.parametrize(
    ("refused", "asked", "language", "intent"),
    [
        ("tui hổng cần lấy số đâu, đợi con tui thôi", "tui cần lấy số", "vi", "take_ticket"),
        (
            "I do not need a birth certificate for my daughter",
            "I need a birth certificate for my daughter",
            "en",
            "open_procedure",
        ),
    ],
)
def test_a_refusal_asks_for_nothing(
    assistant: Assistant, refused: str, asked: str, language: str, intent: str
) -> None:
    assert assistant.ask(asked, language).understanding.intent == intent
    assert assistant.ask(refused, language).understanding.intent == "unknown"


def test_a_word_with_another_first_letter_is_another_word(assistant: Assistant) -> None:
    # "carry" is one letter from "marry", as "bother" is from "mother": not a slip.
    assert assistant.ask("I need a paper to marry my girlfriend", "en").understanding.slots.get("procedure")
    got = assistant.ask("can you help me carry this box to the car", "en").understanding
    assert (got.intent, got.slots.get("procedure")) == ("unknown", None)


def test_a_sentence_only_worded_like_a_procedure_question_is_not_one(assistant: Assistant) -> None:
    # No word of any procedure, and the nearest examples do not agree on one.
    assert assistant.ask("how to get a criminal record certificate", "en").understanding.intent == "unknown"


def test_a_story_that_asks_nothing_is_not_a_request(assistant: Assistant) -> None:
    # The same news, told, then asked about: only the second wants a death registration.
    told = assistant.ask("bà cụ đầu hẻm mới qua đời hôm qua, tội nghiệp ghê", "vi").understanding
    asked = assistant.ask("bà ngoại tui mới qua đời hôm qua, giờ con cháu phải lo giấy tờ sao", "vi")
    assert told.intent == "unknown"
    assert asked.understanding.slots.get("procedure") == "1.000656"
    assert asked.understanding.intent != "unknown"


def test_a_word_said_with_diacritics_is_a_filler_only_as_written(assistant: Assistant) -> None:
    # "chó" (dog) folds to the filler "cho" (for); a litter of puppies is no birth registration.
    assert assistant.ask("con chó nhà tui mới đẻ một bầy", "vi").understanding.intent == "unknown"
    assert (
        assistant.ask("vợ tui mới đẻ, làm khai sinh cho con", "vi").understanding.intent == "open_procedure"
    )


def test_a_document_named_in_a_sentence_that_asks_nothing_is_not_a_request(assistant: Assistant) -> None:
    # Worded like the statements the kiosk must not act on; the name alone stays a short form.
    assert assistant.ask("con gái tui có giấy khai sinh rồi nè", "vi").understanding.intent == "unknown"
    assert assistant.ask("giấy khai sinh", "vi").understanding.slots.get("procedure") == "1.001193"


def test_a_nationality_is_not_a_wish_to_change_the_language(assistant: Assistant) -> None:
    got = assistant.ask("what documents do I need to register a marriage with a Vietnamese man", "en")
    assert (got.understanding.intent, got.understanding.slots.get("procedure")) == (
        "ask_documents",
        "1.000894",
    )


def test_a_word_only_another_intents_weak_cue_explains_is_the_subject(assistant: Assistant) -> None:
    # "~passport" may ask which papers to bring; in a fee question with no procedure it is what the
    # fee is for, and the kiosk does not issue passports.
    assert assistant.ask("passport fee how much", "en").understanding.intent == "unknown"
    assert assistant.ask("how much is the fee", "en").understanding.intent == "ask_fee"
    birth = assistant.ask("birth registration fee how much", "en").understanding
    assert (birth.intent, birth.slots) == ("ask_fee", {"procedure": "1.001193"})
