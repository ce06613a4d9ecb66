"""The `kiosk` command as a technician uses it, in a real subprocess where it matters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app import __version__
from kiosk_app.cli import main
from kiosk_app.pins import verify_pin
from tests.conftest import EXAMPLE_SITE

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiosk {__version__}"


def test_self_test_shows_home_and_reports_json(tmp_path: Path) -> None:
    result = kiosk("--self-test", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["screen"] == "home"
    assert report["platform"] == "offscreen"
    assert Path(report["store"]).parent == tmp_path
    assert (tmp_path / "logs" / "kiosk.jsonl").exists()


def test_self_test_fails_with_the_reason_on_a_broken_site_file(tmp_path: Path) -> None:
    broken = tmp_path / "site.yaml"
    broken.write_text("session:\n  warning_s: 3\n", encoding="utf-8")
    result = kiosk("--config", str(broken), "--self-test", data_dir=tmp_path)
    assert result.returncode == 1
    assert "session.warning_s = 3" in result.stderr and "from 20 to 180" in result.stderr


def test_kiosk_mode_refuses_to_start_without_a_technician_pin(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("security:\n  technician_pin_hash: ''\n", encoding="utf-8")
    result = kiosk("run", "--config", str(site), data_dir=tmp_path)
    assert result.returncode == 2
    assert "technician_pin_hash is empty" in result.stderr


def test_an_invalid_site_file_stops_the_start(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("ui:\n  default_language: fr\n", encoding="utf-8")
    result = kiosk("demo", "--config", str(site), data_dir=tmp_path)
    assert result.returncode == 2
    assert f"{site}:2:3: ui.default_language = 'fr': expected one of vi, en" in result.stderr


def test_pin_hash_from_stdin(tmp_path: Path) -> None:
    result = kiosk("pin", "hash", "--stdin", data_dir=tmp_path, stdin="975310\n")
    assert result.returncode == 0
    assert verify_pin("975310", result.stdout.strip())
    refused = kiosk("pin", "hash", "--stdin", data_dir=tmp_path, stdin="12\n")
    assert refused.returncode == 2 and "4 to 12 digits" in refused.stderr


def test_the_example_site_is_what_demo_and_self_test_use() -> None:
    assert EXAMPLE_SITE.exists()
    assert main(["config", "check", str(EXAMPLE_SITE)]) == 0
