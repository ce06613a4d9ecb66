"""The core's message catalogue: every message the code renders has its Vietnamese, placeholders intact."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk_app.messages import MessageCatalogue

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "kiosk_app/locale/vi/LC_MESSAGES/kiosk.po"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def messages_in_code() -> set[tuple[str, ...]]:
    """(msgid,) or (singular, plural) of every texts.tr / texts.ntr call with literal strings."""
    found: set[tuple[str, ...]] = set()
    for path in (ROOT / "kiosk_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                wanted = {"tr": 1, "ntr": 2}.get(node.func.attr)
                if wanted is None:
                    continue
                literals = [
                    a.value
                    for a in node.args[:wanted]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                assert len(literals) == wanted, f"{path.name}:{node.lineno}: messages must be literal strings"
                found.add(tuple(literals))
    return found


def test_every_message_in_the_code_is_translated_with_its_placeholders() -> None:
    with PO_FILE.open("rb") as stream:
        catalog = read_po(stream)
    translated = {(m.id,) if isinstance(m.id, str) else tuple(m.id): m.string for m in catalog if m.id}
    in_code = messages_in_code()
    assert len(in_code) > 40
    missing = sorted(key for key in in_code if not translated.get(key))
    assert missing == []
    unused = sorted(key for key in translated if key not in in_code)
    assert unused == []  # the .po holds nothing the code no longer says
    for key, string in translated.items():
        strings = [string] if isinstance(string, str) else list(string or ())
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(key[-1])), key


def test_the_compiled_catalogue_is_what_the_kiosk_reads() -> None:
    vi = MessageCatalogue().texts("vi")
    assert vi.tr("Free") == "Miễn phí"
    assert vi.ntr("{n} working day", "{n} working days", 3) == "3 ngày làm việc"
    assert MessageCatalogue().texts("en").ntr("{n} working day", "{n} working days", 1) == "1 working day"


@pytest.mark.expect_logs("message catalogue missing")
def test_a_missing_catalogue_falls_back_to_english_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    texts = MessageCatalogue(tmp_path).texts("vi")
    assert texts.tr("Free") == "Free"
    assert any(r.getMessage() == "message catalogue missing" for r in caplog.records)
