"""The catalogue as plain JSON-ready data (for the assistant, the backend, tools)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk_app.catalogue.model import (
    AllOf,
    AnswerAtLeast,
    AnswerAtMost,
    AnswerIs,
    AnyOf,
    Condition,
    Procedure,
    Text,
)

if TYPE_CHECKING:  # the catalogue module imports this one (through the cache)
    from kiosk_app.catalogue.catalogue import Catalogue


def text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else {"vi": value.vi, "en": value.en}


def condition(value: Condition | None) -> Any:
    if value is None:
        return None
    if isinstance(value, AnswerIs):
        return {"answer": value.question, "in": list(value.values)}
    if isinstance(value, AnswerAtLeast):
        return {"answer": value.question, "at_least": value.minimum}
    if isinstance(value, AnswerAtMost):
        return {"answer": value.question, "at_most": value.maximum}
    if isinstance(value, AllOf):
        return {"all": [condition(part) for part in value.parts]}
    if isinstance(value, AnyOf):
        return {"any": [condition(part) for part in value.parts]}
    return {"not": condition(value.part)}


def procedure(p: Procedure) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": text(p.name),
        "category": p.category,
        "summary": text(p.summary),
        "sector": text(p.sector),
        "level": p.level,
        "agency": text(p.agency),
        "counter": p.counter,
        "channels": list(p.channels),
        "online": p.online,
        "sample": p.sample,
        "sets": p.sets,
        "where": text(p.extra_where),
        "processing": {
            "working_days": p.processing.working_days,
            "cutoff": p.processing.cutoff,
            "extendable_to": p.processing.extendable_to,
            "note": text(p.processing.note),
        },
        "result": text(p.result),
        "also_known_as": {"vi": list(p.also_known_as_vi), "en": list(p.also_known_as_en)},
        "situations": {"vi": list(p.situations_vi), "en": list(p.situations_en)},
        "legal_basis": [text(t) for t in p.legal_basis],
        "steps": [
            {
                "id": s.id,
                "type": s.kind.value,
                "text": text(s.text),
                "help": text(s.help),
                "options": [{"id": o.id, "label": text(o.label)} for o in s.options],
                "min": s.minimum,
                "max": s.maximum,
                "unit": text(s.unit),
                "when": condition(s.when),
                "line": s.line,
            }
            for s in p.steps
        ],
        "documents": [
            {
                "id": d.id,
                "name": text(d.name),
                "originals": d.originals,
                "copies": d.copies,
                "form": text(d.form),
                "note": text(d.note),
                "when": condition(d.when),
                "line": d.line,
            }
            for d in p.documents
        ],
        "fees": [
            {
                "id": f.id,
                "label": text(f.label),
                "amount": f.amount,
                "per_unit_of": f.per_unit_of,
                "tiers": [{"first": t.first, "each": t.each} for t in f.tiers],
                "cap": f.cap,
                "times": f.times,
                "note": text(f.note),
                "when": condition(f.when),
                "line": f.line,
            }
            for f in p.fees
        ],
    }


def catalogue(c: Catalogue) -> dict[str, Any]:
    return {
        "categories": [
            {"id": cat.id, "name": text(cat.name), "description": text(cat.description)}
            for cat in c.categories.values()
        ],
        "procedures": [procedure(p) for p in sorted(c.procedures.values(), key=lambda p: p.code)],
        "problems": [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message} for p in c.problems
        ],
    }
