"""Vietnamese is complete and current: every string the screens show is translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "ui" / "translations" / "kiosk_vi.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            unfinished = translation is None or translation.get("type") in {
                "unfinished",
                "vanished",
                "obsolete",
            }
            text = None if unfinished or translation is None else translation.text
            found[(name, message.findtext("source") or "")] = text
    return found


def test_every_string_has_a_vietnamese_translation() -> None:
    missing = [source for (_, source), text in messages(TS_FILE).items() if not text]
    assert missing == []


def test_placeholders_survive_translation() -> None:
    for (_, source), text in messages(TS_FILE).items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text or "")), source


def test_ts_file_lists_exactly_the_strings_in_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.fail("pyside6-lupdate is missing from the virtual environment")
    copy = tmp_path / "kiosk_vi.ts"
    shutil.copy(TS_FILE, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy), "-no-obsolete"], check=True, capture_output=True
    )
    assert set(messages(copy)) == set(messages(TS_FILE)), (
        "ui/translations/kiosk_vi.ts is out of date: run "
        "`.venv/bin/pyside6-lupdate $(find ui -name '*.py') -ts ui/translations/kiosk_vi.ts -no-obsolete` "
        "and translate the new strings"
    )


def test_compiled_translation_is_built() -> None:
    qm = TS_FILE.with_suffix(".qm")
    assert qm.exists() and qm.stat().st_mtime >= TS_FILE.stat().st_mtime - 1


def test_switching_languages_all_day_keeps_one_translator_per_language(qtbot: object) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.i18n import LanguageSwitcher, translate

    app = QCoreApplication.instance()
    assert app is not None
    switcher = LanguageSwitcher(app)

    def translators() -> int:
        return len(app.findChildren(QTranslator))

    switcher.set_language("vi")
    before = translators()
    for _ in range(200):  # every English visit ends back in Vietnamese
        switcher.set_language("en")
        switcher.set_language("vi")
    assert translators() == before
    assert translate("HomeScreen", "Hello!") != "Hello!"  # still translating
    switcher.close()
    assert translate("HomeScreen", "Hello!") == "Hello!"
