"""Fuzzing what the kiosk reads from outside: procedure scripts, site files, ID QR codes, model archives.

One property for every reader: a valid result or a problem report, never a
traceback (any exception but the reader's documented one), and never a
problem without its line when the input has a line to point at. Inputs are
the real shipped files mutated with nasty YAML (odd scalars, impossible dates,
tags, anchors and alias bombs, control characters, invalid UTF-8, deep
nesting, huge strings) and raw random bytes. Every run is derandomized and
bounded, so CI sees the same examples every time and stays fast.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import stat
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from devices.cccd import CitizenIdentity, IdPayloadError, parse_cccd
from kiosk_app.assistant import models
from kiosk_app.catalogue.catalogue import Category, read_categories
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.reader import MAX_FILE_BYTES
from kiosk_app.settings import (
    ConfigError,
    Settings,
    SettingSpec,
    SettingsProblem,
    load_schema,
    load_settings,
    read_site_file,
)

ROOT = Path(__file__).resolve().parent.parent
PROCEDURES = ROOT / "procedures"
SCRIPTS = sorted(p for p in PROCEDURES.glob("*.yaml") if p.name != "categories.yaml")
SITE_EXAMPLE = ROOT / "config" / "site-example.yaml"

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)

# --- nasty YAML -----------------------------------------------------------------------


def _billion_laughs() -> bytes:
    """Ten to the ninth 'lol's from a one-line flow sequence of about 330 bytes."""
    levels = [b"&a [" + b",".join([b"lol"] * 10) + b"]"]
    for previous, name in itertools.pairwise("abcdefghi"):
        levels.append(b"&" + name.encode() + b" [" + b",".join([b"*" + previous.encode()] * 10) + b"]")
    return b"[" + b", ".join(levels) + b"]"


BILLION_LAUGHS = _billion_laughs()
# Scalars and small documents that have tripped YAML readers; each fits on one line.
NASTY_VALUES: tuple[bytes, ...] = (
    b"._",
    b".e5",
    b"-.",
    b"+.",
    b"-._",
    b"1_.e5",
    b".nan",
    b".NaN",
    b".inf",
    b"-.inf",
    b"1e400",
    b"9" * 5000,
    b"-" + b"9" * 5000,
    b"0x" + b"f" * 5000,
    b"2026-02-30",
    b"2026-13-01",
    b"0000-01-01",
    b"2026-02-30 25:61:61",
    b"!!timestamp 2026-02-30",
    b"!!timestamp x",
    b"!!int 0x",
    b"!!int " + b"9" * 5000,
    b"!!float x",
    b"!!float " + b"9" * 5000,
    b"!!bool maybe",
    b"!!null x",
    b"!!binary",
    b"!!binary '!!!'",
    b"!!python/object:os.system {}",
    b"!!python/object/apply:os.system ['true']",
    b"!!python/name:os.system ''",
    b"!!set {a, b}",
    b"!!omap [a: 1]",
    b"!local x",
    b"&a [*a]",
    b"&a {x: *a}",
    b"*undefined",
    b"&a x",
    BILLION_LAUGHS,
    b"[" * 200 + b"]" * 200,
    b"{a: " * 100 + b"1" + b"}" * 100,
    b'"\\0"',
    b'"\\x01"',
    b'"\\u202e"',
    b"\x00",
    b"\x01",
    b"\x1b[2J",
    b"\x7f",
    b"\xc2\x85",  # U+0085, a line break to YAML 1.1
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"\xef\xbf\xbe",  # U+FFFE
    b"\xef\xbb\xbf",  # a BOM in the middle of a file
    b"\xe2\x80\xae",  # U+202E, right-to-left override
    b"x" * 60_000,
    "ữ".encode() * 20_000,
    b"~",
    b"",
    b"[]",
    b"{}",
    b"yes",
    b"NO",
    b"- a",
    b"? x",
    b"%YAML 1.1",
    b"---",
    b"...",
    b"#",
    b'"http://["',
    b'"http://[::1"',
    b'"scrypt$' + b"9" * 5000 + b'$8$1$c2FsdA==$a2V5"',
)
# Text that breaks the YAML around it rather than being a value.
NASTY_FRAGMENTS: tuple[bytes, ...] = (
    b'"unterminated',
    b"'",
    b"{",
    b"]",
    b"|",
    b">",
    b": :",
    b"&",
    b"*",
    b"!",
    b"&a &b x",
    b"\xe2\x80\xa8",  # U+2028, a line break to YAML
    b"\t",
    b"\r",
)
# Characters YAML or the kiosk refuses in a file, as encoded bytes, and bytes that are not UTF-8.
BAD_CHARACTERS: tuple[bytes, ...] = (
    *(bytes([c]) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)),
    *(chr(c).encode() for c in (0x80, 0x84, 0x86, 0x9F, 0xFFFE, 0xFFFF)),
)
BAD_UTF8: tuple[bytes, ...] = (
    b"\x80",
    b"\xbf",
    b"\xc0",
    b"\xc3",
    b"\xe1\x80",
    b"\xed\xa0\x80",
    b"\xf5",
    b"\xff",
)


def _line_count(data: bytes) -> int:
    """Lines by every convention a YAML parser or an editor might count."""
    return len(data.decode("utf-8", "replace").splitlines()) + 1


def _slots(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a parsed document."""
    found: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        current = stack.pop()
        items: list[tuple[Any, Any]]
        if isinstance(current, dict):
            items = list(current.items())
        elif isinstance(current, list):
            items = list(enumerate(current))
        else:
            continue
        for key, value in items:
            found.append((current, key))
            stack.append(value)
    return found


