"""Form editing of a procedure script that keeps the file as staff wrote it.

The form shows every text (both languages) and every number (amounts, counts,
days) of a script as a field. Saving patches only those values in the
original text, at the exact place each was read from, so comments, order and
layout stay as they were. Adding or removing documents, fees or questions is
done in the raw text view; the same validator guards both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from kiosk_app.catalogue.reader import Reader

NUMBER_KEYS = frozenset(
    {
        "amount",
        "originals",
        "copies",
        "working_days",
        "extendable_to",
        "counter",
        "min",
        "max",
        "each",
        "first",
        "cap",
    }
)
TEXT_KEYS = frozenset({"vi", "en"})
SECTIONS = ("name", "summary", "sector", "agency", "result", "processing", "steps", "documents", "fees")


@dataclass(frozen=True)
class EditableField:
    key: str  # a stable path, e.g. "documents/birth_notice/name/vi"
    value: str
    is_number: bool
    start: int  # character offsets of the value in the script text
    end: int

    @property
    def language(self) -> str | None:
        last = self.key.rsplit("/", 1)[-1]
        return last if last in TEXT_KEYS else None


def editable_fields(text: str) -> list[EditableField]:
    """The values a form may change, in file order; empty if the text does not parse."""
    reader = Reader("editing")
    root = reader.parse(text.encode("utf-8"))
    if not isinstance(root, yaml.MappingNode):
        return []
    found: list[EditableField] = []
    for key_node, value_node in root.value:
        section = Reader.scalar(key_node)
        if section in NUMBER_KEYS and isinstance(value_node, yaml.ScalarNode):
            start, end = value_node.start_mark.index, value_node.end_mark.index
            found.append(EditableField(str(section), value_node.value, True, start, end))
        elif section in SECTIONS:
            _walk(value_node, str(section), found)
    return found


def _walk(node: yaml.Node, path: str, found: list[EditableField]) -> None:
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}/{_item_name(item, index)}", found)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = Reader.scalar(key_node)
            if not isinstance(key, str) or key in ("id", "when", "type", "answer"):
                continue
            if isinstance(value_node, yaml.ScalarNode) and (key in TEXT_KEYS or key in NUMBER_KEYS):
                found.append(
                    EditableField(
                        f"{path}/{key}",
                        value_node.value,
                        key in NUMBER_KEYS,
                        value_node.start_mark.index,
                        value_node.end_mark.index,
                    )
                )
            else:
                _walk(value_node, f"{path}/{key}", found)


def _item_name(item: yaml.Node, index: int) -> str:
    if isinstance(item, yaml.MappingNode):
        for key_node, value_node in item.value:
            if Reader.scalar(key_node) == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return str(index + 1)


def apply_edits(text: str, edits: dict[str, str]) -> str:
    """The script with these fields changed; raises ValueError naming a field that is not a whole number."""
    fields = {field.key: field for field in editable_fields(text)}
    changes = []
    for key, new_value in edits.items():
        field = fields.get(key)
        if field is None:
            raise ValueError(f"{key} is not a field of this script")
        if new_value == field.value:
            continue
        if field.is_number:
            if not new_value.strip().isdigit():
                raise ValueError(f"{key} must be a whole number written with digits")
            rendered = str(int(new_value.strip()))
        else:
            # A JSON string is a valid YAML double-quoted scalar: safe for any text.
            rendered = json.dumps(new_value.strip(), ensure_ascii=False)
        changes.append((field.start, field.end, rendered))
    for start, end, rendered in sorted(changes, reverse=True):
        text = text[:start] + rendered + text[end:]
    return text
