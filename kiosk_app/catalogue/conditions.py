"""Conditions in procedure scripts: read, check and evaluate; never executed.

when: {answer: has_certificate, is: no}
when: {answer: reason, in: [lost, damaged]}
when: {answer: pages, at_least: 3}
when: {all: [..., ...]}   {any: [..., ...]}   {not: {...}}
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from kiosk_app.catalogue.model import (
    AllOf,
    AnswerAtLeast,
    AnswerAtMost,
    AnswerIs,
    AnyOf,
    Condition,
    Not,
    Step,
    StepKind,
)
from kiosk_app.catalogue.reader import Reader

AnswerValue = bool | str | int
COMPARISONS = ("is", "in", "at_least", "at_most")


def read_condition(
    reader: Reader, node: yaml.Node, asked_before: Mapping[str, Step], *, what: str
) -> Condition | None:
    """A condition that may only name questions asked before the thing it guards."""
    if not isinstance(node, yaml.MappingNode) or len(node.value) == 0:
        reader.problem(node, f"the condition of {what} must be like {{answer: QUESTION, is: ANSWER}}")
        return None
    keys = {reader.scalar(k) for k, _ in node.value}
    if keys & {"all", "any"} or keys == {"not"}:
        fields = reader.mapping(node, what=f"the condition of {what}", optional=("all", "any", "not"))
        if len(fields) != 1:
            reader.problem(node, f"the condition of {what} uses one of all:, any:, not: at a time")
            return None
        ((name, child),) = fields.items()
        if name == "not":
            inner = read_condition(reader, child, asked_before, what=what)
            return Not(inner) if inner is not None else None
        parts = [
            read_condition(reader, item, asked_before, what=what)
            for item in reader.sequence(child, what=name)
        ]
        if not parts:
            reader.problem(child, f"'{name}:' in the condition of {what} needs at least one condition")
            return None
        if any(part is None for part in parts):
            return None
        clean = tuple(p for p in parts if p is not None)
        return AllOf(clean) if name == "all" else AnyOf(clean)

    fields = reader.mapping(node, what=f"the condition of {what}", required=("answer",), optional=COMPARISONS)
    if "answer" not in fields:
        return None
    question_id = reader.scalar(fields["answer"])
    comparisons = [name for name in COMPARISONS if name in fields]
    if len(comparisons) != 1:
        reader.problem(node, f"the condition of {what} needs exactly one of: {', '.join(COMPARISONS)}")
        return None
    step = asked_before.get(question_id) if isinstance(question_id, str) else None
    if step is None:
        reader.problem(
            fields["answer"],
            f"the condition of {what} names the question '{question_id}', which is not asked before it",
        )
        return None
    (comparison,) = comparisons
    value_node = fields[comparison]
    if comparison in ("at_least", "at_most"):
        if step.kind is not StepKind.NUMBER:
            reader.problem(
                value_node, f"'{comparison}' only works with number questions; '{step.id}' is not one"
            )
            return None
        bound = reader.integer(value_node, what=f"'{comparison}' in the condition of {what}", maximum=10**6)
        if bound is None:
            return None
        return AnswerAtLeast(step.id, bound) if comparison == "at_least" else AnswerAtMost(step.id, bound)
    raw = reader.sequence(value_node, what="in:") if comparison == "in" else [value_node]
    values: list[object] = []
    for item in raw:
        value = _answer_value(reader, item, step, what=what)
        if value is None:
            return None
        values.append(value)
    if not values:
        return None
    return AnswerIs(step.id, tuple(values))


def _answer_value(reader: Reader, node: yaml.Node, step: Step, *, what: str) -> object | None:
    value: object = reader.scalar(node)
    if step.kind is StepKind.YES_NO:
        if not isinstance(value, bool):
            reader.problem(
                node, f"'{step.id}' is a yes/no question; the condition of {what} must say yes or no"
            )
            return None
        return value
    if step.kind is StepKind.ONE_OF:
        options = [option.id for option in step.options]
        if value not in options:
            reader.problem(
                node,
                f"'{value}' is not an answer of '{step.id}' (its answers are: {', '.join(options)})",
            )
            return None
        return value
    if step.kind is StepKind.NUMBER:
        if not isinstance(value, int) or isinstance(value, bool):
            reader.problem(node, f"'{step.id}' is a number question; compare it with a whole number")
            return None
        return value
    reader.problem(node, f"'{step.id}' is information, not a question")
    return None


def holds(condition: Condition | None, answers: Mapping[str, AnswerValue]) -> bool:
    """Whether a condition is true for these answers; an unanswered question makes a comparison false."""
    if condition is None:
        return True
    if isinstance(condition, AnswerIs):
        return condition.question in answers and answers[condition.question] in condition.values
    if isinstance(condition, AnswerAtLeast):
        value = answers.get(condition.question)
        return isinstance(value, int) and not isinstance(value, bool) and value >= condition.minimum
    if isinstance(condition, AnswerAtMost):
        value = answers.get(condition.question)
        return isinstance(value, int) and not isinstance(value, bool) and value <= condition.maximum
    if isinstance(condition, AllOf):
        return all(holds(part, answers) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return any(holds(part, answers) for part in condition.parts)
    return not holds(condition.part, answers)


def questions_in(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    if isinstance(condition, AnswerIs | AnswerAtLeast | AnswerAtMost):
        return {condition.question}
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(questions_in(part) for part in condition.parts))
    return questions_in(condition.part)


def numbers_in(condition: Condition | None, question: str) -> set[int]:
    """Thresholds a condition compares a number question with (for the reachability search)."""
    if condition is None:
        return set()
    if isinstance(condition, AnswerAtLeast | AnswerAtMost) and condition.question == question:
        bound = int(condition.minimum if isinstance(condition, AnswerAtLeast) else condition.maximum)
        return {bound - 1, bound, bound + 1}
    if isinstance(condition, AnswerIs) and condition.question == question:
        return {int(v) for v in condition.values if isinstance(v, int) and not isinstance(v, bool)}
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(numbers_in(part, question) for part in condition.parts))
    if isinstance(condition, Not):
        return numbers_in(condition.part, question)
    return set()