@st.composite
def mutated_yaml(draw: st.DrawFn, bases: tuple[Any, ...]) -> bytes:
    """A real document, re-dumped with values or keys swapped for nasty text, or parts deleted."""
    document = copy.deepcopy(draw(st.sampled_from(bases)))
    inserts: dict[bytes, bytes] = {}
    for number in range(draw(st.integers(1, 3))):
        slots = _slots(document)
        if not slots:
            break
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        token = f"nastyslot{number}x"
        nasty = draw(
            st.one_of(
                st.sampled_from(NASTY_VALUES),
                st.sampled_from(NASTY_FRAGMENTS),
                st.text(max_size=20).map(lambda s: s.encode("utf-8", "surrogatepass")),
            )
        )
        operation = draw(st.sampled_from(["value", "value", "key", "delete"]))
        if operation == "value":
            container[key] = token
        elif operation == "key" and isinstance(container, dict):
            items = list(container.items())
            container.clear()
            container.update((token if k == key else k, v) for k, v in items)
        else:
            del container[key]
            continue
        inserts[token.encode()] = nasty
    dumped = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1_000_000).encode()
    for placeholder, nasty in inserts.items():
        dumped = dumped.replace(placeholder, nasty)
    return dumped


@st.composite
def mutated_bytes(draw: st.DrawFn, bases: tuple[bytes, ...]) -> bytes:
    """A real file cut, spliced or sprinkled with nasty bytes at the text level."""
    data = draw(st.sampled_from(bases))
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["truncate", "insert", "delete_line", "repeat_line", "indent"]))
        if operation == "truncate":
            data = data[:at]
        elif operation == "insert":
            nasty = draw(st.sampled_from(NASTY_VALUES + NASTY_FRAGMENTS + BAD_CHARACTERS + BAD_UTF8))
            data = data[:at] + nasty + data[at:]
        else:
            index = draw(st.integers(0, len(lines) - 1))
            if operation == "delete_line":
                del lines[index]
            elif operation == "repeat_line":
                lines.insert(index, lines[index])
            else:
                lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
            data = b"\n".join(lines)
    return data


@st.composite
def bad_byte_placement(draw: st.DrawFn, bases: tuple[bytes, ...]) -> tuple[bytes, int, int]:
    """A real file with one refused character or non-UTF-8 byte on line 2 or later: (data, line, column)."""
    lines = draw(st.sampled_from(bases)).split(b"\n")
    index = draw(st.integers(1, len(lines) - 1))
    text = lines[index].decode("utf-8")
    column = draw(st.integers(0, len(text)))
    bad = draw(st.sampled_from(BAD_CHARACTERS + BAD_UTF8))
    lines[index] = text[:column].encode() + bad + text[column:].encode()
    return b"\n".join(lines), index + 1, column + 1


def _insert_on_line(data: bytes, line: int, column: int, bad: bytes) -> bytes:
    lines = data.split(b"\n")
    text = lines[line - 1].decode("utf-8")
    lines[line - 1] = text[: column - 1].encode() + bad + text[column - 1 :].encode()
    return b"\n".join(lines)


# --- 1. procedure scripts ---------------------------------------------------------------


@cache
def categories() -> dict[str, Category]:
    found, problems = read_categories(PROCEDURES)
    assert found and not problems
    return found


@cache
def script_bytes() -> tuple[bytes, ...]:
    return tuple(path.read_bytes() for path in SCRIPTS)


@cache
def script_documents() -> tuple[Any, ...]:
    return tuple(yaml.safe_load(data) for data in script_bytes())


def check_script(data: bytes) -> list[tuple[int, int]]:
    """Load a script and check the answer's shape; the (line, column) of every problem."""
    procedure, problems = load_procedure(data, "fuzz.yaml", categories())
    assert procedure is not None or problems, "neither a procedure nor a problem"
    assert procedure is None or not problems, "a procedure and problems at once"
    lines = _line_count(data)
    for problem in problems:
        assert problem.file == "fuzz.yaml"
        assert 1 <= problem.line <= lines, f"line out of the file ({lines} lines): {problem}"
        assert problem.column >= 1, problem
        assert problem.message.strip(), problem
    return [(p.line, p.column) for p in problems]


def test_the_shipped_scripts_load() -> None:
    for data in script_bytes():
        procedure, problems = load_procedure(data, "shipped.yaml", categories())
        assert procedure is not None and not problems


@FUZZ
@given(data=st.deferred(lambda: mutated_yaml(script_documents())))
def test_mutated_scripts_give_a_procedure_or_located_problems(data: bytes) -> None:
    check_script(data)


@settings(FUZZ, max_examples=150)
@given(data=st.deferred(lambda: mutated_bytes(script_bytes())))
def test_spliced_scripts_give_a_procedure_or_located_problems(data: bytes) -> None:
    check_script(data)


@FUZZ
@given(
    data=st.binary(max_size=2048) | st.text(max_size=512).map(lambda s: s.encode("utf-8", "surrogatepass"))
)
def test_random_bytes_as_a_script_give_located_problems(data: bytes) -> None:
    check_script(data)


@FUZZ
@given(placed=st.deferred(lambda: bad_byte_placement(script_bytes())))
def test_a_bad_byte_in_a_script_is_reported_where_it_is(placed: tuple[bytes, int, int]) -> None:
    data, line, column = placed
    assert (line, column) in check_script(data), f"expected a problem at {line}:{column}"


@pytest.mark.parametrize("bad", BAD_CHARACTERS + BAD_UTF8, ids=lambda v: repr(v)[2:-1])
def test_a_bad_character_after_vietnamese_text_is_reported_where_it_is(bad: bytes) -> None:
    data = (PROCEDURES / "birth-registration.yaml").read_bytes()
    assert (18, 10) in check_script(_insert_on_line(data, 18, 10, bad))  # counter: <here>2


