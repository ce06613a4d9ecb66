"""Every kind of script error, reported with its line and plain words; fuzzing never crashes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_app.catalogue.catalogue import load_catalogue
from kiosk_app.catalogue.loader import load_procedure
from tests.catalogue_helpers import CATEGORIES, MINIMAL, ROOT, SHIPPED, load, run_cli, script

MINIMAL_LINES = MINIMAL.count("\n")


def only_problem(text: str) -> tuple[int, int, str]:
    procedure, problems = load(text)
    assert procedure is None
    assert len(problems) == 1, [p.describe() for p in problems]
    return problems[0].line, problems[0].column, problems[0].message


def test_the_minimal_script_loads() -> None:
    procedure, problems = load(script())
    assert problems == [] and procedure is not None
    assert procedure.name.en == "Test procedure"


def test_unknown_field_suggests_the_right_one() -> None:
    line, column, message = only_problem(script("legal_bases: []\n"))
    assert line == MINIMAL_LINES + 4 and column == 1
    assert "unknown field 'legal_bases'" in message and "did you mean 'legal_basis'?" in message


def test_unknown_field_inside_a_document() -> None:
    procedure, problems = load(script(documents="documents:\n  - id: form\n    nmae: {vi: A, en: B}\n"))
    assert procedure is None
    assert [(p.line, p.message) for p in problems] == [
        (MINIMAL_LINES + 2, "a document is missing the field 'name:'"),
        (MINIMAL_LINES + 3, "unknown field 'nmae' in a document; did you mean 'name'?"),
    ]


def test_missing_translation_names_the_language() -> None:
    line, _, message = only_problem(script(documents="documents:\n  - id: form\n    name: {vi: Tờ khai}\n"))
    assert line == MINIMAL_LINES + 3
    assert message == "missing translation: document 'form''s name has no English text (en:)"


def test_text_in_one_language_only() -> None:
    _, _, message = only_problem(script(documents="documents:\n  - id: form\n    name: Tờ khai\n"))
    assert "needs both languages" in message


STEPS = """steps:
  - id: married
    type: yes_no
    ask: {vi: "Đã kết hôn?", en: "Married?"}
  - id: reason
    type: one_of
    ask: {vi: "Lý do?", en: "Why?"}
    options:
      - {id: lost, label: {vi: Mất, en: Lost}}
      - {id: damaged, label: {vi: Hỏng, en: Damaged}}
"""


def test_condition_naming_an_unknown_question() -> None:
    text = script(
        STEPS,
        documents="documents:\n  - id: form\n    name: {vi: A, en: B}\n    when: {answer: maried, is: yes}\n",
    )
    line, _, message = only_problem(text)
    assert line == MINIMAL_LINES + 4
    assert "names the question 'maried', which is not asked before it" in message


def test_condition_naming_an_unknown_answer() -> None:
    text = script(
        STEPS,
        documents="documents:\n  - id: form\n    name: {vi: A, en: B}\n    when: {answer: reason, is: stolen}\n",
    )
    _, _, message = only_problem(text)
    assert message == "'stolen' is not an answer of 'reason' (its answers are: lost, damaged)"


def test_yes_no_condition_needs_yes_or_no() -> None:
    text = script(
        STEPS,
        documents="documents:\n  - id: form\n    name: {vi: A, en: B}\n    when: {answer: married, is: maybe}\n",
    )
    assert "must say yes or no" in only_problem(text)[2]


def test_a_step_depending_on_itself_or_a_later_step_is_a_cycle() -> None:
    steps = """steps:
  - id: first
    type: yes_no
    ask: {vi: "Một?", en: "One?"}
    when: {answer: second, is: yes}
  - id: second
    type: yes_no
    ask: {vi: "Hai?", en: "Two?"}
"""
    line, _, message = only_problem(script(steps))
    assert line == MINIMAL_LINES + 8
    assert "names the question 'second', which is not asked before it" in message


def test_unreachable_step_is_reported() -> None:
    steps = (
        STEPS
        + """  - id: never
    type: info
    text: {vi: "Không bao giờ", en: "Never"}
    when: {all: [{answer: married, is: yes}, {answer: married, is: no}]}
