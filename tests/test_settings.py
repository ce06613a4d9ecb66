"""The settings schema, site files and `kiosk config check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk_app.cli import main
from kiosk_app.settings import (
    ConfigError,
    SettingsProblem,
    load_schema,
    load_settings,
    section_fields,
)
from tests.conftest import EXAMPLE_SITE


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[SettingsProblem]:
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    return caught.value.problems


def test_schema_and_typed_settings_name_the_same_settings() -> None:
    assert set(load_schema()) == section_fields()


def test_every_setting_is_documented_with_a_default() -> None:
    for key, spec in load_schema().items():
        assert spec.description, key
        assert spec.allowed(), key


def test_defaults_alone_make_valid_settings() -> None:
    settings = load_settings(None)
    assert settings.ui.default_language == "vi"
    assert settings.session.warning_s >= 20


def test_example_site_overrides_defaults() -> None:
    settings = load_settings(EXAMPLE_SITE)
    assert settings.site.ward == "Phường Sài Gòn"
    assert settings.site.counters[0].number == 1
    assert settings.site.centre_name("en").startswith("Sài Gòn Ward")
    assert settings.security.technician_pin_hash.startswith("scrypt$")
    assert settings.source == str(EXAMPLE_SITE)


def test_a_partial_site_file_keeps_other_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "version: 1\nsession:\n  idle_timeout_s: 120\n"))
    assert settings.session.idle_timeout_s == 120
    assert settings.session.warning_s == 30


def test_empty_file_is_all_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "# nothing yet\n")).site.kiosk_id == "kiosk-01"


@pytest.mark.parametrize(
    ("text", "setting", "words"),
    [
        ("session:\n  idle_timeout_s: 5\n", "session.idle_timeout_s", "whole number from 30 to 900"),
        ("session:\n  idle_timeout_s: '90'\n", "session.idle_timeout_s", "whole number"),
        ("session:\n  warning_s: 10\n", "session.warning_s", "from 20 to 180"),
        ("ui:\n  default_language: fr\n", "ui.default_language", "one of vi, en"),
        ("ui:\n  large_text: 1\n", "ui.large_text", "true or false"),
        ("ui:\n  languages: [vi, vi]\n", "ui.languages", "a list of vi, en"),
        ("backend:\n  url: ftp://x\n", "backend.url", "http:// or https://"),
        ("backend:\n  timeout_s: 0\n", "backend.timeout_s", "from 0.5 to 60"),
        ("security:\n  staff_pin_hash: '1234'\n", "security.staff_pin_hash", "kiosk pin hash"),
        ("site:\n  kiosk_id: 'Kiosk One'\n", "site.kiosk_id", "matching"),
        ("site:\n  centre_name_vi: ''\n", "site.centre_name_vi", "1 to 120 characters"),
        (
            "site:\n  counters:\n"
            "    - {number: 1, name_vi: A, name_en: A}\n"
            "    - {number: 1, name_vi: B, name_en: B}\n",
            "site.counters",
            "distinct numbers",
        ),
        ("site:\n  counters:\n    - {number: 1, name_vi: A}\n", "site.counters", "name_en"),
    ],
)
def test_invalid_values_name_setting_value_and_what_is_allowed(
    tmp_path: Path, text: str, setting: str, words: str
) -> None:
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.setting == setting
    assert words in problem.message
    assert problem.line is not None and problem.line >= 2


def test_unknown_setting_suggests_the_nearest(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "session:\n  idle_timeout: 120\n"))
    assert problem.setting == "session.idle_timeout"
    assert "did you mean session.idle_timeout_s" in problem.message
    assert problem.line == 2


def test_all_problems_are_reported_at_once_with_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "ui:\n  default_language: fr\nsession:\n  warning_s: 5\n  idle_timeout_s: 1\n")
    problems = problems_of(path)
    assert [(p.setting, p.line) for p in problems] == [
        ("ui.default_language", 2),
        ("session.warning_s", 4),
        ("session.idle_timeout_s", 5),
    ]
    text = str(ConfigError(problems, str(path)))
    assert f"{path}:4:3: session.warning_s = 5: expected a whole number from 20 to 180" in text


def test_default_language_must_be_offered(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "ui:\n  languages: [en]\n"))
    assert problem.setting == "ui.default_language"
    assert "ui.languages" in problem.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ui: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "mapping of sections"),
        ("version: 2\n", "version 1"),
        ("ui: !!python/object/apply:os.system ['true']\n", "is not allowed"),
    ],
)
def test_broken_files_get_a_clear_message(tmp_path: Path, text: str, words: str) -> None:
    problems = problems_of(write(tmp_path, text))
    assert any(words in p.message for p in problems), problems


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    (missing,) = problems_of(tmp_path / "nope.yaml")
    assert "does not exist" in missing.message
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    (undecodable,) = problems_of(binary)
    assert "UTF-8" in undecodable.message


def test_config_check_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(EXAMPLE_SITE)]) == 0
    assert "valid" in capsys.readouterr().out
    bad = write(tmp_path, "session:\n  warning_s: 5\n")
    assert main(["config", "check", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["problems"] == [
        {
            "setting": "session.warning_s",
            "value": "5",
            "message": "expected a whole number from 20 to 180",
            "line": 2,
            "column": 3,
        }
    ]


def test_config_defaults_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "defaults", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert set(listed) == set(load_schema())


# --- what a probe of mutated site files broke ------------------------------------------------

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)


@pytest.mark.parametrize(
    ("text", "setting", "words"),
    [
        ("calendar:\n  holidays: [2026-02-30]\n", "calendar.holidays", "'2026-02-30' is not a real date"),
        ("calendar:\n  holidays: [2026-13-01]\n", "calendar.holidays", "'2026-13-01' is not a real date"),
        ("calendar:\n  holidays: [0000-01-01]\n", "calendar.holidays", "is not a real date"),
        ("calendar:\n  holidays: [0001-01-01]\n", "calendar.holidays", "years 2000 to 2100"),
        ("session:\n  idle_timeout_s: " + "9" * 5000 + "\n", "session.idle_timeout_s", "whole number"),
        ("backend:\n  timeout_s: .nan\n", "backend.timeout_s", "a number from"),
        ("backend:\n  timeout_s: !!float nan\n", "backend.timeout_s", "a number from"),
        ("backend:\n  timeout_s: !!float .inf\n", "backend.timeout_s", "a number from"),
    ],
)
def test_impossible_values_are_problems_at_their_line(
    tmp_path: Path, text: str, setting: str, words: str
) -> None:
    (problem,) = problems_of(write(tmp_path, text))
    assert (problem.setting, problem.line, problem.column) == (setting, 2, 3)
    assert words in problem.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("calendar:\n  holidays: [!!timestamp 2026-02-30]\n", 2, "tag"),
        ("session:\n  idle_timeout_s: !!int 0x\n", 2, "expected a whole number"),
        ("site:\n  counters: &c [*c]\n", 2, "aliases"),
        ("unknown:\n  " + LAUGHS.replace("\n", "\n  "), 2, "aliases"),
        ("site: {name_vi: a, name_vi: b}\n", 1, "set twice"),
        ("? [a, b]\n: 1\n", 1, "a setting's name"),
    ],
)
def test_tags_aliases_and_odd_keys_are_refused_with_a_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    problems = problems_of(write(tmp_path, text))
    assert any(words in p.message for p in problems), problems
    assert all(p.line is not None and p.column is not None for p in problems), problems
    assert min(p.line or 0 for p in problems) == line


def test_an_alias_bomb_costs_nothing_to_refuse(tmp_path: Path) -> None:
    import tracemalloc

    path = write(tmp_path, "unknown:\n  " + LAUGHS.replace("\n", "\n  "))
    tracemalloc.start()
    try:
        problems = problems_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert any("aliases" in p.message for p in problems)
    # 9**9 = 387 million strings if expanded; refused before anything is.
    assert peak < 5_000_000, peak


def test_a_site_file_past_its_size_limit_is_refused(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "# " + "x" * 70_000 + "\n"))
    assert "may be at most 64 KB" in problem.message