@pytest.mark.parametrize("code", [b"1.0010", b"1.000_810", b"1_.e5", b"1.5e3"])
def test_an_unquoted_code_is_read_as_written_or_is_a_problem(code: bytes) -> None:
    data = (
        (PROCEDURES / "birth-registration.yaml").read_bytes().replace(b'code: "1.001193"', b"code: " + code)
    )
    procedure, problems = load_procedure(data, "fuzz.yaml", categories())
    assert problems or (procedure is not None and procedure.code == code.decode()), (
        procedure and procedure.code
    )


# Both fields take no text a nasty value could pass for: a problem must be on that line.
SCRIPT_FIELDS = {"counter": (b"counter: 2", 18), "code": (b'code: "1.001193"', 6)}
LINE_EXACT = NASTY_VALUES


@pytest.mark.parametrize("field", sorted(SCRIPT_FIELDS))
@pytest.mark.parametrize("nasty", LINE_EXACT, ids=lambda v: repr(v[:24])[2:-1])
def test_a_nasty_value_in_a_script_is_a_problem_on_its_line(field: str, nasty: bytes) -> None:
    original, line = SCRIPT_FIELDS[field]
    data = (PROCEDURES / "birth-registration.yaml").read_bytes()
    assert data.split(b"\n")[line - 1] == original
    mutated = data.replace(original, original.split(b":")[0] + b": " + nasty)
    assert len(mutated) <= MAX_FILE_BYTES
    located = check_script(mutated)  # bounded work by design; bench/hostile_inputs.py measures it
    assert line in [found for found, _ in located], f"no problem on line {line}: {located}"


