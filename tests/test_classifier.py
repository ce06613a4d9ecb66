"""The trained classifier: trained for real (numpy), read in plain Python, and weighed with care.

The behaviour of ``Understander._weighed`` is tested with models whose answer is fixed (only a
bias, no features): every sentence then gets the same chances, so each rule (veto, switch,
answer, negation, the procedure on screen) is seen on its own.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from kiosk_app.assistant import training
from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.classifier import Head, ModelFileError, TrainedModel, load_model, model_path
from kiosk_app.assistant.examples import OUT_OF_SCOPE, Example
from kiosk_app.assistant.intents import INTENTS
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import load_catalogue
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.catalogue_cli import shipped_folder
from kiosk_app.messages import MessageCatalogue
from kiosk_app.paths import install_root
from kiosk_app.settings import load_settings

SITE = load_settings(install_root() / "config" / "site-example.yaml").site
BIRTH, DEATH = "1.001193", "1.000656"
ABOUT = ("open_procedure", "ask_fee", "ask_time", "ask_documents", "ask_location")

SMALL = [
    Example("ask_fee", BIRTH, "khai sinh bao nhiêu tiền"),
    Example("ask_fee", DEATH, "khai tử mất bao nhiêu tiền"),
    Example("ask_location", BIRTH, "khai sinh nộp ở quầy nào"),
    Example("ask_location", DEATH, "khai tử nộp ở đâu"),
    Example("take_ticket", None, "cho tui lấy số thứ tự"),
    Example(OUT_OF_SCOPE, None, "một tô phở bao nhiêu tiền"),
    Example(OUT_OF_SCOPE, None, "hôm nay trời mưa to quá"),
]


@pytest.fixture(scope="module")
def procedures() -> list[object]:
    return list(load_catalogue(shipped_folder()).procedures.values())


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    service = CatalogueService(tmp_path_factory.mktemp("live"), shipped_folder(), calendar=WorkCalendar())
    return service.load()


def fixed(intents: dict[str, float], procedures: dict[str, float] | None = None) -> TrainedModel:
    """A model that gives every sentence these chances (a bias, no features); each head's chances
    are scaled to add up to one, so give them whole."""

    def head(chances: dict[str, float]) -> Head:
        names = tuple(sorted(chances))
        return Head(names, array("f"), tuple(math.log(max(chances[n], 1e-9)) for n in names))

    intents = {**{name: 1e-6 for name in (*INTENTS, OUT_OF_SCOPE) if name != "unknown"}, **intents}
    return TrainedModel(
        language="vi",
        inputs="fixed",
        vocabulary={},
        idf=array("f"),
        intent=head(intents),
        procedure=head(procedures or {BIRTH: 0.5, DEATH: 0.5}),
    )


def ask(catalogue, model: TrainedModel | None, text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    assistant = Assistant(catalogue, site=SITE, messages=MessageCatalogue())
    understander = assistant._understander("vi")
    understander.trained = model
    return understander.understand(text, **kwargs)  # type: ignore[arg-type]


# --- training and the file ----------------------------------------------------------------------


def test_training_learns_the_examples_and_the_file_reads_back_the_same() -> None:
    model = training.train("vi", SMALL)
    assert set(model.intent.classes) == {"ask_fee", "ask_location", "take_ticket", OUT_OF_SCOPE}
    assert set(model.procedure.classes) == {BIRTH, DEATH}
    for example in SMALL:
        vector = model.vector(example.text)
        chances = model.intents(vector)
        assert math.isclose(sum(chances.values()), 1.0, rel_tol=1e-6)
        assert max(chances, key=chances.__getitem__) == example.intent, example.text
        if example.procedure:
            places = model.procedures(vector)
            assert max(places, key=places.__getitem__) == example.procedure
    again = TrainedModel.from_json(model.to_json(), "vi.json")
    text = "làm khai tử thì nộp ở quầy nào"
    assert again.intents(again.vector(text)) == model.intents(model.vector(text))
    assert again.procedures(again.vector(text)) == model.procedures(model.vector(text))


def test_training_is_deterministic() -> None:
    assert training.train("vi", SMALL).to_json() == training.train("vi", SMALL).to_json()


def test_a_new_word_generalises_through_its_letters() -> None:
    # "khai xinh" (a slip) was never seen; its letter pieces were.
    model = training.train("vi", SMALL)
    chances = model.intents(model.vector("khai xinh nộp ở quầy nào vậy"))
    assert max(chances, key=chances.__getitem__) == "ask_location"


def test_build_trains_only_when_what_it_learns_from_changed(tmp_path: Path, procedures: list) -> None:  # type: ignore[type-arg]
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "vi.yaml").write_text(
        "in_domain:\n- [khai sinh bao nhiêu tiền, ask_fee, '1.001193']\nout_of_domain:\n- trời mưa\n",
        encoding="utf-8",
    )
    models = tmp_path / "trained"
    path, trained = training.build("vi", procedures, folder=models, examples_folder=examples)
    assert trained and path == model_path("vi", models)
    assert path.stat().st_mode & 0o777 == 0o644  # the kiosk's own user reads it
    assert training.is_current("vi", procedures, folder=models, examples_folder=examples)
    assert training.build("vi", procedures, folder=models, examples_folder=examples) == (path, False)
    with (examples / "vi.yaml").open("a", encoding="utf-8") as out:
        out.write("- xe buýt mấy giờ chạy\n")
    assert not training.is_current("vi", procedures, folder=models, examples_folder=examples)
    assert training.build("vi", procedures, folder=models, examples_folder=examples)[1]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_shipped_model_is_current(language: str, procedures: list) -> None:  # type: ignore[type-arg]
    # Set-up builds it (./dev.sh); after changing examples, intents or procedures, run it again.
    assert training.is_current(language, procedures), "run: kiosk assistant train"


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda text: text[: len(text) // 2], "not a trained model"),
        (lambda text: text.replace('"format": 2', '"format": 9'), "format 9"),
        (lambda text: json.dumps({**json.loads(text), "idf": "AAAAAA=="}), "1 weights for"),
        (lambda text: json.dumps({**json.loads(text), "idf": "not base64!"}), "not a trained model"),
    ],
)
def test_a_damaged_model_file_is_named_and_refused(tmp_path: Path, damage, says: str) -> None:  # type: ignore[no-untyped-def]
    text = training.train("vi", SMALL).to_json()
    model_path("vi", tmp_path).write_text(damage(text), encoding="utf-8")
    with pytest.raises(ModelFileError, match=says) as raised:
        load_model("vi", tmp_path)
    assert "vi.json" in str(raised.value)


def test_a_model_of_another_language_is_refused(tmp_path: Path) -> None:
    model_path("en", tmp_path).write_text(training.train("vi", SMALL).to_json(), encoding="utf-8")
    with pytest.raises(ModelFileError, match="trained for 'vi'"):
        load_model("en", tmp_path)


@pytest.mark.expect_logs("assistant model unusable")
def test_the_assistant_understands_without_a_damaged_model(tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    model_path("vi", tmp_path).write_text("{", encoding="utf-8")
    assistant = Assistant(catalogue, site=SITE, messages=MessageCatalogue(), trained_folder=tmp_path)
    assert assistant._understander("vi").trained is None
    assert assistant.ask("đăng ký khai sinh", "vi").understanding.slots == {"procedure": BIRTH}


@pytest.mark.expect_logs("assistant model not built")
def test_the_assistant_understands_without_a_model_never_built(tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(catalogue, site=SITE, messages=MessageCatalogue(), trained_folder=tmp_path)
    assert assistant._understander("en").trained is None
    assert assistant.ask("birth registration fee", "en").understanding.intent == "ask_fee"


def test_train_check_command_says_whether_models_are_current() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "assistant", "train", "--check"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == ["vi: current", "en: current"]


# --- how its answer is weighed --------------------------------------------------------------------


def test_a_likely_trap_stops_an_action(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = "đăng ký khai sinh nộp ở quầy nào"
    assert ask(catalogue, None, text).intent == "ask_location"
    stopped = ask(catalogue, fixed({OUT_OF_SCOPE: 0.6, "ask_location": 0.4}), text)
    assert stopped.intent == "unknown"
    assert stopped.alternatives[0] == "ask_location"  # still offered as "did you mean"


def test_a_command_wholly_understood_stands(catalogue) -> None:  # type: ignore[no-untyped-def]
    model = fixed({OUT_OF_SCOPE: 0.9, "help": 0.1})
    assert ask(catalogue, model, "giúp tôi").intent == "help"


def test_on_a_procedure_screen_what_was_found_stands(catalogue) -> None:  # type: ignore[no-untyped-def]
    model = fixed({OUT_OF_SCOPE: 0.9, "ask_fee": 0.1})
    found = ask(catalogue, model, "bao nhiêu tiền", context_procedure=DEATH)
    assert (found.intent, found.slots) == ("ask_fee", {"procedure": DEATH})


def test_a_dossier_code_decides(catalogue) -> None:  # type: ignore[no-untyped-def]
    model = fixed({OUT_OF_SCOPE: 0.99})
    assert ask(catalogue, model, "tra cứu hồ sơ 000.00.29.H29-251201-0007").intent == "check_status"


def test_another_question_about_the_same_procedure_replaces_the_one_found(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = "khai sinh mất bao lâu"
    assert ask(catalogue, None, text).intent == "ask_time"
    switched = ask(catalogue, fixed({"ask_location": 0.8, "ask_time": 0.2}), text)
    assert (switched.intent, switched.slots) == ("ask_location", {"procedure": BIRTH})
    kept = ask(catalogue, fixed({"ask_location": 0.6, "ask_time": 0.4}), text)
    assert kept.intent == "ask_time"


def test_it_answers_what_was_left_unknown_when_sure(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = "xyz qwv"  # nothing the rules or the examples know
    assert ask(catalogue, None, text).intent == "unknown"
    assert ask(catalogue, fixed({"take_ticket": 0.9}), text).intent == "take_ticket"
    assert ask(catalogue, fixed({"take_ticket": 0.5, OUT_OF_SCOPE: 0.5}), text).intent == "unknown"
    assert ask(catalogue, fixed({OUT_OF_SCOPE: 0.9}), text).intent == "unknown"


def test_a_question_it_places_needs_a_procedure(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = "xyz qwv"
    unsure = fixed({"ask_fee": 0.9}, {BIRTH: 0.34, DEATH: 0.33, "1.000894": 0.33})
    assert ask(catalogue, unsure, text).intent == "unknown"
    sure = fixed({"ask_fee": 0.9}, {BIRTH: 0.1, DEATH: 0.9})
    assert ask(catalogue, sure, text).slots == {"procedure": DEATH}
    on_screen = ask(catalogue, unsure, text, context_procedure=BIRTH)
    assert (on_screen.intent, on_screen.slots) == ("ask_fee", {"procedure": BIRTH})


def test_a_procedure_named_in_the_sentence_wins_over_the_models_favourite(catalogue) -> None:  # type: ignore[no-untyped-def]
    # "khai tử" is named; the model prefers birth, but only named procedures are candidates.
    model = fixed({"ask_fee": 0.9}, {BIRTH: 0.9, DEATH: 0.1})
    found = ask(catalogue, model, "khai tử xyz qwv")
    assert found.slots.get("procedure") == DEATH


def test_a_negated_sentence_needs_it_surer(catalogue) -> None:  # type: ignore[no-untyped-def]
    # "Đừng" may be a refusal no list holds; "không có lương hưu" only part of a story.
    likely, surer = fixed({"take_ticket": 0.75, "help": 0.25}), fixed({"take_ticket": 0.85, "help": 0.15})
    assert ask(catalogue, likely, "xyz qwv").intent == "take_ticket"
    assert ask(catalogue, likely, "đừng qwv xyz").intent == "unknown"
    assert ask(catalogue, surer, "đừng qwv xyz").intent == "take_ticket"


def test_a_story_that_asks_nothing_is_not_answered_by_it(catalogue) -> None:  # type: ignore[no-untyped-def]
    model = fixed({"open_procedure": 0.95}, {BIRTH: 0.95, DEATH: 0.05})
    assert ask(catalogue, model, "xyz qwv").intent == "open_procedure"  # a short form asks
    assert ask(catalogue, model, "xyz qwv abc def ghi jkl").intent == "unknown"
    assert ask(catalogue, model, "xyz qwv abc def ghi jkl?").intent == "open_procedure"


def test_a_code_decides_among_unexplained_words(catalogue) -> None:  # type: ignore[no-untyped-def]
    found = ask(catalogue, None, "my receipt say code 000.00.29.H29-251128-0009, what is progress")
    assert found.intent == "check_status"


def test_a_refusal_is_not_weighed(catalogue) -> None:  # type: ignore[no-untyped-def]
    model = fixed({"take_ticket": 0.99})
    assert ask(catalogue, model, "tui hổng cần lấy số đâu").intent == "unknown"


@pytest.mark.parametrize("intent", ABOUT)
def test_every_question_about_a_procedure_can_be_placed(catalogue, intent: str) -> None:  # type: ignore[no-untyped-def]
    found = ask(catalogue, fixed({intent: 0.9}, {BIRTH: 0.95, DEATH: 0.05}), "xyz qwv")
    assert (found.intent, found.slots) == (intent, {"procedure": BIRTH})


MARRIAGE = "1.000894"


def test_a_procedure_the_model_is_sure_of_replaces_one_it_gives_no_chance(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = "khai sinh mất bao lâu"
    sure = ask(catalogue, fixed({"ask_time": 0.9}, {DEATH: 0.9, BIRTH: 0.05, MARRIAGE: 0.05}), text)
    assert (sure.intent, sure.slots) == ("ask_time", {"procedure": DEATH})
    some_chance = ask(catalogue, fixed({"ask_time": 0.9}, {DEATH: 0.7, BIRTH: 0.2, MARRIAGE: 0.1}), text)
    assert some_chance.slots == {"procedure": BIRTH}
    unsure = ask(catalogue, fixed({"ask_time": 0.9}, {DEATH: 0.55, BIRTH: 0.05, MARRIAGE: 0.4}), text)
    assert unsure.slots == {"procedure": BIRTH}
    # A procedure the model never learnt (published since it was built) is not replaced.
    unknown_to_it = ask(catalogue, fixed({"ask_time": 0.9}, {DEATH: 0.95, MARRIAGE: 0.05}), text)
    assert unknown_to_it.slots == {"procedure": BIRTH}


def test_a_story_placed_by_two_views_that_agree(catalogue) -> None:  # type: ignore[no-untyped-def]
    # Neither the rules nor the nearest example alone place it; the nearest examples' vote names
    # birth registration, so a less sure model that agrees is enough, and one that disagrees is not.
    text = "nhà tui mới có thêm đứa nhỏ, giờ phải lo giấy tờ cho nó sao"
    assert ask(catalogue, None, text).intent == "unknown"
    agrees = fixed({"open_procedure": 0.9}, {BIRTH: 0.4, DEATH: 0.3, MARRIAGE: 0.3})
    assert ask(catalogue, agrees, text).slots == {"procedure": BIRTH}
    disagrees = fixed({"open_procedure": 0.9}, {DEATH: 0.4, BIRTH: 0.3, MARRIAGE: 0.3})
    assert ask(catalogue, disagrees, text).intent == "unknown"


def test_a_phrase_published_after_the_model_was_built_is_not_weighed(catalogue) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(catalogue, site=SITE, messages=MessageCatalogue())
    understander = assistant._understander("vi")
    understander.trained = fixed({OUT_OF_SCOPE: 0.9, "ask_location": 0.1})
    text = "đăng ký khai sinh nộp ở quầy nào"
    assert understander.understand(text).intent == "unknown"
    understander.untrained_phrases = (frozenset({"khai", "sinh", "moi"}),)  # not all of it said
    assert understander.understand(text).intent == "unknown"
    understander.untrained_phrases = (frozenset({"khai", "sinh"}),)
    assert understander.understand(text).intent == "ask_location"


def test_the_shipped_catalogue_has_no_phrase_the_shipped_model_did_not_learn(catalogue) -> None:  # type: ignore[no-untyped-def]
    assistant = Assistant(catalogue, site=SITE, messages=MessageCatalogue())
    for language in ("vi", "en"):
        assert assistant._understander(language).untrained_phrases == ()


def test_it_does_not_answer_what_the_nearest_examples_call_not_ours(catalogue) -> None:  # type: ignore[no-untyped-def]
    # A sentence the examples hold as one the kiosk must not act on.
    model = fixed({"ask_fee": 0.9, OUT_OF_SCOPE: 0.1}, {BIRTH: 0.95, DEATH: 0.05})
    assert ask(catalogue, model, "một tô phở bao nhiêu tiền").intent == "unknown"
    assert ask(catalogue, model, "làm cái này bao nhiêu tiền vậy ta").intent == "ask_fee"
