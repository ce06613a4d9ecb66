"""The tailoring engine: from a procedure and a citizen's answers to what they need.

Pure and Qt-free. The guided screens, the assistant's answers, the printed
checklist and the CLI all use this one module, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from kiosk_app.catalogue.calendar import WorkCalendar, parse_cutoff
from kiosk_app.catalogue.conditions import AnswerValue, holds, questions_in
from kiosk_app.catalogue.model import Document, Fee, Procedure, Step, StepKind, Text


class AnswerError(ValueError):
    """An answer that does not fit its question (the screens never send one)."""


@dataclass(frozen=True)
class FeeLine:
    label: Text
    amount: int
    note: Text | None = None


@dataclass(frozen=True)
class Checklist:
    procedure: Procedure
    documents: tuple[Document, ...]
    fees: tuple[FeeLine, ...]
    notes: tuple[Step, ...]  # information steps that apply
    working_days: int
    return_date: date | None
    received_on: date | None

    @property
    def total_fee(self) -> int:
        return sum(line.amount for line in self.fees)

    @property
    def same_day(self) -> bool:
        return self.working_days == 0


def fee_amount(fee: Fee, answers: dict[str, AnswerValue]) -> int:
    if fee.per_unit_of is None:
        amount = fee.amount
    else:
        units = int(answers[fee.per_unit_of])
        amount = 0
        for tier in fee.tiers:
            counted = units if tier.first is None else min(units, tier.first)
            amount += counted * tier.each
            units -= counted
            if units <= 0:
                break
        if fee.cap is not None:
            amount = min(amount, fee.cap)
    if fee.times is not None:
        amount *= int(answers[fee.times])
    return amount


def check_answer(step: Step, value: AnswerValue) -> AnswerValue:
    if step.kind is StepKind.YES_NO and isinstance(value, bool):
        return value
    if step.kind is StepKind.ONE_OF and value in {o.id for o in step.options}:
        return value
    if (
        step.kind is StepKind.NUMBER
        and isinstance(value, int)
        and not isinstance(value, bool)
        and step.minimum <= value <= step.maximum
    ):
        return value
    raise AnswerError(f"{value!r} does not answer {step.id}")


@cache
def deciding_questions(procedure: Procedure) -> frozenset[str]:
    """Questions whose answer can change the checklist: a condition or a fee depends on them.

    Any other question would cost the citizen a tap and change nothing they
    take away, so it is not asked.
    """
    used: set[str] = set()
    guarded: list[Step | Document | Fee] = [*procedure.steps, *procedure.documents, *procedure.fees]
    for item in guarded:
        used |= questions_in(item.when)
    for fee in procedure.fees:
        used |= {q for q in (fee.per_unit_of, fee.times) if q}
    return frozenset(used)


def visible_steps(procedure: Procedure, answers: dict[str, AnswerValue]) -> list[Step]:
    """The steps a citizen sees, given the answers so far (later ones may still appear)."""
    deciding = deciding_questions(procedure)
    return [
        step
        for step in procedure.steps
        if holds(step.when, answers) and (not step.is_question or step.id in deciding)
    ]


def next_step(procedure: Procedure, answers: dict[str, AnswerValue], seen_info: set[str]) -> Step | None:
    for step in visible_steps(procedure, answers):
        if step.is_question and step.id not in answers:
            return step
        if not step.is_question and step.id not in seen_info:
            return step
    return None


def tailor(
    procedure: Procedure,
    answers: dict[str, AnswerValue],
    *,
    received_at: datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> Checklist:
    """The tailored checklist; answers to hidden questions are ignored."""
    relevant: dict[str, AnswerValue] = {}
    for step in procedure.steps:
        if step.is_question and holds(step.when, relevant) and step.id in answers:
            relevant[step.id] = check_answer(step, answers[step.id])
    documents = tuple(d for d in procedure.documents if holds(d.when, relevant))
    fees = tuple(
        FeeLine(fee.label, fee_amount(fee, relevant), fee.note)
        for fee in procedure.fees
        if holds(fee.when, relevant)
    )
    notes = tuple(s for s in procedure.steps if not s.is_question and holds(s.when, relevant))
    processing = procedure.processing
    return_date = received = None
    if received_at is not None:
        calendar = calendar or WorkCalendar()
        cutoff = parse_cutoff(processing.cutoff)
        received = calendar.received_on(received_at, cutoff)
        return_date = calendar.return_date(received_at, cutoff, processing.working_days)
    return Checklist(procedure, documents, fees, notes, processing.working_days, return_date, received)


@dataclass
class GuidedFlow:
    """One citizen's way through one procedure: answers, and how they got here."""

    procedure: Procedure
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    seen_info: set[str] = field(default_factory=set)
    history: list[str] = field(default_factory=list)

    def current(self) -> Step | None:
        return next_step(self.procedure, self.answers, self.seen_info)

    def answer(self, value: AnswerValue | None = None) -> None:
        step = self.current()
        if step is None:
            return
        if step.is_question:
            if value is None:
                raise AnswerError(f"{step.id} needs an answer")
            self.answers[step.id] = check_answer(step, value)
        else:
            self.seen_info.add(step.id)
        self.history.append(step.id)

    def back(self) -> bool:
        """Undo the last answer; False when already at the first step."""
        if not self.history:
            return False
        last = self.history.pop()
        self.answers.pop(last, None)
        self.seen_info.discard(last)
        return True

    @property
    def finished(self) -> bool:
        return self.current() is None

    def position(self) -> tuple[int, int]:
        """(this step's number, steps known so far) for a "step 2 of 4" line."""
        visible = visible_steps(self.procedure, self.answers)
        done = len(self.history)
        return done + 1, max(done + 1, len(visible))