CLI_CASES: dict[str, tuple[bytes, int | None]] = {
    # name: (file, the line a problem must name, or None)
    "dot-underscore": (b"code: ._\ncounter: .e5\nsets: -.\n", 1),
    "5000-digits": (b"code: '1.1'\ncounter: " + b"9" * 5000 + b"\n", 2),
    "impossible-timestamp": (b"code: '1.1'\ncounter: !!timestamp 2026-02-30\n", 2),
    "python-object": (b"code: '1.1'\ncounter: !!python/object/apply:os.system ['echo pwned']\n", 2),
    "self-alias": (b"code: '1.1'\nsteps: &a [*a]\n", 2),
    "billion-laughs": (b"code: '1.1'\nsteps: " + BILLION_LAUGHS + b"\n", 2),
    "invalid-utf8": (b"code: '1.1'\n\nname: {vi: \"\xff\", en: x}\n", 3),
    "nul": (b"code: '1.1'\nname: \x00\n", 2),
    "u+fffe": ("code: '1.1'\nname: {vi: Đăng ký, en: Birth}\ncounter: \ufffe\n".encode(), 3),
    "deep-nesting": (b"code: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1),
    "random-bytes": (bytes(range(256)) * 4, None),
    "empty": (b"", None),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_procedures_check_json_reports_nasty_files_without_a_traceback(case: str, tmp_path: Path) -> None:
    content, line = CLI_CASES[case]
    script = tmp_path / "x.yaml"
    script.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_app", "procedures", "check", str(script), "--json"],
        cwd=ROOT,
        env={
            "KIOSK_DATA_DIR": str(tmp_path / "data"),
            "PATH": "/usr/bin:/bin",
            "QT_QPA_PLATFORM": "offscreen",
        },
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    problems = json.loads(result.stdout)
    assert isinstance(problems, list) and problems
    for problem in problems:
        assert set(problem) == {"file", "line", "column", "message"}
        assert problem["line"] >= 1 and problem["column"] >= 1 and problem["message"]
    if line is not None:
        assert line in [p["line"] for p in problems], problems


# --- 2. site files ----------------------------------------------------------------------


@cache
def schema() -> dict[str, SettingSpec]:
    return load_schema()


@cache
def site_documents() -> tuple[Any, ...]:
    return (yaml.safe_load(SITE_EXAMPLE.read_text(encoding="utf-8")),)


def _keys_in(data: bytes) -> set[str]:
    """The dotted names of every mapping key in a YAML file, as written (no types resolved)."""
    try:
        root = yaml.compose(data.decode("utf-8"), Loader=yaml.BaseLoader)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return set()
    keys: set[str] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, prefix = stack.pop()
        if not isinstance(node, yaml.MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                keys.add(prefix + key.value)
                stack.append((value, prefix + key.value + "."))
    return keys


def check_site_problems(problems: list[SettingsProblem], data: bytes) -> None:
    """Every problem is well formed, and has a line unless nothing in the file is concerned."""
    lines = _line_count(data)
    keys = _keys_in(data)
    for problem in problems:
        assert isinstance(problem, SettingsProblem)
        assert problem.message, problem
        if problem.message.startswith(("the file does not exist", "cannot be read (")):
            continue  # about the path, not the text
        if problem.setting == "ui.default_language" and not keys & {"ui.default_language", "ui.languages"}:
            continue  # the cross-check may concern defaults only
        assert problem.line is not None and 1 <= problem.line <= lines, f"no line or a wrong one: {problem}"
        assert problem.column is None or problem.column >= 1, problem


def check_site_file(data: bytes, folder: Path) -> Settings | None:
    """Settings, or a ConfigError with located problems; anything else is a failure."""
    path = folder / "site.yaml"
    path.write_bytes(data)
    overrides, problems = read_site_file(path, schema())
    assert isinstance(overrides, dict)
    check_site_problems(problems, data)
    try:
        return load_settings(path)
    except ConfigError as exc:
        assert exc.problems, "a ConfigError without problems"
        check_site_problems(exc.problems, data)
        return None


def test_the_example_site_file_loads(tmp_path: Path) -> None:
    assert check_site_file(SITE_EXAMPLE.read_bytes(), tmp_path) is not None


@FUZZ
@given(data=st.deferred(lambda: mutated_yaml(site_documents())))
def test_mutated_site_files_give_settings_or_located_problems(data: bytes, tmp_path: Path) -> None:
    check_site_file(data, tmp_path)


@FUZZ
@given(data=st.deferred(lambda: mutated_bytes((SITE_EXAMPLE.read_bytes(),))))
def test_spliced_site_files_give_settings_or_located_problems(data: bytes, tmp_path: Path) -> None:
    check_site_file(data, tmp_path)


@FUZZ
@given(
    data=st.binary(max_size=2048) | st.text(max_size=512).map(lambda s: s.encode("utf-8", "surrogatepass"))
)
def test_random_bytes_as_a_site_file_give_located_problems(data: bytes, tmp_path: Path) -> None:
    check_site_file(data, tmp_path)


@FUZZ
@given(placed=st.deferred(lambda: bad_byte_placement((SITE_EXAMPLE.read_bytes(),))))
def test_a_bad_byte_in_a_site_file_is_reported_on_its_line(
    placed: tuple[bytes, int, int], tmp_path: Path
) -> None:
    data, line, _ = placed
    path = tmp_path / "site.yaml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert line in [p.line for p in raised.value.problems], raised.value.problems


TIMEOUT_LINE = 41  # backend.timeout_s in site-example.yaml
# Valid as YAML, but none is a number of seconds from 0.5 to 60.
NOT_A_TIMEOUT = NASTY_VALUES


def _site_with(old: bytes, new: bytes) -> bytes:
    data = SITE_EXAMPLE.read_bytes()
    assert data.count(old) == 1
    return data.replace(old, new)


@pytest.mark.parametrize("nasty", NOT_A_TIMEOUT, ids=lambda v: repr(v[:24])[2:-1])
def test_a_nasty_timeout_is_a_problem_on_its_line(nasty: bytes, tmp_path: Path) -> None:
    assert SITE_EXAMPLE.read_bytes().split(b"\n")[TIMEOUT_LINE - 1] == b"  timeout_s: 5.0"
    data = _site_with(b"timeout_s: 5.0", b"timeout_s: " + nasty)
    path = tmp_path / "site.yaml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    check_site_problems(raised.value.problems, data)
    assert TIMEOUT_LINE in [p.line for p in raised.value.problems], raised.value.problems


PIN_HASH = b'staff_pin_hash: "scrypt$16384$8$1$vTmAjjm+omN3qdpmuZYiTw==$SEV0qfO/5Jg5sahtp3GZ6JSEzcjG0451xJaRDZEbGg4="'
SITE_CASES: dict[str, tuple[bytes, bytes, set[int]]] = {
    # name: (text in site-example.yaml, its replacement, the lines a problem may name)
    "url-unbalanced-bracket": (b'url: "http://127.0.0.1:8787"', b'url: "http://["', {40}),
    "url-unclosed-ipv6": (b'url: "http://127.0.0.1:8787"', b'url: "http://[::1:8787/"', {40}),
    "pin-hash-5000-digit-n": (
        PIN_HASH,
        b'staff_pin_hash: "scrypt$' + b"9" * 5000 + b'$8$1$c2FsdA==$a2V5"',
        {34},
    ),
    "holiday-february-30": (b"- 2026-01-01", b"- 2026-02-30", {48, 49}),
    "holiday-month-13": (b"- 2026-01-01", b"- 2026-13-01", {48, 49}),
    "holiday-year-0": (b"- 2026-01-01", b"- 0000-01-01", {48, 49}),
    "holiday-timestamp-tag": (b"- 2026-01-01", b"- !!timestamp 2026-02-30", {48, 49}),
    "holiday-5000-digits": (b"- 2026-01-01", b"- " + b"9" * 5000, {48, 49}),
    "counter-int-tag-0x": (b"help_counter: 1", b"help_counter: !!int 0x", {13}),
    "counter-bool-tag": (b"help_counter: 1", b"help_counter: !!bool maybe", {13}),
    "counter-timestamp-tag": (b"help_counter: 1", b"help_counter: !!timestamp x", {13}),
    "counter-float-tag": (b"help_counter: 1", b"help_counter: !!float x", {13}),
    "self-referencing-section": (b"devices:\n  simulated: true", b"devices: &d\n  simulated: *d", {43, 44}),
    "self-referencing-value": (b"simulated: true", b"simulated: &d {x: *d}", {44}),
    "key-yes": (b"simulated: true", b"simulated: true\n  yes: 1", {45}),
    "key-null": (b"simulated: true", b"simulated: true\n  null: 1", {45}),
    "key-hex": (b"simulated: true", b"simulated: true\n  0x10: 1", {45}),
    "control-character": (b"simulated: true", b"simulated: true\x01", {44}),
    "invalid-utf8": (b"simulated: true", b"simulated: tr\xffue", {44}),
    "languages-without-the-default": (b"languages: [vi, en]", b"languages: [en]", {23, 24}),
}


@pytest.mark.parametrize("case", sorted(SITE_CASES))
def test_an_odd_site_file_is_a_config_error_on_its_line(case: str, tmp_path: Path) -> None:
    old, new, lines = SITE_CASES[case]
    data = _site_with(old, new)
    path = tmp_path / "site.yaml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    check_site_problems(raised.value.problems, data)
    assert lines & {p.line for p in raised.value.problems}, raised.value.problems


@pytest.mark.parametrize("value", [b".nan", b".NaN", b".inf", b"-.inf", b"!!float nan"])
def test_timeout_nan_and_infinity_are_problems(value: bytes, tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_bytes(_site_with(b"timeout_s: 5.0", b"timeout_s: " + value))
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert [p.setting for p in raised.value.problems] == ["backend.timeout_s"]


BOMB_CHILD = """
import json, resource, sys, time
from pathlib import Path
limit = 512 << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from kiosk_app.settings import ConfigError, load_settings
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    load_settings(Path(sys.argv[1]))
    outcome = "settings"
except ConfigError:
    outcome = "ConfigError"
except BaseException as exc:
    outcome = type(exc).__name__
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"outcome": outcome, "grown_kb": grown}))
"""
BOMB_LINES = b"\n".join(
    [b"a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    + [
        name.encode() + b": &" + name.encode() + b" [" + b",".join([b"*" + previous.encode()] * 10) + b"]"
        for previous, name in itertools.pairwise("abcdefghi")
    ]
)
SITE_BOMBS = {
    "top-level-keys": BOMB_LINES + b"\n",
    "as-a-setting": b"x: " + BILLION_LAUGHS + b"\nsite:\n  address: *i\n",
    "as-the-document": b"- " + BILLION_LAUGHS + b"\n- *i\n",
}


@pytest.mark.parametrize("bomb", sorted(SITE_BOMBS))
def test_a_site_file_alias_bomb_is_refused_quickly_in_little_memory(bomb: str, tmp_path: Path) -> None:
    data = SITE_BOMBS[bomb]
    assert len(data) <= 500
    path = tmp_path / "site.yaml"
    path.write_bytes(data)
    try:
        result = subprocess.run(
            [sys.executable, "-c", BOMB_CHILD, str(path)],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(tmp_path / "data")},
            capture_output=True,
            text=True,
            timeout=120,  # a hang guard, not a speed target (bench/hostile_inputs.py measures speed)
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading a 500-byte alias bomb hung")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["outcome"] == "ConfigError", report
    assert report["grown_kb"] < 200 * 1024, report


# --- 3. citizen-ID QR payloads ----------------------------------------------------------

TODAY = date(2026, 11, 29)
PROVINCE_NUMBERS = (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40,
    42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82,
    83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
)  # fmt: skip
PROVINCES = frozenset(f"{code:03d}" for code in PROVINCE_NUMBERS)
assert len(PROVINCES) == 63
OTHER_DIGITS = "٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９𝟎𝟗߀߉"
GOOD_NAMES = ("NGUYỄN VĂN AN", "TRẦN THỊ BÌNH", "Ngô Bảo Châu", "LÊ MINH CHÂU", "H'HEN NIÊ")
ODD_NAMES = (
    "Nam",
    "Nữ",
    "NAM",
    "nữ",
    "TRẦN\u202eTHỊ BÌNH",
    "LÊ\u200bMINH",
    "PHẠM\u00adLAN",
    "ĐỖ\ufeffHÙNG",
    "HỒ\ue000XUÂN",
    "VŨ\u0378KHOA",
)
GOOD_ADDRESSES = ("12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", "45 Lê Duẩn", "Xã Tân Phú, Đồng Nai")
ODD_ADDRESSES = ("Phường\u202eSài Gòn", "Hà\u200dNội", "Số 1\u2066Lê Lợi", "Nam", "Nữ")
SEX_WORDS = ("Nam", "Nữ", "NAM", "NỮ", "nam", "nữ", "Nu", "NU", "Male", "x")
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)
MUTATIONS = (
    "province", "century", "year", "foreign-digit", "before-1900", "future", "odd-name", "odd-address",
    "sex-word", "nfd", "line-ending",
)  # fmt: skip


def _ddmmyyyy(day: date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year:04d}"


def _id_digit(born: date, female: bool) -> str:
    return str(2 * ((born.year - 1900) // 100) + female) if 1900 <= born.year < 2400 else "0"


@st.composite
def cccd_payloads(draw: st.DrawFn) -> str:
    """A payload a real card could carry, then often one or two changes no card could."""
    female = draw(st.booleans())
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    issued = draw(st.dates(min_value=born, max_value=TODAY))
    province = draw(st.sampled_from(sorted(PROVINCES)))
    serial = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    name = draw(st.sampled_from(GOOD_NAMES))
    address = draw(st.sampled_from(GOOD_ADDRESSES))
    sex_word = draw(st.sampled_from(["Nữ", "nữ", "NỮ"] if female else ["Nam", "NAM", "nam"]))
    old_id = draw(st.sampled_from([None, ""]) | st.text(alphabet="0123456789", min_size=9, max_size=9))
    extras = draw(st.lists(st.sampled_from(GOOD_NAMES), max_size=2))
    century, year = _id_digit(born, female), f"{born.year % 100:02d}"
    suffix = ""
    nfd = foreign = False
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), max_size=2)):
        if mutation == "province":
            province = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
        elif mutation == "century":
            century = draw(DIGITS)
        elif mutation == "year":
            year = draw(DIGITS) + draw(DIGITS)
        elif mutation == "before-1900":
            born = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(1899, 12, 31)))
            year = f"{born.year % 100:02d}"
            century = draw(st.sampled_from("01"))
        elif mutation == "future":
            born = draw(st.dates(min_value=TODAY, max_value=date(2199, 12, 31)))
            century, year = _id_digit(born, female), f"{born.year % 100:02d}"
        elif mutation == "odd-name":
            name = draw(st.sampled_from(ODD_NAMES) | st.text(min_size=1, max_size=20))
        elif mutation == "odd-address":
            address = draw(st.sampled_from(ODD_ADDRESSES) | st.text(min_size=1, max_size=40))
        elif mutation == "sex-word":
            sex_word = draw(st.sampled_from(SEX_WORDS))
        elif mutation == "nfd":
            nfd = True
        elif mutation == "foreign-digit":
            foreign = True
        elif mutation == "line-ending":
            suffix = draw(st.sampled_from(["\r\n", "\n", "  ", "\t"]))
    id_number = province + century + year + serial
    if foreign:
        at = draw(st.integers(0, 11))
        id_number = id_number[:at] + draw(st.sampled_from(OTHER_DIGITS)) + id_number[at + 1 :]
    fields = [
        *([] if old_id is None else [old_id]),
        name,
        _ddmmyyyy(born),
        sex_word,
        address,
        _ddmmyyyy(issued),
        *extras,
    ]
    change = draw(st.sampled_from(["none", "none", "none", "swap", "insert", "drop", "replace"]))
    if change == "swap":
        i, j = draw(st.integers(0, len(fields) - 1)), draw(st.integers(0, len(fields) - 1))
        fields[i], fields[j] = fields[j], fields[i]
    elif change == "insert":
        fields.insert(
            draw(st.integers(0, len(fields))), draw(st.sampled_from([*ODD_NAMES, *SEX_WORDS, "01012000", ""]))
        )
    elif change == "drop":
        del fields[draw(st.integers(0, len(fields) - 1))]
    elif change == "replace":
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.text(max_size=12))
    payload = "|".join([id_number, *fields]) + suffix
    return unicodedata.normalize("NFD", payload) if nfd else payload


