"""A restart paints from the record of the last start, and only when the site file is exactly the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk_app.first_screen import FirstScreen, recall, remember
from kiosk_app.run_mode import RunMode
from kiosk_app.settings import load_settings
from tests.conftest import EXAMPLE_SITE
from tests.test_cli import kiosk

FACTS = FirstScreen(
    centre_name_vi="Trung tâm Phục vụ hành chính công phường Bến Thành",
    centre_name_en="Ben Thanh Ward Public Administration Service Centre",
    default_language="vi",
    languages=("vi", "en"),
    large_text=True,
    high_contrast=False,
    demo=False,
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    file = tmp_path / "site.yaml"
    file.write_text(EXAMPLE_SITE.read_text(encoding="utf-8"), encoding="utf-8")
    return file


def test_the_facts_come_back_for_the_same_file_and_mode(site: Path, tmp_path: Path) -> None:
    record = tmp_path / "data" / "first-screen.json"
    assert recall(site, RunMode.KIOSK, record) is None  # nothing remembered yet
    assert remember(site, RunMode.KIOSK, FACTS, record)
    assert recall(site, RunMode.KIOSK, record) == FACTS
    assert FACTS.title() == FACTS.centre_name_vi


def test_any_change_to_the_file_or_the_mode_forgets_them(site: Path, tmp_path: Path) -> None:
    record = tmp_path / "first-screen.json"
    remember(site, RunMode.KIOSK, FACTS, record)
    assert recall(site, RunMode.DEMO, record) is None
    site.write_text(
        site.read_text(encoding="utf-8") + "\n# a comment changes nothing shown\n", encoding="utf-8"
    )
    assert recall(site, RunMode.KIOSK, record) is None  # exact text only: no guessing what matters
    other = tmp_path / "other.yaml"
    other.write_text(site.read_text(encoding="utf-8"), encoding="utf-8")
    remember(site, RunMode.KIOSK, FACTS, record)
    assert recall(other, RunMode.KIOSK, record) is None
    site.unlink()
    assert recall(site, RunMode.KIOSK, record) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # torn by a power cut (atomic writes make this unlikely)
        lambda text: "",
        lambda text: "[1, 2]",
        lambda text: text.replace('"languages": [', '"languages": 7, "x": ['),
        lambda text: text.replace('"large_text"', '"large_texts"'),
        lambda text: text.replace('"format": 1', '"format": 0'),
    ],
)
def test_a_damaged_or_foreign_record_is_ignored(site: Path, tmp_path: Path, damage: object) -> None:
    record = tmp_path / "first-screen.json"
    remember(site, RunMode.KIOSK, FACTS, record)
    text = record.read_text(encoding="utf-8")
    assert callable(damage)
    changed = damage(text)
    assert changed != text
    record.write_text(changed, encoding="utf-8")
    assert recall(site, RunMode.KIOSK, record) is None


def test_an_unwritable_record_does_not_stop_a_start(site: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert remember(site, RunMode.KIOSK, FACTS, blocker / "first-screen.json") is False
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_the_facts_are_the_ones_the_settings_give() -> None:
    settings = load_settings(EXAMPLE_SITE)
    first = FirstScreen.from_settings(settings)
    assert first.centre_name_vi == settings.site.centre_name_vi
    assert first.languages == tuple(settings.ui.languages)
    assert (first.large_text, first.high_contrast) == (settings.ui.large_text, settings.ui.high_contrast)


def test_a_restart_paints_from_the_record_and_a_changed_file_is_read_first(
    site: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = kiosk("--config", str(site), "--self-test", "--json", data_dir=data)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["first_screen_remembered"] is False
    assert (data / "first-screen.json").exists()
    again = kiosk("--config", str(site), "--self-test", "--json", data_dir=data)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["first_screen_remembered"] is True
    site.write_text(
        site.read_text(encoding="utf-8").replace(
            "  default_language: vi", "  default_language: vi\n  large_text: true"
        ),
        encoding="utf-8",
    )
    changed = kiosk("--config", str(site), "--self-test", "--json", data_dir=data)
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["first_screen_remembered"] is False
    record = json.loads((data / "first-screen.json").read_text(encoding="utf-8"))
    assert record["facts"]["large_text"] is True


def test_a_file_that_fails_behind_the_painted_screen_still_stops_the_start(tmp_path: Path) -> None:
    # The record matches the text, yet the file does not validate (as after a schema change the
    # record did not see): the first screen may show for a moment, then the start stops with the reason.
    broken = tmp_path / "site.yaml"
    broken.write_text("session:\n  warning_s: 3\n", encoding="utf-8")
    data = tmp_path / "data"
    assert remember(broken, RunMode.SELF_TEST, FACTS, data / "first-screen.json")
    result = kiosk("--config", str(broken), "--self-test", "--json", data_dir=data)
    assert result.returncode == 1
    assert "session.warning_s = 3" in result.stderr
    assert json.loads(result.stdout)["ok"] is False
