"""The tailoring engine on the real catalogue: each branch of each question."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import AnswerError, GuidedFlow, tailor
from kiosk_app.catalogue.loader import answer_sets
from kiosk_app.catalogue.model import Procedure
from tests.catalogue_helpers import shipped

CATALOGUE = shipped()
BIRTH = CATALOGUE.procedures["1.001193"]
COPY = CATALOGUE.procedures["2.000815.000.00.00.H29"]
MARRIAGE = CATALOGUE.procedures["1.000894"]
CORRECTION = CATALOGUE.procedures["1.004859"]
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30)


def doc_ids(procedure: Procedure, answers: dict[str, AnswerValue]) -> list[str]:
    return [d.id for d in tailor(procedure, answers).documents]


def test_the_shipped_catalogue_is_valid_and_large_enough() -> None:
    assert CATALOGUE.problems == []
    assert len(CATALOGUE.procedures) >= 15
    names = {p.name.vi for p in CATALOGUE.procedures.values()}
    for required in (
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
        "Đăng ký kết hôn",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Chứng thực bản sao từ bản chính",
        "Chứng thực chữ ký trong giấy tờ, văn bản",
        "Cấp bản sao trích lục hộ tịch",
        "Đăng ký thường trú",
        "Đăng ký tạm trú",
        "Đăng ký thành lập hộ kinh doanh",
    ):
        assert required in names
    assert {p.category for p in CATALOGUE.procedures.values()} == set(CATALOGUE.categories)


def test_birth_registration_branches() -> None:
    base: dict[str, AnswerValue] = {"on_time": True, "parents_married": True, "extra_extracts": 0}
    with_notice = doc_ids(BIRTH, {**base, "has_birth_notice": True})
    assert "birth_notice" in with_notice and "witness_statement" not in with_notice
    without = doc_ids(BIRTH, {**base, "has_birth_notice": False})
    assert "witness_statement" in without and "birth_notice" not in without
    unmarried = doc_ids(BIRTH, {**base, "has_birth_notice": True, "parents_married": False})
    assert "marriage_certificate" not in unmarried
    assert tailor(BIRTH, {**base, "has_birth_notice": True}).total_fee == 0  # on time: free
    late = tailor(BIRTH, {**base, "has_birth_notice": True, "on_time": False, "extra_extracts": 2})
    assert late.total_fee == 8000 + 2 * 8000
    assert [n.id for n in late.notes] == ["late_note"]


@pytest.mark.parametrize(
    ("pages", "copies", "fee"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),
        (10, 1, 12000),
        (10, 3, 36000),
        (250, 1, 200000),
        (500, 2, 400000),
    ],
)
def test_copy_certification_fee_per_page_with_cap(pages: int, copies: int, fee: int) -> None:
    checklist = tailor(COPY, {"pages": pages, "copies": copies, "foreign_paper": False})
    assert checklist.total_fee == fee


def test_foreign_papers_get_the_legalisation_note() -> None:
    notes = tailor(COPY, {"pages": 1, "copies": 1, "foreign_paper": True}).notes
    assert [n.id for n in notes] == ["foreign_note"]


def test_marriage_branches() -> None:
    both_here = doc_ids(MARRIAGE, {"both_live_here": True, "married_before": False})
    assert "marital_status" not in both_here and "divorce_papers" not in both_here
    elsewhere = doc_ids(MARRIAGE, {"both_live_here": False, "married_before": True})
    assert {"marital_status", "divorce_papers"} <= set(elsewhere)
    assert tailor(MARRIAGE, {"both_live_here": True, "married_before": False}).total_fee == 0


def test_hidden_questions_are_ignored() -> None:
    # is_minor is only asked when changing a name; an answer to it otherwise changes nothing.
    correcting = doc_ids(CORRECTION, {"change": "correct", "is_minor": True})
    assert "consent" not in correcting and "evidence" in correcting
    renaming = doc_ids(CORRECTION, {"change": "change_name", "is_minor": True})
    assert "consent" in renaming and "evidence" not in renaming
    assert tailor(CORRECTION, {"change": "add"}).total_fee == 0


@pytest.mark.parametrize("code", sorted(CATALOGUE.procedures))
def test_every_branch_of_every_real_procedure_tailors(code: str) -> None:
    procedure = CATALOGUE.procedures[code]
    sets = answer_sets(procedure)
    assert sets is not None
    for answers in sets:
        checklist = tailor(procedure, answers, received_at=MONDAY_MORNING)
        assert checklist.documents, f"{code}: no documents for {answers}"
        assert checklist.total_fee >= 0
        assert checklist.return_date is not None and checklist.return_date >= MONDAY_MORNING.date()
        flow = GuidedFlow(procedure)
        while not flow.finished:
            step = flow.current()
            assert step is not None
            flow.answer(answers[step.id] if step.is_question else None)
        assert tailor(procedure, flow.answers).documents == checklist.documents


def test_flow_goes_back_and_rejects_bad_answers() -> None:
    flow = GuidedFlow(COPY)
    first = flow.current()
    assert first is not None and first.id == "pages"
    with pytest.raises(AnswerError):
        flow.answer(0)  # below min
    with pytest.raises(AnswerError):
        flow.answer(True)  # a yes/no answer to a number question
    flow.answer(12)
    current = flow.current()
    assert current is not None and current.id == "copies"
    assert flow.position() == (2, 3)  # the foreign-paper note is not shown yet
    assert flow.back()
    assert flow.answers == {}
    assert not flow.back()


def test_return_dates_follow_working_days_cutoff_and_holidays() -> None:
    calendar = WorkCalendar.of([date(2026, 9, 1), date(2026, 9, 2)])
    residence = CATALOGUE.procedures["1.004194"]  # 3 working days
    friday_noon = datetime(2026, 8, 28, 12, 0)
    assert tailor(
        residence, {"rented": True}, received_at=friday_noon, calendar=calendar
    ).return_date == date(2026, 9, 4)  # Mon 31, (Tue 1, Wed 2 holidays), Thu 3, Fri 4
    same_day = tailor(
        BIRTH,
        {"has_birth_notice": True, "on_time": True, "parents_married": True, "extra_extracts": 0},
        received_at=datetime(2026, 11, 30, 15, 0),
        calendar=calendar,
    )
    assert same_day.return_date == date(2026, 11, 30)
    after_cutoff = tailor(
        BIRTH,
        {"has_birth_notice": True, "on_time": True, "parents_married": True, "extra_extracts": 0},
        received_at=datetime(2026, 11, 30, 15, 1),
        calendar=calendar,
    )
    assert after_cutoff.return_date == date(2026, 12, 1)
    saturday = datetime(2026, 11, 28, 9, 0)
    assert WorkCalendar().received_on(saturday, time(15, 0)) == date(2026, 11, 30)
    assert WorkCalendar(saturday_is_working_day=True).is_working_day(saturday.date())


def test_a_question_that_changes_nothing_is_not_asked() -> None:
    from tests.catalogue_helpers import load, script

    text = script(
        extra=(
            "steps:\n"
            "  - id: purpose\n    type: yes_no\n    ask: {vi: Để kết hôn?, en: For a marriage?}\n"
            "  - id: abroad\n    type: yes_no\n    ask: {vi: Ở nước ngoài?, en: Abroad?}\n"
        ),
        documents=(
            "documents:\n  - id: form\n    name: {vi: Tờ khai, en: Form}\n"
            "  - id: passport\n    name: {vi: Hộ chiếu, en: Passport}\n"
            "    when: {answer: abroad, is: yes}\n"
        ),
    )
    procedure, problems = load(text)
    assert procedure is not None and not problems
    flow = GuidedFlow(procedure)
    # "purpose" guards nothing: whatever the answer, the same checklist. Only "abroad" is asked.
    step = flow.current()
    assert step is not None and step.id == "abroad"
    flow.answer(True)
    assert flow.finished
    assert [d.id for d in tailor(procedure, flow.answers).documents] == ["form", "passport"]


def test_the_shipped_questions_that_change_nothing_are_skipped() -> None:
    from kiosk_app.catalogue.engine import deciding_questions, visible_steps

    for procedure in shipped().procedures.values():
        asked = {s.id for s in visible_steps(procedure, {}) if s.is_question}
        assert asked <= deciding_questions(procedure), procedure.code