def accepted(payload: str) -> CitizenIdentity | None:
    try:
        identity = parse_cccd(payload, today=TODAY)
    except IdPayloadError as exc:
        assert str(exc), "a refusal without a reason"
        return None
    assert isinstance(identity, CitizenIdentity)
    return identity


SEVEN = "079090001234|025123456|NGUYỄN VĂN AN|15031990|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|20042021"
PAYLOADS = (
    cccd_payloads() | st.text(max_size=1100) | st.text(alphabet="0123456789|Nam ữ\r\n\u202e", max_size=80)
)
CCCD_FUZZ = settings(FUZZ, max_examples=300)


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload="x" * 1025)
@example(payload=SEVEN.replace("15031990", "00000000"))
@example(payload=SEVEN.replace("15031990", "١٥٠٣١٩٩٠"))
def test_a_payload_gives_an_identity_or_an_id_payload_error(payload: str) -> None:
    accepted(payload)


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("079090001234", "07909000123٤"))
def test_an_accepted_id_is_twelve_ascii_digits(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        number = identity.id_number
        assert len(number) == 12 and number.isascii() and number.isdigit(), number


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("079090001234", "999090001234"))
def test_an_accepted_id_starts_with_a_real_province(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        assert identity.id_number[:3] in PROVINCES, identity.id_number


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("15031990", "15031890"))
def test_an_accepted_id_has_the_sex_and_century_of_the_birth_date(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        century = (identity.date_of_birth.year - 1900) // 100
        expected = 2 * century + (identity.sex == "female")
        assert 0 <= expected <= 9 and identity.id_number[3] == str(expected), identity


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("079090001234", "079055001234"))
def test_an_accepted_id_has_the_birth_year_digits(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        assert identity.id_number[4:6] == f"{identity.date_of_birth.year % 100:02d}", identity


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("15031990", "15031890"))
def test_an_accepted_birth_year_is_from_1900_to_today(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        assert date(1900, 1, 1) <= identity.date_of_birth <= TODAY, identity


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload=SEVEN.replace("NGUYỄN VĂN AN", "NGUYỄN\u202eVĂN AN"))
@example(payload=SEVEN.replace("12 Lê Lợi", "12 Lê\u200bLợi"))
def test_an_accepted_name_and_address_have_no_control_or_format_characters(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        for text in (identity.full_name, identity.address):
            odd = [f"U+{ord(c):04X}" for c in text if unicodedata.category(c).startswith("C")]
            assert not odd, (text, odd)


@CCCD_FUZZ
@given(payload=PAYLOADS)
@example(payload="079090001234|Nam|15031990|Nam|12 Lê Lợi|20042021")
def test_an_accepted_name_is_never_a_sex_word(payload: str) -> None:
    identity = accepted(payload)
    if identity is not None:
        assert identity.full_name.casefold() not in ("nam", "nữ"), identity


# --- 4. model archives ------------------------------------------------------------------

MODEL = "vosk-model-small-vn-0.4"
LAYOUT = {
    "am/final.mdl": b"acoustic model",
    "conf/model.conf": b"--sample-frequency=16000\n",
    "ivector/final.ie": b"ivector",
    "graph/HCLr.fst": b"fst",
    "graph/Gr.fst": b"fst",
}


def model_folder(root: Path) -> Path:
    for name, data in LAYOUT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def model_zip(
    extra: dict[str, bytes] | None = None,
    *,
    top: str = MODEL,
    method: int = zipfile.ZIP_DEFLATED,
    links: dict[str, str] | None = None,
) -> bytes:
    """A zipped model; ``links`` adds symlink entries (name -> target)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        links = links or {}
        for name, data in {**LAYOUT, **(extra or {})}.items():
            if not any(name == link or name.startswith(f"{link}/") for link in links):
                archive.writestr(f"{top}/{name}", data)
        for name, target in links.items():
            info = zipfile.ZipInfo(f"{top}/{name}")
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def _headers(data: bytes) -> Iterator[tuple[int, int]]:
    """(local header offset, central header offset) of every entry, from the central directory."""
    end = data.rindex(b"PK\x05\x06")
    count, _, start = struct.unpack_from("<HII", data, end + 10)
    at = start
    for _ in range(count):
        (local,) = struct.unpack_from("<I", data, at + 42)
        name, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        yield local, at
        at += 46 + name + extra + comment


def _patch(
    data: bytes, local_field: int, central_field: int, value: bytes, *, only_first: bool = False
) -> bytes:
    patched = bytearray(data)
    for local, central in _headers(data):
        patched[local + local_field : local + local_field + len(value)] = value
        patched[central + central_field : central + central_field + len(value)] = value
        if only_first:
            break
    return bytes(patched)


def _entry_data_offset(data: bytes, local: int) -> int:
    name: int
    extra: int
    name, extra = struct.unpack_from("<HH", data, local + 26)
    return local + 30 + name + extra


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated data, crc, size): entries may share data."""
    body, central = io.BytesIO(), io.BytesIO()
    for name, deflated, crc, size in entries:
        encoded = name.encode()
        offset = body.tell()
        body.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0)
        )
        body.write(encoded + deflated)
        fields = (
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(deflated),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", *fields) + encoded)
    directory = central.getvalue()
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), body.tell(), 0
    )
    return body.getvalue() + directory + end


