"""Reading YAML nodes into typed values, with the line and column of every problem.

Scripts are written by clerks, so every message says where and what in plain
words. Only plain YAML data is accepted: no tags, no anchors or aliases.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from kiosk_app.catalogue.model import Text


MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16
_CORE = "tag:yaml.org,2002:"
_STR = f"{_CORE}str"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "bool", "null", "float")}
# libyaml's parser with the base resolver: every plain scalar comes back as text
# and ``Reader.scalar`` types it (YAML 1.1 rules, below). Resolving types here
# instead of in PyYAML's regex resolver makes loading a large catalogue much faster.
_Loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_C_LOADER = _Loader is not yaml.BaseLoader
_BOOLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
# At least one digit, before or after the point: ".", "._" and ".e5" stay text.
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?$")
# Longer numbers than any script needs are left as text (and reported by ``integer``):
# converting thousands of digits is slow and Python refuses past 4,300.
MAX_NUMBER_CHARACTERS = 40
# C0 controls other than tab, newline and carriage return, DEL and C1 controls:
# YAML refuses most of them, and none has a place in a script.
# U+FFFE and U+FFFF are not characters at all (YAML refuses them too).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _char_index(data: bytes, byte_index: int) -> int:
    """The character index of a byte offset, counting each undecodable byte as one character."""
    return len(data[:byte_index].decode("utf-8", "replace"))


@dataclass(frozen=True, order=True)
class ScriptProblem:
    file: str
    line: int
    column: int
    message: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class Reader:
    """Collects problems while turning nodes into values; never raises on bad data."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[ScriptProblem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        column = node.start_mark.column + 1 if node is not None else 1
        self.problems.append(ScriptProblem(self.file, line, column, message))

    # --- parsing -------------------------------------------------------------

    def parse(
        self,
        data: bytes,
        *,
        what: str = "a procedure script",
        max_bytes: int = MAX_FILE_BYTES,
        empty_ok: bool = False,
    ) -> yaml.Node | None:
        """The node tree of plain YAML data, or None with the problems recorded.

        Bounded for any input: the size is checked first, aliases are refused
        before anything is expanded, and nesting is limited.
        """
        if len(data) > max_bytes:
            self.problem(
                None, f"the file is {len(data) // 1024} KB; {what} may be at most {max_bytes // 1024} KB"
            )
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = position_of(data.decode("utf-8", "replace"), _char_index(data, exc.start))
            self.problems.append(
                ScriptProblem(
                    self.file,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} here); "
                    "save it as UTF-8 in the editor",
                )
            )
            return None
        text = text.removeprefix("\ufeff")
        control = _CONTROL.search(text)
        if control is not None:
            line, column = position_of(text, control.start())
            self.problems.append(
                ScriptProblem(
                    self.file,
                    line,
                    column,
                    f"an invisible control character (U+{ord(control.group()):04X}) is here; delete it",
                )
            )
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            what = exc.problem or "the YAML is malformed"
            self.problems.append(ScriptProblem(self.file, line, column, f"not valid YAML: {what}"))
            return None
        except yaml.reader.ReaderError as exc:
            # libyaml counts bytes of UTF-8; the pure-Python reader counts characters.
            index = _char_index(text.encode("utf-8"), exc.position) if _C_LOADER else exc.position
            line, column = position_of(text, index)
            self.problems.append(ScriptProblem(self.file, line, column, f"not valid YAML: {exc.reason}"))
            return None
        except (yaml.YAMLError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
            self.problems.append(ScriptProblem(self.file, 1, 1, f"not valid YAML: {reason}"))
            return None
        finally:
            loader.dispose()
        if node is None:
            if not empty_ok:
                self.problem(None, "the file is empty")
            return None
        if not self._plain(node):
            return None
        return node

    def _plain(self, root: yaml.Node) -> bool:
        """No tags, no aliases, not too deep: checked without recursion."""
        seen: set[int] = set()
        stack: list[tuple[yaml.Node, int]] = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            if id(node) in seen:
                self.problem(node, "anchors and aliases (& and *) are not allowed; write the value out")
                return False
            seen.add(id(node))
            if depth > MAX_DEPTH:
                self.problem(node, f"nested more than {MAX_DEPTH} levels deep")
                return False
            if isinstance(node, yaml.ScalarNode):
                if node.tag not in _SCALAR_TAGS:
                    self.problem(node, f"the tag {node.tag} is not allowed; write plain values")
                    return False
            elif isinstance(node, yaml.SequenceNode):
                if node.tag != f"{_CORE}seq":
                    self.problem(node, f"the tag {node.tag} is not allowed")
                    return False
                stack.extend((child, depth + 1) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                if node.tag != f"{_CORE}map":
                    self.problem(node, f"the tag {node.tag} is not allowed")
                    return False
                for key, value in node.value:
                    stack.append((key, depth + 1))
                    stack.append((value, depth + 1))
        return True

    # --- shapes ----------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, *, what: str, required: Iterable[str] = (), optional: Iterable[str] = ()
    ) -> dict[str, yaml.Node]:
        """A mapping's fields by name; unknown, duplicate and missing fields are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a set of 'field: value' lines")
            return {}
        required, optional = list(required), list(optional)
        allowed = set(required) | set(optional)
        fields: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = self.scalar(key)
            if not isinstance(name, str):
                self.problem(key, f"field names in {what} are words, not {name!r}")
                continue
            if name in fields:
                self.problem(key, f"'{name}' appears twice in {what}")
                continue
            if name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.6)
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; {what} may have: {', '.join(sorted(allowed))}"
                )
                self.problem(key, f"unknown field '{name}' in {what}{hint}")
                continue
            fields[name] = value
        for name in required:
            if name not in fields:
                self.problem(node, f"{what} is missing the field '{name}:'")
        return fields

    def sequence(self, node: yaml.Node, *, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list (lines starting with '- ')")
            return []
        return list(node.value)

    @staticmethod
    def scalar(node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return node
        tag, value = node.tag, node.value
        if tag == _STR:
            if node.style:  # quoted or block: always text (plain is None or "")
                return value
            first = value[:1]
            if (first.isdigit() or first in ("+", "-", ".")) and len(value) <= MAX_NUMBER_CHARACTERS:
                try:
                    if _INT.match(value):
                        return int(value.replace("_", ""))
                    if _FLOAT.match(value):
                        return float(value.replace("_", ""))
                except ValueError:  # an odd spelling the patterns let through stays text
                    return value
                return value
            if value in _BOOLS:
                return _BOOLS[value]
            if value in _NULLS:
                return None
            return value
        if tag == f"{_CORE}int":
            text = value.replace("_", "")
            if len(text) > MAX_NUMBER_CHARACTERS:
                return value
            try:
                return int(text, 0) if text.lower().startswith(("0x", "0o")) else int(text)
            except ValueError:
                return value
        if tag == f"{_CORE}bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag == f"{_CORE}null":
            return None
        if tag == f"{_CORE}float":
            if len(value) > MAX_NUMBER_CHARACTERS:
                return value
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        return value

    # --- values ----------------------------------------------------------------

    def string(self, node: yaml.Node, *, what: str, max_length: int = 2000) -> str | None:
        value = self.scalar(node)
        if isinstance(value, bool) or value is None or isinstance(value, yaml.Node):
            self.problem(node, f"{what} must be text")
            return None
        # Text as written: a plain 1.0010 is "1.0010", never the number's "1.001".
        text = (node.value if isinstance(node, yaml.ScalarNode) else str(value)).strip()
        if not text:
            self.problem(node, f"{what} is empty")
            return None
        if len(text) > max_length:
            self.problem(node, f"{what} is longer than {max_length} characters")
            return None
        return text

    def integer(self, node: yaml.Node, *, what: str, minimum: int = 0, maximum: int = 10**9) -> int | None:
        value = self.scalar(node)
        if (
            isinstance(value, str)
            and len(value) > MAX_NUMBER_CHARACTERS
            and value.lstrip("+-").replace("_", "").isdigit()
        ):
            self.problem(node, f"{what} is far too large: it must be from {minimum} to {maximum}")
            return None
        if isinstance(value, float) or (
            isinstance(value, str) and value.replace(".", "").replace(",", "").isdigit()
        ):
            self.problem(node, f"{what} must be a whole number written with plain digits (8000, not 8.000)")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(node, f"{what} must be a whole number")
            return None
        if not minimum <= value <= maximum:
            self.problem(node, f"{what} must be from {minimum} to {maximum}, not {value}")
            return None
        return value

    def boolean(self, node: yaml.Node, *, what: str) -> bool | None:
        value = self.scalar(node)
        if not isinstance(value, bool):
            self.problem(node, f"{what} must be yes or no")
            return None
        return value

    def choice(self, node: yaml.Node, choices: Iterable[str], *, what: str) -> str | None:
        options = list(choices)
        value = self.scalar(node)
        if not isinstance(value, str) or value not in options:
            self.problem(node, f"{what} must be one of: {', '.join(options)}")
            return None
        return value

    def text(self, node: yaml.Node, *, what: str, max_length: int = 2000) -> Text | None:
        """Both languages, side by side: {vi: ..., en: ...}."""
        if isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{what} needs both languages, written as vi: ... and en: ...")
            return None
        fields = self.mapping(node, what=what, optional=("vi", "en"))
        for code, language in (("vi", "Vietnamese"), ("en", "English")):
            if isinstance(node, yaml.MappingNode) and code not in fields:
                self.problem(node, f"missing translation: {what} has no {language} text ({code}:)")
        if set(fields) != {"vi", "en"}:
            return None
        vi = self.string(fields["vi"], what=f"the Vietnamese of {what}", max_length=max_length)
        en = self.string(fields["en"], what=f"the English of {what}", max_length=max_length)
        if vi is None or en is None:
            return None
        # Imported here: the site file is read with this class too, on the way to the first
        # paint, and needs none of the procedure model.
        from kiosk_app.catalogue.model import Text

        return Text(vi, en)

    def string_list(self, node: yaml.Node, *, what: str) -> tuple[str, ...]:
        values = []
        for item in self.sequence(node, what=what):
            text = self.string(item, what=f"an entry of {what}", max_length=200)
            if text is not None:
                values.append(text)
        return tuple(values)
