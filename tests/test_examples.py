"""Understanding by example: the shipped examples are valid, and the matcher helps only where it is safe."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.examples import ExampleFileError, load_examples
from kiosk_app.assistant.intents import INTENTS
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.messages import MessageCatalogue
from kiosk_app.paths import install_root
from kiosk_app.settings import load_settings

SITE = load_settings(install_root() / "config" / "site-example.yaml").site


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from kiosk_app.catalogue_cli import shipped_folder

    service = CatalogueService(tmp_path_factory.mktemp("live"), shipped_folder(), calendar=WorkCalendar())
    return Assistant(service.load(), site=SITE, messages=MessageCatalogue())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_shipped_examples_name_real_intents_and_procedures(assistant: Assistant, language: str) -> None:
    examples = load_examples(language)
    codes = set(assistant.catalogue.procedures)
    assert len(examples) > 1000
    for example in examples:
        assert example.intent in INTENTS or example.intent == "out_of_scope", example
        assert example.procedure is None or example.procedure in codes, example


@pytest.mark.parametrize("language", ["vi", "en"])
def test_what_the_rules_leave_unknown_is_understood_as_its_example(
    assistant: Assistant, language: str
) -> None:
    """The #9 check that every example phrase is understood: for each shipped example the cue rules
    cannot place, the kiosk answers exactly what the example says (or, for a command, stays safe)."""
    understander = assistant._understander(language)
    matcher = understander.examples
    assert matcher is not None
    wrong = []
    for example in load_examples(language):
        if example.intent == "out_of_scope":
            continue
        understander.examples = None
        rules = understander.understand(example.text)
        understander.examples = matcher
        if rules.intent != "unknown":
            continue
        got = understander.understand(example.text)
        if got.intent == "unknown":
            continue  # negated, or a command the examples never act on alone: safe, not wrong
        if got.intent != example.intent or (
            example.procedure and got.slots.get("procedure") != example.procedure
        ):
            wrong.append((example.text, example.intent, got.intent))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "language", "intent", "procedure"),
    [
        ("nhà tui mới có thêm đứa nhỏ, giờ phải lo giấy tờ cho nó sao", "vi", "open_procedure", "1.001193"),
        ("my grandma passed away on sunday, what do we do now", "en", "open_procedure", "1.000656"),
    ],
)
def test_a_described_case_is_understood(
    assistant: Assistant, text: str, language: str, intent: str, procedure: str
) -> None:
    got = assistant.ask(text, language).understanding
    assert (got.intent, got.slots.get("procedure")) == (intent, procedure)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("tôi không muốn đăng ký kết hôn", "vi"),
        ("tui đứng đây chờ con gái làm khai sinh cho cháu", "vi"),  # "đứng" is not "đừng": not negated...
        ("I don't want to register my marriage", "en"),
        ("my goldfish died this morning", "en"),
    ],
)
def test_negations_and_lookalikes_are_not_acted_on(assistant: Assistant, text: str, language: str) -> None:
    understanding = assistant.ask(text, language).understanding
    if "đứng" in text:  # ...so it may be understood, but never refused as a negation
        assert not assistant._understander(language).examples.negated(text)  # type: ignore[union-attr]
        return
    assert understanding.intent == "unknown"


def test_a_question_ending_in_khong_is_not_a_negation(assistant: Assistant) -> None:
    examples = assistant._understander("vi").examples
    assert examples is not None
    assert not examples.negated("làm giấy nhận cha con có cần xét nghiệm ADN hông")
    assert not examples.negated("tui không biết nộp hồ sơ ở đâu")
    assert examples.negated("tui hông muốn lấy chồng đâu")


def test_a_broken_examples_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "vi.yaml").write_text(yaml.safe_dump({"in_domain": [["x", "fly_to_moon", None]]}))
    with pytest.raises(ExampleFileError, match=r"vi\.yaml: in_domain entry 1 has an unknown intent"):
        load_examples("vi", tmp_path)
    (tmp_path / "vi.yaml").write_text("in_domain: [ [unclosed")
    with pytest.raises(ExampleFileError, match="cannot be read"):
        load_examples("vi", tmp_path)


def test_the_understanding_is_built_in_the_background_when_the_catalogue_loads(
    qtbot: object, runtime: object, services: object
) -> None:
    """The first typed question must not read the examples files on the GUI thread."""
    from kiosk_app.composition import KioskServices
    from ui.launcher import KioskRuntime

    assert isinstance(services, KioskServices) and isinstance(runtime, KioskRuntime)
    runtime.window.catalogue_bridge.changed.emit()  # as a load or a publish announces
    assistant = services.voice.assistant()
    qtbot.waitUntil(lambda: {"vi", "en"} <= set(assistant._understanders), timeout=10000)  # type: ignore[attr-defined]