class ExtractedTooMuch(BaseException):
    """Raised from inside the installer: it read more out of an archive than the test allows."""


READ_BUDGET = 8 << 20


@pytest.fixture
def read_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stops the installer (as a failure, not a ModelError) once it has read 8 MiB out of any zip."""
    original = zipfile.ZipFile.open
    total = [0]

    def guarded(self: zipfile.ZipFile, name: Any, mode: Any = "r", *args: Any, **kwargs: Any) -> Any:
        handle = original(self, name, mode, *args, **kwargs)
        if mode != "r":
            return handle
        read = handle.read

        def counted(n: int = -1) -> bytes:
            data = read(n)
            total[0] += len(data)
            if total[0] > READ_BUDGET:
                raise ExtractedTooMuch(f"read {total[0] >> 20} MiB out of the archive before refusing it")
            return data

        handle.read = counted  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", guarded)


def install_outcome(source: Path, folder: Path, *, name: str | None = None) -> models.ModelEntry | None:
    """Install, and check the answer's shape: a usable model, or a ModelError with a message."""
    try:
        entry = models.install(source, name=name, language=None, folder=folder)
    except models.ModelError as exc:
        assert str(exc).strip(), "a ModelError without a message"
        return None
    directory = models.locate(entry, folder)
    assert directory is not None and models.layout_problems(directory) == []
    assert entry in models.read_manifest(folder)
    return entry