"""
    )
    line, _, message = only_problem(script(steps))
    assert line == MINIMAL_LINES + 14
    assert message == "step 'never' can never be shown: no answers make its condition true"


def test_unreachable_document_is_reported() -> None:
    docs = "documents:\n  - id: form\n    name: {vi: A, en: B}\n    when: {not: {answer: reason, in: [lost, damaged]}}\n"
    line, _, message = only_problem(script(STEPS, documents=docs))
    assert line == MINIMAL_LINES + 2
    assert message == "document 'form' can never be shown: no answers make its condition true"


def test_duplicate_ids() -> None:
    docs = "documents:\n  - id: form\n    name: {vi: A, en: B}\n  - id: form\n    name: {vi: C, en: D}\n"
    line, _, message = only_problem(script(documents=docs))
    assert line == MINIMAL_LINES + 4 and message == "the id 'form' is used twice"


@pytest.mark.parametrize(
    ("fees", "words"),
    [
        ("fees:\n  - id: fee\n    label: {vi: A, en: B}\n", "give either 'amount:' or 'per_unit:'"),
        (
            "fees:\n  - id: fee\n    label: {vi: A, en: B}\n    per_unit: {of: married, tiers: [{each: 1000}]}\n",
            "'of' in fee 'fee' must name a number question, not 'married'",
        ),
        (
            "fees:\n  - id: fee\n    label: {vi: A, en: B}\n    amount: 1000\n    times: copies\n",
            "'times' of fee 'fee' must name a number question, not 'copies'",
        ),
        (
            "fees:\n  - id: fee\n    label: {vi: A, en: B}\n    amount: 8.000\n",
            "plain digits (8000, not 8.000)",
        ),
        ("fees:\n  - id: fee\n    label: {vi: A, en: B}\n    amount: -5\n", "must be from 0"),
    ],
)
def test_fees_that_cannot_be_computed(fees: str, words: str) -> None:
    _, _, message = only_problem(script(STEPS + fees))
    assert words in message


def test_fee_applying_when_its_quantity_is_not_asked() -> None:
    steps = (
        STEPS
        + """  - id: pages
    type: number
    ask: {vi: "Số trang?", en: "Pages?"}
    min: 1
    max: 100
    when: {answer: married, is: yes}
fees:
  - id: per_page
    label: {vi: Phí, en: Fee}
    per_unit: {of: pages, tiers: [{first: 2, each: 2000}, {each: 1000}]}
