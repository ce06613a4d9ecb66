"""One procedure script file -> a checked ``Procedure``, or the problems that stop it.

Every problem names the file, line and column, in words a clerk understands.
The checks go beyond the shape: conditions must name questions asked earlier
(so there can be no cycle), every step, document and fee must be reachable by
some answers, and every fee must be computable whenever it applies.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from itertools import product
from pathlib import Path

import yaml

from kiosk_app.catalogue.conditions import AnswerValue, holds, numbers_in, questions_in, read_condition
from kiosk_app.catalogue.model import (
    Document,
    Fee,
    Option,
    Procedure,
    Processing,
    Step,
    StepKind,
    Text,
    Tier,
)
from kiosk_app.catalogue.reader import Reader, ScriptProblem

FORMAT = 1
CODE_PATTERN = re.compile(r"^\d+(\.\d+)+(\.[0-9A-Z]+)*$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CUTOFF_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CHANNELS = ("in_person", "online", "post")
ONLINE = ("none", "partial", "full")
LEVELS = ("ward", "city")
log = logging.getLogger(__name__)
MAX_ANSWER_SETS = 4096  # beyond this many combinations the reachability check is skipped
# Answer sets looked at, in all, while projecting them for conditions (about 0.3 s):
# enough for every real script many times over, bounded for one built to be slow.
REACHABILITY_BUDGET = 1_000_000

TOP_REQUIRED = (
    "code", "category", "name", "summary", "sector", "level", "agency",
    "counter", "channels", "online", "processing", "documents", "result", "legal_basis",
)  # fmt: skip
TOP_OPTIONAL = ("format", "sample", "also_known_as", "situations", "fees", "steps", "where", "sets")


def load_procedure(
    data: bytes, file: str, categories: Mapping[str, object]
) -> tuple[Procedure | None, list[ScriptProblem]]:
    """The procedure, or the problems that stop it; never raises, whatever the bytes.

    The reader reports every problem it knows of. A script that still trips the
    checker (a bug of ours) is reported as a problem of that file too: one file
    must never take the catalogue, the staff editor or the self-test down.
    """
    try:
        return _load_procedure(data, file, categories)
    except Exception as exc:  # the last line of defence (RecursionError included), logged
        log.exception("the procedure checker failed on a script", extra={"file": Path(file).name})
        return None, [
            ScriptProblem(
                file,
                1,
                1,
                f"the kiosk could not check this script ({type(exc).__name__}); tell the developers",
            )
        ]


def _load_procedure(
    data: bytes, file: str, categories: Mapping[str, object]
) -> tuple[Procedure | None, list[ScriptProblem]]:
    reader = Reader(file)
    root = reader.parse(data)
    if root is None:
        return None, reader.problems
    procedure = _read_procedure(reader, root, categories)
    if procedure is not None and not reader.problems:
        _check_reachability(reader, procedure)
    problems = sorted(set(reader.problems))
    return (procedure if not problems else None), problems


def _read_procedure(reader: Reader, root: yaml.Node, categories: Mapping[str, object]) -> Procedure | None:
    fields = reader.mapping(root, what="a procedure script", required=TOP_REQUIRED, optional=TOP_OPTIONAL)
    if not fields:
        return None
    if "format" in fields:
        version = reader.integer(fields["format"], what="format", minimum=1, maximum=99)
        if version is not None and version != FORMAT:
            reader.problem(fields["format"], f"this kiosk reads procedure scripts of format {FORMAT}")
    code = reader.string(fields["code"], what="code", max_length=40) if "code" in fields else None
    if code is not None and not CODE_PATTERN.match(code):
        reader.problem(
            fields["code"], f"'{code}' is not a procedure code like 1.001193 or 2.000815.000.00.00.H38"
        )
    category = reader.string(fields["category"], what="category") if "category" in fields else None
    if category is not None and category not in categories:
        reader.problem(
            fields["category"], f"unknown category '{category}' (known: {', '.join(sorted(categories))})"
        )

    def text(name: str, max_length: int = 2000) -> Text | None:
        return reader.text(fields[name], what=name, max_length=max_length) if name in fields else None

    steps = _read_steps(reader, fields["steps"]) if "steps" in fields else ()
    questions = {step.id: step for step in steps if step.is_question}
    documents = _read_documents(reader, fields["documents"], questions) if "documents" in fields else ()
    fees = _read_fees(reader, fields["fees"], questions) if "fees" in fields else ()
    aka_vi, aka_en = _read_aliases(reader, fields.get("also_known_as"))
    situations_vi, situations_en = _read_aliases(reader, fields.get("situations"), what="situations")
    processing = _read_processing(reader, fields["processing"]) if "processing" in fields else None
    channels = reader.string_list(fields["channels"], what="channels") if "channels" in fields else ()
    for channel in channels:
        if channel not in CHANNELS:
            reader.problem(fields["channels"], f"unknown channel '{channel}' (use: {', '.join(CHANNELS)})")
    legal = (
        tuple(
            t
            for t in (
                reader.text(item, what="a legal basis entry")
                for item in reader.sequence(fields["legal_basis"], what="legal_basis")
            )
            if t is not None
        )
        if "legal_basis" in fields
        else ()
    )
    values = {
        "name": text("name", 200),
        "summary": text("summary"),
        "sector": text("sector", 200),
        "agency": text("agency", 300),
        "result": text("result"),
        "level": reader.choice(fields["level"], LEVELS, what="level") if "level" in fields else None,
        "online": reader.choice(fields["online"], ONLINE, what="online") if "online" in fields else None,
        "counter": reader.integer(fields["counter"], what="counter", minimum=1, maximum=99)
        if "counter" in fields
        else None,
    }
    sample = reader.boolean(fields["sample"], what="sample") if "sample" in fields else False
    sets = reader.integer(fields["sets"], what="sets", minimum=1, maximum=10) if "sets" in fields else 1
    where = text("where")
    if (
        reader.problems
        or code is None
        or category is None
        or processing is None
        or any(v is None for v in values.values())
    ):
        return None
    return Procedure(
        code=code,
        name=values["name"],  # type: ignore[arg-type]
        category=category,
        summary=values["summary"],  # type: ignore[arg-type]
        sector=values["sector"],  # type: ignore[arg-type]
        level=values["level"],  # type: ignore[arg-type]
        agency=values["agency"],  # type: ignore[arg-type]
        counter=values["counter"],  # type: ignore[arg-type]
        channels=channels,
        online=values["online"],  # type: ignore[arg-type]
        processing=processing,
        result=values["result"],  # type: ignore[arg-type]
        documents=documents,
        fees=fees,
        steps=steps,
        legal_basis=legal,
        also_known_as_vi=aka_vi,
        also_known_as_en=aka_en,
        situations_vi=situations_vi,
        situations_en=situations_en,
        sample=bool(sample),
        source_file=reader.file,
        extra_where=where,
        sets=sets or 1,
    )


def _identifier(reader: Reader, node: yaml.Node, *, what: str, seen: set[str]) -> str | None:
    value = reader.scalar(node)
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        reader.problem(
            node, f"the id of {what} must be lower-case letters, digits and _ (like has_certificate)"
        )
        return None
    if value in seen:
        reader.problem(node, f"the id '{value}' is used twice")
        return None
    seen.add(value)
    return value


def _read_steps(reader: Reader, node: yaml.Node) -> tuple[Step, ...]:
    steps: list[Step] = []
    seen: set[str] = set()
    asked: dict[str, Step] = {}
    for item in reader.sequence(node, what="steps"):
        fields = reader.mapping(
            item,
            what="a step",
            required=("id", "type"),
            optional=("ask", "text", "help", "options", "min", "max", "unit", "when"),
        )
        if "id" not in fields or "type" not in fields:
            continue
        step_id = _identifier(reader, fields["id"], what="a step", seen=seen)
        kind_name = reader.choice(fields["type"], [k.value for k in StepKind], what="the type of a step")
        if step_id is None or kind_name is None:
            continue
        kind = StepKind(kind_name)
        what = f"step '{step_id}'"
        wording = "text" if kind is StepKind.INFO else "ask"
        other = "ask" if wording == "text" else "text"
        if other in fields:
            reader.problem(
                fields[other],
                f"{what} is {'information' if kind is StepKind.INFO else 'a question'}: "
                f"use '{wording}:', not '{other}:'",
            )
            continue
        if wording not in fields:
            reader.problem(item, f"{what} needs '{wording}:' with the words shown to the citizen")
            continue
        text = reader.text(fields[wording], what=f"{what}'s {wording}")
        help_text = reader.text(fields["help"], what=f"{what}'s help") if "help" in fields else None
        when = read_condition(reader, fields["when"], asked, what=what) if "when" in fields else None
        options: tuple[Option, ...] = ()
        minimum = maximum = 0
        unit = None
        if kind is StepKind.ONE_OF:
            options = _read_options(reader, fields.get("options"), item, what)
        elif "options" in fields:
            reader.problem(fields["options"], f"only one_of questions have options; {what} is {kind.value}")
        if kind is StepKind.NUMBER:
            minimum = (
                reader.integer(fields["min"], what=f"{what}'s min", maximum=10**6) or 0
                if "min" in fields
                else 1
            )
            maximum = (
                reader.integer(fields["max"], what=f"{what}'s max", maximum=10**6) or 0
                if "max" in fields
                else 0
            )
            if "max" not in fields:
                reader.problem(
                    item, f"{what} is a number question and needs 'max:' (the largest answer accepted)"
                )
            elif minimum > maximum:
                reader.problem(fields["max"], f"{what}'s max ({maximum}) is below its min ({minimum})")
            unit = reader.text(fields["unit"], what=f"{what}'s unit") if "unit" in fields else None
        if text is None:
            continue
        step = Step(
            step_id, kind, text, help_text, options, minimum, maximum, unit, when, item.start_mark.line + 1
        )
        steps.append(step)
        if step.is_question:
            asked[step_id] = step
    return tuple(steps)


def _read_options(
    reader: Reader, node: yaml.Node | None, step_node: yaml.Node, what: str
) -> tuple[Option, ...]:
    if node is None:
        reader.problem(step_node, f"{what} is a one_of question and needs 'options:'")
        return ()
    options = []
    seen: set[str] = set()
    for item in reader.sequence(node, what=f"{what}'s options"):
        fields = reader.mapping(item, what=f"an option of {what}", required=("id", "label"))
        if "id" not in fields or "label" not in fields:
            continue
        option_id = _identifier(reader, fields["id"], what=f"an option of {what}", seen=seen)
        label = reader.text(fields["label"], what=f"option '{option_id}' of {what}", max_length=200)
        if option_id and label:
            options.append(Option(option_id, label))
    if len(options) < 2 and not reader.problems:
        reader.problem(node, f"{what} needs at least two options")
    return tuple(options)


def _read_documents(reader: Reader, node: yaml.Node, questions: Mapping[str, Step]) -> tuple[Document, ...]:
    documents = []
    seen: set[str] = set()
    for item in reader.sequence(node, what="documents"):
        fields = reader.mapping(
            item,
            what="a document",
            required=("id", "name"),
            optional=("originals", "copies", "form", "note", "when"),
        )
        if "id" not in fields or "name" not in fields:
            continue
        doc_id = _identifier(reader, fields["id"], what="a document", seen=seen)
        what = f"document '{doc_id}'"
        name = reader.text(fields["name"], what=f"{what}'s name", max_length=300)
        originals = (
            reader.integer(fields["originals"], what=f"{what}'s originals", maximum=20)
            if "originals" in fields
            else 1
        )
        copies = (
            reader.integer(fields["copies"], what=f"{what}'s copies", maximum=20) if "copies" in fields else 0
        )
        form = reader.text(fields["form"], what=f"{what}'s form") if "form" in fields else None
        note = reader.text(fields["note"], what=f"{what}'s note") if "note" in fields else None
        when = read_condition(reader, fields["when"], questions, what=what) if "when" in fields else None
        if originals == 0 and copies == 0:
            reader.problem(item, f"{what} asks for no original and no copy")
        if doc_id and name and originals is not None and copies is not None:
            documents.append(
                Document(doc_id, name, originals, copies, form, note, when, item.start_mark.line + 1)
            )
    return tuple(documents)


def _read_fees(reader: Reader, node: yaml.Node, questions: Mapping[str, Step]) -> tuple[Fee, ...]:
    fees = []
    seen: set[str] = set()
    for item in reader.sequence(node, what="fees"):
        fields = reader.mapping(
            item,
            what="a fee",
            required=("id", "label"),
            optional=("amount", "per_unit", "times", "note", "when"),
        )
        if "id" not in fields or "label" not in fields:
            continue
        fee_id = _identifier(reader, fields["id"], what="a fee", seen=seen)
        what = f"fee '{fee_id}'"
        label = reader.text(fields["label"], what=f"{what}'s label", max_length=300)
        note = reader.text(fields["note"], what=f"{what}'s note") if "note" in fields else None
        when = read_condition(reader, fields["when"], questions, what=what) if "when" in fields else None
        if ("amount" in fields) == ("per_unit" in fields):
            reader.problem(
                item, f"{what} cannot be computed: give either 'amount:' or 'per_unit:', not both or neither"
            )
            continue
        amount, per_unit_of, cap = 0, None, None
        tiers: tuple[Tier, ...] = ()
        if "amount" in fields:
            amount = reader.integer(fields["amount"], what=f"{what}'s amount", maximum=10**10) or 0
        else:
            per_unit_of, tiers, cap = _read_per_unit(reader, fields["per_unit"], questions, what)
        times = None
        if "times" in fields:
            times = _number_question(reader, fields["times"], questions, what=f"'times' of {what}")
        if fee_id and label:
            fees.append(
                Fee(
                    fee_id,
                    label,
                    amount,
                    per_unit_of,
                    tiers,
                    cap,
                    times,
                    note,
                    when,
                    item.start_mark.line + 1,
                )
            )
    return tuple(fees)


def _number_question(
    reader: Reader, node: yaml.Node, questions: Mapping[str, Step], *, what: str
) -> str | None:
    name = reader.scalar(node)
    step = questions.get(name) if isinstance(name, str) else None
    if step is None or step.kind is not StepKind.NUMBER:
        reader.problem(node, f"the fee cannot be computed: {what} must name a number question, not '{name}'")
        return None
    return step.id


def _read_per_unit(
    reader: Reader, node: yaml.Node, questions: Mapping[str, Step], what: str
) -> tuple[str | None, tuple[Tier, ...], int | None]:
    fields = reader.mapping(node, what=f"{what}'s per_unit", required=("of", "tiers"), optional=("cap",))
    question = (
        _number_question(reader, fields["of"], questions, what=f"'of' in {what}") if "of" in fields else None
    )
    tiers = []
    tier_nodes = reader.sequence(fields["tiers"], what=f"{what}'s tiers") if "tiers" in fields else []
    for index, tier_node in enumerate(tier_nodes):
        tier_fields = reader.mapping(
            tier_node, what=f"a tier of {what}", required=("each",), optional=("first",)
        )
        last = index == len(tier_nodes) - 1
        each = (
            reader.integer(tier_fields["each"], what=f"'each' in {what}", maximum=10**9)
            if "each" in tier_fields
            else None
        )
        first = (
            reader.integer(tier_fields["first"], what=f"'first' in {what}", minimum=1, maximum=10**6)
            if "first" in tier_fields
            else None
        )
        if first is None and not last and "first" not in tier_fields:
            reader.problem(
                tier_node,
                f"{what} cannot be computed: every tier but the last needs 'first:' "
                "(how many units it prices)",
            )
        if last and "first" in tier_fields:
            reader.problem(
                tier_node,
                f"{what} cannot be computed: the last tier prices all remaining units, so it has no 'first:'",
            )
        if each is not None:
            tiers.append(Tier(first if not last else None, each))
    if not tier_nodes and "tiers" in fields:
        reader.problem(fields["tiers"], f"{what} cannot be computed: it has no tiers")
    cap = (
        reader.integer(fields["cap"], what=f"{what}'s cap", minimum=1, maximum=10**10)
        if "cap" in fields
        else None
    )
    return question, tuple(tiers), cap


def _read_aliases(
    reader: Reader, node: yaml.Node | None, *, what: str = "also_known_as"
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if node is None:
        return (), ()
    fields = reader.mapping(node, what=what, optional=("vi", "en"))
    vi = reader.string_list(fields["vi"], what=f"{what} vi") if "vi" in fields else ()
    en = reader.string_list(fields["en"], what=f"{what} en") if "en" in fields else ()
    if what == "situations":
        for language, phrases in (("vi", vi), ("en", en)):
            for phrase in phrases:
                if len(phrase.split()) < 2 or len(phrase) > 80:
                    # One word ("died", "shop") would name a procedure in any sentence.
                    reader.problem(
                        fields[language],
                        f"situation '{phrase[:40]}' must be 2 or more words, at most 80 characters",
                    )
    return vi, en


def _read_processing(reader: Reader, node: yaml.Node) -> Processing | None:
    fields = reader.mapping(
        node, what="processing", required=("working_days",), optional=("cutoff", "extendable_to", "note")
    )
    if "working_days" not in fields:
        return None
    days = reader.integer(fields["working_days"], what="processing working_days", maximum=365)
    cutoff = "15:00"
    if "cutoff" in fields:
        text = reader.string(fields["cutoff"], what="processing cutoff", max_length=5)
        if text is None or not CUTOFF_PATTERN.match(text):
            reader.problem(fields["cutoff"], "processing cutoff must be a time like 15:00")
        else:
            cutoff = text
    extendable = (
        reader.integer(fields["extendable_to"], what="extendable_to", maximum=365)
        if "extendable_to" in fields
        else None
    )
    note = reader.text(fields["note"], what="processing note") if "note" in fields else None
    if days is None:
        return None
    return Processing(days, cutoff, extendable, note)


# --- reachability -------------------------------------------------------------------


def answer_sets(
    procedure: Procedure, limit: int = MAX_ANSWER_SETS
) -> Iterator[dict[str, AnswerValue]] | None:
    """Every distinct way through the questions (numbers at their interesting values), or None if too many."""
    questions = [s for s in procedure.steps if s.is_question]
    choices: list[list[AnswerValue]] = []
    for step in questions:
        if step.kind is StepKind.YES_NO:
            choices.append([True, False])
        elif step.kind is StepKind.ONE_OF:
            choices.append([o.id for o in step.options])
        else:
            interesting = {step.minimum, step.maximum}
            guarded: list[Step | Document | Fee] = [*procedure.steps, *procedure.documents, *procedure.fees]
            for item in guarded:
                interesting |= numbers_in(item.when, step.id)
            choices.append(sorted(v for v in interesting if step.minimum <= v <= step.maximum))
    total = 1
    for values in choices:
        total *= max(1, len(values))
        if total > limit:
            return None

    def walk() -> Iterator[dict[str, AnswerValue]]:
        seen: set[tuple[tuple[str, AnswerValue], ...]] = set()
        for combo in product(*choices):
            answers: dict[str, AnswerValue] = {}
            for step, value in zip(questions, combo, strict=True):
                if holds(step.when, answers):  # a hidden question gets no answer
                    answers[step.id] = value
            key = tuple(sorted(answers.items(), key=lambda kv: kv[0]))
            if key not in seen:
                seen.add(key)
                yield answers

    return walk()


class _Projections:
    """Answer sets seen through a few questions: what a condition over them can tell apart.

    A condition names a handful of questions, so the thousands of answer sets
    collapse to a few distinct projections; each condition is tested on those
    instead of on every set. Projections are shared between conditions over
    the same questions, and the work is counted so that no script under the
    size limit can keep the checker busy for long.
    """

    def __init__(self, answer_sets: list[dict[str, AnswerValue]], budget: int) -> None:
        self._sets = answer_sets
        self._cache: dict[tuple[str, ...], list[dict[str, AnswerValue]]] = {}
        self.budget = budget

    def over(self, questions: set[str]) -> list[dict[str, AnswerValue]] | None:
        """Distinct answer sets restricted to ``questions``; None once the budget is spent."""
        key = tuple(sorted(questions))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self.budget -= len(self._sets)
        if self.budget < 0:
            return None
        seen: dict[tuple[tuple[str, AnswerValue], ...], dict[str, AnswerValue]] = {}
        for answers in self._sets:
            shown = tuple((q, answers[q]) for q in key if q in answers)
            if shown not in seen:
                seen[shown] = dict(shown)
        projected = list(seen.values())
        self._cache[key] = projected
        return projected


def _check_reachability(reader: Reader, procedure: Procedure) -> None:
    """Conditions that no answers make true, and fees that could apply without their number.

    Exhaustive over every way through the questions, within a work budget:
    past it (a script built to be slow) the remaining items are not checked.
    """
    sets = answer_sets(procedure)
    if sets is None:
        return
    projections = _Projections(list(sets), budget=REACHABILITY_BUDGET)
    kinds: list[tuple[str, tuple[Step, ...] | tuple[Document, ...] | tuple[Fee, ...]]] = [
        ("step", procedure.steps),
        ("document", procedure.documents),
        ("fee", procedure.fees),
    ]
    for kind, items in kinds:
        for item in items:
            if item.when is None:
                continue
            seen = projections.over(questions_in(item.when))
            if seen is None:
                return
            if not any(holds(item.when, answers) for answers in seen):
                reader.problems.append(
                    ScriptProblem(
                        reader.file,
                        item.line,
                        1,
                        f"{kind} '{item.id}' can never be shown: no answers make its condition true",
                    )
                )
    for fee in procedure.fees:
        needed = [q for q in (fee.per_unit_of, fee.times) if q]
        if not needed:
            continue
        seen = projections.over(questions_in(fee.when) | set(needed))
        if seen is None:
            return
        for answers in seen:
            if holds(fee.when, answers) and any(q not in answers for q in needed):
                missing = next(q for q in needed if q not in answers)
                reader.problems.append(
                    ScriptProblem(
                        reader.file,
                        fee.line,
                        1,
                        f"fee '{fee.id}' cannot be computed: it can apply when question "
                        f"'{missing}' is not asked",
                    )
                )
                break