def refused(source: Path, folder: Path, *, name: str | None = None) -> str:
    with pytest.raises(models.ModelError) as raised:
        models.install(source, name=name, language="vi", folder=folder)
    message = str(raised.value)
    assert message.strip()
    return message


def test_a_good_zip_installs(tmp_path: Path) -> None:
    source = tmp_path / "model.zip"
    source.write_bytes(model_zip())
    assert install_outcome(source, tmp_path / "models") is not None


def test_a_folder_with_a_symlink_out_of_it_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not part of any model")
    source = model_folder(tmp_path / MODEL)
    (source / "am" / "final.mdl").unlink()
    (source / "am" / "final.mdl").symlink_to(secret)
    refused(source, tmp_path / "models")
    assert not (tmp_path / "models" / MODEL).exists()


def test_a_folder_with_a_symlinked_directory_out_of_it_is_refused(tmp_path: Path) -> None:
    outside = model_folder(tmp_path / "elsewhere") / "ivector"
    source = model_folder(tmp_path / MODEL)
    for child in (source / "ivector").iterdir():
        child.unlink()
    (source / "ivector").rmdir()
    (source / "ivector").symlink_to(outside, target_is_directory=True)
    refused(source, tmp_path / "models")


@pytest.mark.parametrize("loop", ["self", "pair", "parent"])
def test_a_folder_with_a_symlink_loop_is_refused(loop: str, tmp_path: Path) -> None:
    source = model_folder(tmp_path / MODEL)
    if loop == "self":
        (source / "loop").symlink_to("loop")
    elif loop == "pair":
        (source / "a").symlink_to("b")
        (source / "b").symlink_to("a")
    else:
        (source / "graph" / "up").symlink_to("..", target_is_directory=True)
    refused(source, tmp_path / "models")


@pytest.mark.usefixtures("read_budget")
def test_a_zip_bomb_by_ratio_is_refused_before_extracting(tmp_path: Path) -> None:
    source = tmp_path / "model.zip"
    source.write_bytes(model_zip({"am/final.mdl": bytes(32 << 20)}))  # 32 MiB of zeros in ~33 KB
    assert source.stat().st_size < 64 << 10
    refused(source, tmp_path / "models")


@pytest.mark.usefixtures("read_budget")
def test_a_zip_bomb_of_gigabytes_is_refused_before_extracting(tmp_path: Path) -> None:
    zeros = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(zeros) + compressor.flush()
    crc = zlib.crc32(zeros)
    entries = [(f"{MODEL}/{name}", *_deflate(data)) for name, data in LAYOUT.items()]
    entries += [(f"{MODEL}/am/part{n:04d}", deflated, crc, len(zeros)) for n in range(4400)]
    source = tmp_path / "model.zip"
    source.write_bytes(raw_zip(entries))
    assert source.stat().st_size < 8 << 20  # ~4.6 GB declared
    refused(source, tmp_path / "models")


