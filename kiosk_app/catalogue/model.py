"""The typed form of a procedure script, once it has been read and checked."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Text:
    """One piece of text in both languages."""

    vi: str
    en: str

    def get(self, language: str) -> str:
        return self.vi if language == "vi" else self.en


# --- conditions: the declarative mini-language ---------------------------------


@dataclass(frozen=True)
class AnswerIs:
    question: str
    values: tuple[object, ...]  # any of these


@dataclass(frozen=True)
class AnswerAtLeast:
    question: str
    minimum: float


@dataclass(frozen=True)
class AnswerAtMost:
    question: str
    maximum: float


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = Union[AnswerIs, AnswerAtLeast, AnswerAtMost, AllOf, AnyOf, Not]  # noqa: UP007


class StepKind(enum.Enum):
    INFO = "info"
    YES_NO = "yes_no"
    ONE_OF = "one_of"
    NUMBER = "number"


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    text: Text  # the question, or the information shown
    help: Text | None = None
    options: tuple[Option, ...] = ()
    minimum: int = 0
    maximum: int = 0
    unit: Text | None = None
    when: Condition | None = None
    line: int = 0

    @property
    def is_question(self) -> bool:
        return self.kind is not StepKind.INFO


@dataclass(frozen=True)
class Document:
    id: str
    name: Text
    originals: int = 1
    copies: int = 0
    form: Text | None = None
    note: Text | None = None
    when: Condition | None = None
    line: int = 0


@dataclass(frozen=True)
class Tier:
    """Price per unit for the next ``first`` units (None: for all the rest)."""

    first: int | None
    each: int


@dataclass(frozen=True)
class Fee:
    id: str
    label: Text
    amount: int = 0  # a fixed amount, or 0 when priced per unit
    per_unit_of: str | None = None  # number question giving the units (e.g. pages)
    tiers: tuple[Tier, ...] = ()
    cap: int | None = None  # most one item may cost (e.g. one certified copy)
    times: str | None = None  # number question multiplying the whole (e.g. copies)
    note: Text | None = None
    when: Condition | None = None
    line: int = 0


@dataclass(frozen=True)
class Processing:
    working_days: int  # 0: the same day
    cutoff: str = "15:00"  # received later counts from the next working day
    extendable_to: int | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Procedure:
    code: str
    name: Text
    category: str
    summary: Text
    sector: Text
    level: str
    agency: Text
    counter: int
    channels: tuple[str, ...]
    online: str
    processing: Processing
    result: Text
    documents: tuple[Document, ...] = ()
    fees: tuple[Fee, ...] = ()
    steps: tuple[Step, ...] = ()
    legal_basis: tuple[Text, ...] = ()
    also_known_as_vi: tuple[str, ...] = ()
    also_known_as_en: tuple[str, ...] = ()
    # Situations that mean this procedure ("mới sinh em bé", "my father passed away"): how
    # citizens describe their case without naming it. Two words at least each.
    situations_vi: tuple[str, ...] = ()
    situations_en: tuple[str, ...] = ()
    sample: bool = False
    source_file: str = ""
    extra_where: Text | None = None
    sets: int = 1
    questions: dict[str, Step] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.questions.update({step.id: step for step in self.steps if step.is_question})

    @property
    def fixed_fee(self) -> int | None:
        """The fee whatever the answers (0: free), or None when it depends on them."""
        if all(fee.when is None and fee.per_unit_of is None and fee.times is None for fee in self.fees):
            return sum(fee.amount for fee in self.fees)
        return None

    @property
    def lowest_fee(self) -> int:
        """The cheapest case: conditional fees may not apply, per-unit fees count one unit, once."""
        return sum(
            fee.amount if fee.per_unit_of is None else (fee.tiers[0].each if fee.tiers else fee.amount)
            for fee in self.fees
            if fee.when is None
        )
