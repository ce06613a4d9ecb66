"""A tailored checklist as words: the rows the screen shows, audio guidance reads and the receipt prints.

One presentation, so the three can never disagree: "2 originals" on screen is
"2 originals" on paper. The screen and the receipt only choose how big each
kind of row is.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import Checklist
from kiosk_app.catalogue.model import Document, StepKind
from kiosk_app.messages import Texts
from kiosk_app.settings import SiteSettings
from kiosk_app.wording import counter_label, day, price, processing_time


class RowKind(enum.Enum):
    SECTION = "section"  # a heading: papers, fees, time, answers
    ITEM = "item"  # a line that matters: a document, a fee, the total
    HINT = "hint"  # smaller print: a form's name, a note, an answer given


@dataclass(frozen=True)
class Row:
    kind: RowKind
    text: str


@dataclass(frozen=True)
class ChecklistText:
    title: str  # the procedure's name
    where: str  # which counter to hand it in at
    rows: tuple[Row, ...]
    code: str = ""  # the procedure's code (a payment reference)
    total_fee: int = 0  # in đồng, for these answers

    def spoken(self) -> str:
        return " ".join([self.title, self.where, *(row.text for row in self.rows)])


def document_counts(document: Document, texts: Texts) -> str:
    counts = []
    if document.originals:
        counts.append(texts.ntr("{n} original", "{n} originals", document.originals))
    if document.copies:
        counts.append(texts.ntr("{n} copy", "{n} copies", document.copies))
    return ", ".join(counts)


REUSABLE = "reusable"


def present(
    checklist: Checklist,
    answers: dict[str, AnswerValue],
    *,
    site: SiteSettings,
    texts: Texts,
    on_file: Mapping[str, str] | None = None,
) -> ChecklistText:
    """``on_file``: document id -> state, for documents the city holds for this citizen (Decree 45/2020)."""
    language = texts.language
    procedure = checklist.procedure
    on_file = on_file or {}
    held = [d for d in checklist.documents if on_file.get(d.id) == REUSABLE]
    rows = [Row(RowKind.SECTION, texts.tr("Papers to bring"))]
    for document in checklist.documents:
        if document in held:
            continue
        rows.append(
            Row(RowKind.ITEM, f"• {document.name.get(language)} — {document_counts(document, texts)}")
        )
        if document.form:
            rows.append(Row(RowKind.HINT, "   " + document.form.get(language)))
        if document.id in on_file:
            rows.append(
                Row(RowKind.HINT, "   " + texts.tr("The city has a digitised copy; still bring this one."))
            )
    if held:
        rows.append(Row(RowKind.SECTION, texts.tr("On file with the city: no need to bring")))
        rows += [Row(RowKind.ITEM, f"• {document.name.get(language)}") for document in held]
    rows.append(Row(RowKind.SECTION, texts.tr("Fees")))
    for line in checklist.fees:
        rows.append(Row(RowKind.ITEM, f"• {line.label.get(language)}: {price(line.amount, texts)}"))
    rows.append(Row(RowKind.ITEM, texts.tr("Total: {total}", total=price(checklist.total_fee, texts))))
    rows.append(Row(RowKind.SECTION, texts.tr("Time")))
    rows.append(Row(RowKind.ITEM, processing_time(checklist.working_days, texts)))
    if checklist.return_date is not None:
        rows.append(
            Row(
                RowKind.ITEM,
                texts.tr(
                    "If you hand it in now, the result is due {date}.", date=day(checklist.return_date, texts)
                ),
            )
        )
    # "*", not "ⓘ": the receipt font has no circled letters (it printed a missing-glyph box).
    rows += [Row(RowKind.HINT, "* " + note.text.get(language)) for note in checklist.notes]
    given = [step for step in procedure.steps if step.id in answers]
    if given:
        rows.append(Row(RowKind.SECTION, texts.tr("Your answers")))
    for step in given:
        value = answers[step.id]
        if step.kind is StepKind.YES_NO:
            shown = texts.tr("Yes") if value else texts.tr("No")
        elif step.kind is StepKind.ONE_OF:
            shown = next((o.label.get(language) for o in step.options if o.id == value), str(value))
        else:
            unit = step.unit.get(language) if step.unit else ""
            shown = f"{value} {unit}".strip()
        rows.append(Row(RowKind.HINT, f"{step.text.get(language)} — {shown}"))
    return ChecklistText(
        title=procedure.name.get(language),
        where=texts.tr("Hand in at {counter}.", counter=counter_label(site, procedure.counter, texts)),
        rows=tuple(rows),
        code=procedure.code,
        total_fee=checklist.total_fee,
    )
