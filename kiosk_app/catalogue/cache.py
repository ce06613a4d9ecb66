"""A record of scripts already validated, so a restart does not validate them again.

Validation is a pure function of a script's bytes, the category list and the
rules of this kiosk version. The cache keeps, for each file, the SHA-256 of
the bytes that passed and the procedure they produced (as plain JSON, never
code). A file whose bytes, categories or kiosk version differ is validated
again in full. Only the catalogue in service uses it (its folder belongs to
the kiosk); checking scripts from the command line never does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from kiosk_app import __version__
from kiosk_app.catalogue import export
from kiosk_app.catalogue.model import (
    AllOf,
    AnswerAtLeast,
    AnswerAtMost,
    AnswerIs,
    AnyOf,
    Condition,
    Document,
    Fee,
    Not,
    Option,
    Procedure,
    Processing,
    Step,
    StepKind,
    Text,
    Tier,
)

log = logging.getLogger(__name__)
CACHE_FILE = ".validated.json"
# Bump when validation rules change in a way the kiosk version does not capture.
RULES = 2  # 2: scripts may carry situations


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ValidatedCache:
    def __init__(self, path: Path, categories_digest: str) -> None:
        self.path = path
        self.stamp = f"{__version__}:{RULES}:{categories_digest}"
        self._entries: dict[str, dict[str, Any]] = {}
        self._fresh: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (
                isinstance(data, dict)
                and data.get("stamp") == self.stamp
                and isinstance(data.get("entries"), dict)
            ):
                self._entries = data["entries"]
        except (OSError, ValueError):
            pass  # no cache, or a damaged one: validate everything

    def get(self, file_name: str, sha: str, source_file: str) -> Procedure | None:
        entry = self._entries.get(file_name)
        if not isinstance(entry, dict) or entry.get("sha") != sha:
            return None
        try:
            procedure = procedure_from_dict(entry["procedure"], source_file)
        except (KeyError, TypeError, ValueError):
            return None
        self._fresh[file_name] = entry
        return procedure

    def put(self, file_name: str, sha: str, procedure: Procedure) -> None:
        self._fresh[file_name] = {"sha": sha, "procedure": export.procedure(procedure)}

    def save(self) -> None:
        """Keep only what this load saw; written atomically, and quietly skipped if it cannot be."""
        if self._fresh == self._entries:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".validated.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps({"stamp": self.stamp, "entries": self._fresh}, ensure_ascii=False))
            Path(temporary).replace(self.path)
        except OSError as exc:
            log.warning("could not save the validated-scripts cache", extra={"error": exc.strerror})


def _text(value: Any) -> Text | None:
    return None if value is None else Text(value["vi"], value["en"])


def _required_text(value: Any) -> Text:
    text = _text(value)
    if text is None:
        raise ValueError("missing text")
    return text


def _condition(value: Any) -> Condition | None:
    if value is None:
        return None
    if "in" in value:
        return AnswerIs(value["answer"], tuple(value["in"]))
    if "at_least" in value:
        return AnswerAtLeast(value["answer"], value["at_least"])
    if "at_most" in value:
        return AnswerAtMost(value["answer"], value["at_most"])
    if "all" in value:
        return AllOf(tuple(_must(_condition(part)) for part in value["all"]))
    if "any" in value:
        return AnyOf(tuple(_must(_condition(part)) for part in value["any"]))
    return Not(_must(_condition(value["not"])))


def _must(condition: Condition | None) -> Condition:
    if condition is None:
        raise ValueError("empty condition")
    return condition


def procedure_from_dict(data: dict[str, Any], source_file: str) -> Procedure:
    """The inverse of ``export.procedure``."""
    processing = data["processing"]
    return Procedure(
        code=data["code"],
        name=_required_text(data["name"]),
        category=data["category"],
        summary=_required_text(data["summary"]),
        sector=_required_text(data["sector"]),
        level=data["level"],
        agency=_required_text(data["agency"]),
        counter=data["counter"],
        channels=tuple(data["channels"]),
        online=data["online"],
        processing=Processing(
            processing["working_days"],
            processing["cutoff"],
            processing["extendable_to"],
            _text(processing["note"]),
        ),
        result=_required_text(data["result"]),
        documents=tuple(
            Document(
                d["id"], _required_text(d["name"]), d["originals"], d["copies"], _text(d["form"]),
                _text(d["note"]), _condition(d["when"]), d.get("line", 0),
            )
            for d in data["documents"]
        ),
        fees=tuple(
            Fee(
                f["id"], _required_text(f["label"]), f["amount"], f["per_unit_of"],
                tuple(Tier(t["first"], t["each"]) for t in f["tiers"]), f["cap"], f["times"],
                _text(f["note"]), _condition(f["when"]), f.get("line", 0),
            )
            for f in data["fees"]
        ),
        steps=tuple(
            Step(
                s["id"], StepKind(s["type"]), _required_text(s["text"]), _text(s["help"]),
                tuple(Option(o["id"], _required_text(o["label"])) for o in s["options"]),
                s["min"], s["max"], _text(s["unit"]), _condition(s["when"]), s.get("line", 0),
            )
            for s in data["steps"]
        ),
        legal_basis=tuple(_required_text(t) for t in data["legal_basis"]),
        also_known_as_vi=tuple(data["also_known_as"]["vi"]),
        also_known_as_en=tuple(data["also_known_as"]["en"]),
        situations_vi=tuple(data.get("situations", {}).get("vi", ())),
        situations_en=tuple(data.get("situations", {}).get("en", ())),
        sample=data["sample"],
        source_file=source_file,
        extra_where=_text(data.get("where")),
        sets=data["sets"],
    )  # fmt: skip