def _deflate(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def test_a_zip_with_a_bad_crc_is_refused(tmp_path: Path) -> None:
    data = bytearray(model_zip(method=zipfile.ZIP_STORED))
    local, _ = next(_headers(bytes(data)))
    data[_entry_data_offset(bytes(data), local)] ^= 0xFF
    source = tmp_path / "model.zip"
    source.write_bytes(bytes(data))
    refused(source, tmp_path / "models")


@pytest.mark.parametrize("cut", ["tail", "middle-of-data", "directory-intact-data-short"])
def test_a_truncated_zip_is_refused(cut: str, tmp_path: Path) -> None:
    data = model_zip({"am/extra.bin": bytes(range(256)) * 64}, method=zipfile.ZIP_STORED)
    if cut == "tail":
        data = data[: len(data) // 2]
    else:
        central = min(c for _, c in _headers(data))
        locals_ = sorted(local for local, _ in _headers(data))
        start = _entry_data_offset(data, locals_[-1])
        if cut == "middle-of-data":
            data = data[: start + 8] + data[central:]  # the last entry's data cut short
        else:
            data = data[:start] + data[start + 1000 : central] + bytes(1000) + data[central:]
    source = tmp_path / "model.zip"
    source.write_bytes(data)
    refused(source, tmp_path / "models")


def test_a_zip_with_an_encrypted_entry_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "model.zip"
    source.write_bytes(_patch(model_zip(), 6, 8, struct.pack("<H", 0x1)))
    refused(source, tmp_path / "models")


@pytest.mark.parametrize(
    "method", [99, 0x7777, 12, 14], ids=["aes-99", "unknown", "bzip2-on-deflate", "lzma-on-deflate"]
)
def test_a_zip_with_an_unsupported_or_wrong_compression_method_is_refused(
    method: int, tmp_path: Path
) -> None:
    source = tmp_path / "model.zip"
    source.write_bytes(_patch(model_zip(), 8, 10, struct.pack("<H", method)))
    refused(source, tmp_path / "models")


@pytest.mark.parametrize(
    "links",
    [
        {"am/final.mdl": "/etc/passwd"},
        {"ivector": "../../../../../../tmp"},
        {"a": "b", "b": "a"},
        {"loop": "loop"},
    ],
    ids=["file-out", "dir-out", "pair-loop", "self-loop"],
)
def test_a_zip_with_symlink_entries_is_refused(links: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "model.zip"
    source.write_bytes(model_zip(links=links))
    refused(source, tmp_path / "models")


def _installed_first(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    good = tmp_path / "good.zip"
    good.write_bytes(model_zip())
    assert install_outcome(good, folder) is not None
    return folder


@pytest.mark.parametrize("how", ["name", "folder", "zip-top-folder"])
def test_a_model_called_manifest_yaml_is_refused_and_the_manifest_survives(how: str, tmp_path: Path) -> None:
    folder = _installed_first(tmp_path)
    before = models.read_manifest(folder)
    if how == "name":
        refused(model_folder(tmp_path / "src" / MODEL), folder, name="manifest.yaml")
    elif how == "folder":
        refused(model_folder(tmp_path / "src" / "manifest.yaml"), folder)
    else:
        source = tmp_path / "bundle.zip"
        source.write_bytes(model_zip(top="manifest.yaml"))
        refused(source, folder)
    assert (folder / "manifest.yaml").is_file()
    assert models.read_manifest(folder) == before


INSTALL_CHILD = """
import sys
from pathlib import Path
from kiosk_app.assistant import models
try:
    models.install(Path(sys.argv[1]), name=None, language=None, folder=Path(sys.argv[2]))
    print("installed")
except models.ModelError:
    print("ModelError")
"""


def test_a_zip_of_100000_empty_entries_is_refused_before_unpacking(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number in range(100_000):
            archive.writestr(f"{MODEL}/e/{number}", b"")
    source = tmp_path / f"{MODEL}.zip"
    source.write_bytes(buffer.getvalue())
    try:  # in a process of its own, so a slow installer costs this test 5 s, not minutes
        result = subprocess.run(
            [sys.executable, "-c", INSTALL_CHILD, str(source), str(tmp_path / "models")],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(tmp_path / "data")},
            capture_output=True,
            text=True,
            timeout=120,  # a hang guard, not a speed target
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("installing a zip of 100,000 empty entries hung")
    assert result.returncode == 0 and result.stdout.strip() == "ModelError", result.stderr[-2000:]
    assert not (tmp_path / "models" / MODEL).exists()


@cache
def zip_bases() -> tuple[bytes, ...]:
    return (
        model_zip(),
        model_zip(method=zipfile.ZIP_STORED),
        model_zip({"conf/mfcc.conf": b"--use-energy=false\n" * 20}, top="vosk-model-en-us-0.22"),
    )


@st.composite
def mutated_zips(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(zip_bases())))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "field", "cut", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if operation == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "field":
            width = draw(st.sampled_from([2, 4]))
            value = draw(st.sampled_from([0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF]) | st.integers(0, 256**width - 1))
            data[at : at + width] = (value % 256**width).to_bytes(width, "little")
        elif operation == "cut":
            data[at : at + draw(st.integers(1, 64))] = b""
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return bytes(data)


_counter = itertools.count()


@settings(FUZZ, max_examples=200)
@given(
    data=mutated_zips() | st.binary(max_size=1024) | st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b)
)
def test_a_damaged_zip_installs_or_is_a_model_error(data: bytes, tmp_path: Path) -> None:
    work = tmp_path / str(next(_counter))
    work.mkdir()
    source = work / "model.zip"
    source.write_bytes(data)
    install_outcome(source, work / "models")