"""
    )
    line, _, message = only_problem(script(steps))
    assert line == MINIMAL_LINES + 21
    assert message == "fee 'per_page' cannot be computed: it can apply when question 'pages' is not asked"


def test_tiers_must_end_open() -> None:
    steps = STEPS.replace(
        "steps:\n", "steps:\n  - {id: pages, type: number, ask: {vi: S, en: P}, min: 1, max: 9}\n"
    )
    fees = "fees:\n  - id: f\n    label: {vi: A, en: B}\n    per_unit: {of: pages, tiers: [{first: 2, each: 2000}, {first: 3, each: 1000}]}\n"
    assert "the last tier prices all remaining units" in only_problem(script(steps + fees))[2]


def test_number_question_needs_a_sane_range() -> None:
    steps = "steps:\n  - {id: pages, type: number, ask: {vi: S, en: P}, min: 5, max: 2}\n"
    assert "max (2) is below its min (5)" in only_problem(script(steps))[2]


def test_yaml_syntax_error_has_its_position() -> None:
    line, _, message = only_problem(script("steps: [unclosed\n"))
    assert line > MINIMAL_LINES and message.startswith("not valid YAML")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("!!python/object/apply:os.system ['echo hacked']\n", "tag"),
        ("code: !!binary aGVsbG8=\n", "tag"),
        ("a: &x {b: 1}\nc: *x\n", "anchors and aliases"),
        ("[" * 100 + "]" * 100, "nested"),
        ("", "empty"),
        ("just text\n", "a procedure script must be a set of 'field: value' lines"),
    ],
)
def test_hostile_or_odd_yaml_gets_a_clear_message(text: str, words: str) -> None:
    procedure, problems = load(text)
    assert procedure is None and problems
    assert any(words in p.message for p in problems), [p.message for p in problems]


def test_huge_files_are_refused_unread() -> None:
    procedure, problems = load_procedure(b"#" * (300 * 1024), "big.yaml", CATEGORIES)
    assert procedure is None and "at most 256 KB" in problems[0].message


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    _, problems = load("\n".join(lines) + "\n")
    assert "anchors and aliases" in problems[0].message


def test_odd_encodings() -> None:
    _, problems = load_procedure("code: 'x'\n".encode("utf-16"), "u16.yaml", CATEGORIES)
    assert "not UTF-8" in problems[0].message
    bom = ("\ufeff" + script()).encode("utf-8")
    procedure, problems = load_procedure(bom, "bom.yaml", CATEGORIES)
    assert problems == [] and procedure is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes_never_crash(data: bytes) -> None:
    procedure, problems = load_procedure(data, "fuzz.yaml", CATEGORIES)
    assert procedure is None and problems
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)


yaml_scalars = st.one_of(
    st.integers(-(10**12), 10**12), st.booleans(), st.none(), st.text(max_size=20), st.floats(allow_nan=False)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["code", "name", "steps", "documents", "fees", "processing", "x"]), yaml_values
    )
)
def test_fuzz_structured_garbage_gets_problems_not_crashes(document: dict[str, object]) -> None:
    text = json.dumps(document, default=str)  # JSON is YAML
    procedure, problems = load(text)
    assert procedure is None and problems


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(script()) - 1), st.text(max_size=5))
def test_fuzz_mutating_a_valid_script(position: int, insert: str) -> None:
    text = script()
    mutated = text[:position] + insert + text[position + 1 :]
    procedure, problems = load(mutated)
    assert (procedure is None) == bool(problems)


@pytest.mark.expect_logs("procedure script has problems")
def test_a_broken_file_keeps_its_last_good_version(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    shutil.copytree(SHIPPED, folder)
    good = load_catalogue(folder)
    birth = folder / "birth-registration.yaml"
    birth.write_text(
        birth.read_text(encoding="utf-8").replace("counter: 2", "counter: two"), encoding="utf-8"
    )
    again = load_catalogue(folder, previous=good)
    assert "1.001193" in again.procedures  # still serving
    state = again.files["birth-registration.yaml"]
    assert state.serving_previous and "counter must be a whole number" in state.problems[0].message
    fresh = load_catalogue(folder)  # no earlier version: missing, others fine
    assert "1.001193" not in fresh.procedures and len(fresh.procedures) == len(good.procedures) - 1


@pytest.mark.expect_logs("procedure script has problems")
def test_duplicate_codes_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    shutil.copytree(SHIPPED, folder)
    shutil.copy(folder / "birth-registration.yaml", folder / "zz-copy.yaml")
    catalogue = load_catalogue(folder)
    (problem,) = catalogue.problems
    assert problem.file.endswith("zz-copy.yaml") and problem.line == 6
    assert problem.message == "the code 1.001193 is already used by birth-registration.yaml"


def test_check_cli_contract(tmp_path: Path) -> None:
    ok = run_cli("check", "--json", data=tmp_path)
    assert ok.returncode == 0 and json.loads(ok.stdout) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(script("colour: red\n"), encoding="utf-8")
    result = run_cli("check", str(bad), str(SHIPPED), "--json", data=tmp_path)
    assert result.returncode == 1
    (problem,) = json.loads(result.stdout)
    assert problem == {
        "file": str(bad),
        "line": MINIMAL_LINES + 4,
        "column": 1,
        "message": problem["message"],
    }
    assert "unknown field 'colour'" in problem["message"]
    human = run_cli("check", str(bad), data=tmp_path)
    assert human.returncode == 1 and f"{bad}:{MINIMAL_LINES + 4}:1: unknown field 'colour'" in human.stdout


def test_the_documented_example_is_a_valid_script() -> None:
    doc = (ROOT / "docs" / "procedure-scripts.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    procedure, problems = load(example)
    assert problems == [] and procedure is not None
    from kiosk_app.catalogue.engine import tailor

    assert tailor(procedure, {"pages": 3, "copies": 2, "foreign_paper": False}).total_fee == 2 * 5000 + 8000
