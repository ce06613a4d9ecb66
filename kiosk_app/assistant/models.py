"""Speech models on disk: the manifest, layout checks, checksums, and installing one.

A vosk model directory holds ``am/final.mdl``, ``conf/model.conf``, a graph
(``graph/HCLr.fst`` + ``graph/Gr.fst``, which accept a grammar at run time,
or a fixed ``graph/HCLG.fst``) and usually ``ivector/``. The manifest names
each model, its language, where it is and the SHA-256 of its key files, so a
technician can tell a model copied half-way or tampered with from a good one.
Nothing is ever downloaded: models come on a USB stick or from pip.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kiosk_app import paths
from kiosk_app.atomic_file import write_atomically
from kiosk_app.settings import parse_yaml

KEY_FILES = ("am/final.mdl", "conf/model.conf")
MANIFEST = "manifest.yaml"
# Limits a real vosk model is far inside and a zip bomb is not: the largest
# models unpack to about 3 GB from 1.5 GB, in a few hundred files.
MAX_UNPACKED = 4 * 1024**3
MAX_ENTRIES = 5_000
MAX_RATIO = 50  # bytes out per byte in, for the whole archive and for any large entry
_CHUNK = 1 << 20
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


class ModelError(ValueError):
    """A model that cannot be used or installed; the message says what to do."""


@dataclass(frozen=True)
class ModelEntry:
    name: str
    language: str
    path: str
    runtime_grammar: bool
    checksums: dict[str, str] = field(default_factory=dict)
    base: Path | None = field(default=None, compare=False)  # the folder whose manifest lists it

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "language": self.language, "path": self.path,
            "runtime_grammar": self.runtime_grammar, "checksums": dict(self.checksums),
        }  # fmt: skip


@dataclass(frozen=True)
class ModelReport:
    entry: ModelEntry
    directory: Path | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def models_dir() -> Path:
    """The models shipped with the kiosk (read-only in an installed bundle)."""
    return paths.install_root() / "assistant_models"


def installed_dir(data_dir: Path) -> Path:
    """Where `kiosk models install` puts models a technician brings: the kiosk's data folder."""
    return data_dir / "models"


def known_models(installed: Path | None) -> list[ModelEntry]:
    """The shipped manifest, then the installed one; an installed model replaces one of its name."""
    entries = {entry.name: entry for entry in read_manifest()}
    if installed is not None:
        entries.update({entry.name: entry for entry in read_manifest(installed)})
    return list(entries.values())


def read_manifest(folder: Path | None = None) -> list[ModelEntry]:
    base = folder or models_dir()
    path = base / MANIFEST
    try:
        data, _ = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except Exception as exc:  # noqa: BLE001 - name the file, whatever the parser said
        raise ModelError(f"{path}: cannot be read ({exc})") from None
    entries = []
    for item in (data or {}).get("models") or []:
        if not isinstance(item, dict) or not {"name", "language", "path"} <= set(item):
            raise ModelError(f"{path}: each model needs name, language and path")
        entries.append(
            ModelEntry(
                str(item["name"]), str(item["language"]), str(item["path"]),
                bool(item.get("runtime_grammar", False)),
                {str(k): str(v) for k, v in (item.get("checksums") or {}).items()}, base,
            )
        )  # fmt: skip
    return entries


def write_manifest(entries: list[ModelEntry], folder: Path | None = None) -> None:
    path = (folder or models_dir()) / MANIFEST
    header = (
        "# Speech models the kiosk knows; written by `kiosk models install`.\n"
        "# path: relative to this folder, or package:NAME/SUB for a model installed by pip.\n"
    )
    body = yaml.safe_dump({"models": [e.as_dict() for e in entries]}, allow_unicode=True, sort_keys=False)
    write_atomically(path, (header + body).encode("utf-8"), mode=0o644)


def locate(entry: ModelEntry, folder: Path | None = None) -> Path | None:
    """Where the model's directory is, or None when it is not installed."""
    if entry.path.startswith("package:"):
        package, _, sub = entry.path.removeprefix("package:").partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        directory = Path(next(iter(spec.submodule_search_locations))) / sub
    else:
        directory = (entry.base or folder or models_dir()) / entry.path
    return directory if directory.is_dir() else None


def layout_problems(directory: Path) -> list[str]:
    problems = [f"missing {name}" for name in KEY_FILES if not (directory / name).is_file()]
    graph = directory / "graph"
    has_grammar_graph = (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
    if not has_grammar_graph and not (graph / "HCLG.fst").is_file():
        problems.append("missing graph/HCLr.fst + graph/Gr.fst (or graph/HCLG.fst)")
    if not (directory / "ivector").is_dir():
        problems.append("missing ivector/ (speaker adaptation)")
    return problems


def accepts_grammar(directory: Path) -> bool:
    return (directory / "graph" / "HCLr.fst").is_file() and (directory / "graph" / "Gr.fst").is_file()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(entry: ModelEntry, folder: Path | None = None, *, verify: bool = True) -> ModelReport:
    directory = locate(entry, folder)
    if directory is None:
        hint = "pip install it" if entry.path.startswith("package:") else "use `kiosk models install`"
        return ModelReport(entry, None, (f"not installed ({hint})",))
    problems = layout_problems(directory)
    if entry.runtime_grammar and not accepts_grammar(directory):
        problems.append("the manifest says it accepts grammars, but graph/HCLr.fst + Gr.fst are missing")
    if verify:
        for name, expected in entry.checksums.items():
            file = directory / name
            if file.is_file() and sha256(file) != expected:
                problems.append(f"{name} does not match its checksum (damaged or replaced)")
    return ModelReport(entry, directory, tuple(problems))


def install(
    source: Path, *, name: str | None, language: str | None, folder: Path | None = None
) -> ModelEntry:
    """Copy a model from a .zip or a folder into the models folder and record it in the manifest.

    Whatever the source holds, the result is a ``ModelError`` with a reason or a
    whole model: archives are checked (size, ratio, entries, encryption,
    links) before anything is written, and unpacked with a running count so a
    lying header cannot fill the disk; folders may not hold symbolic links,
    which could copy a file from anywhere on the kiosk into the model.
    """
    folder = folder or models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if name is not None:
        _check_name(name)
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        unpacked = Path(scratch) / "unpacked"
        if source.is_file() and zipfile.is_zipfile(source):
            root = _unzip(source, unpacked)
        elif source.is_dir():
            _refuse_links(source)
            root = source
        else:
            raise ModelError(f"{source}: not a .zip file or a folder")
        problems = layout_problems(root)
        if problems:
            raise ModelError(f"{source}: not a vosk model: {'; '.join(problems)}")
        # A zip of the bare layout (no top folder) is named after the zip file.
        name = name or (source.stem if root == unpacked else root.name)
        _check_name(name)
        language = language or _guess_language(name)
        if language is None:
            raise ModelError(f"cannot tell the language of {name!r}: pass --lang vi|en|ko")
        target = folder / name
        staged = Path(scratch) / ".staged"
        try:
            shutil.copytree(root, staged, symlinks=True)
        except (OSError, shutil.Error) as exc:
            raise ModelError(f"{source}: cannot copy the model ({_reason(exc)})") from None
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)  # same file system: the model appears whole or not at all
    checksums = {key: sha256(target / key) for key in KEY_FILES}
    entry = ModelEntry(name, language, name, accepts_grammar(target), checksums, folder)
    entries = [e for e in read_manifest(folder) if e.name != name] + [entry]
    write_manifest(entries, folder)
    return entry


def _check_name(name: str) -> None:
    plain = name.replace("-", "").replace("_", "").replace(".", "")
    if not plain.isascii() or not plain.isalnum() or name.startswith(".") or len(name) > 100:
        raise ModelError(f"{name!r}: a model name is letters, digits, '-', '_' and '.'")
    if name.lower() == MANIFEST:
        raise ModelError(f"{name!r}: that name is the models folder's manifest; choose another")


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__


def _refuse_links(source: Path) -> None:
    """A symbolic link in a model folder could pull any file of the kiosk into the copy."""
    for path in [source, *source.rglob("*")]:
        if path.is_symlink():
            shown = path.relative_to(source) if path != source else path
            raise ModelError(f"{source}: holds a symbolic link ({shown}); copy the real files instead")


def _unzip(source: Path, into: Path) -> Path:
    into.mkdir()
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            _check_archive(source, infos, into)
            written = 0
            for info in infos:
                target = into / info.filename
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as stream, target.open("wb") as out:
                    while chunk := stream.read(_CHUNK):
                        written += len(chunk)
                        if written > MAX_UNPACKED:
                            raise ModelError(f"{source}: unpacks to more than a speech model should")
                        out.write(chunk)
    except ModelError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
        raise ModelError(f"{source}: the archive is damaged ({_zip_reason(exc)})") from None
    except NotImplementedError:
        raise ModelError(f"{source}: the archive uses a compression this kiosk cannot unpack") from None
    except RuntimeError as exc:  # zipfile's word for an encrypted entry it was not told about
        raise ModelError(f"{source}: the archive cannot be unpacked ({exc})") from None
    children = [p for p in into.iterdir() if not p.name.startswith(".")]
    # Models are usually zipped as one top folder; accept a bare layout too.
    return children[0] if len(children) == 1 and children[0].is_dir() else into


def _check_archive(source: Path, infos: list[zipfile.ZipInfo], into: Path) -> None:
    """Refuse before writing anything: too many entries, too large, a bomb, encrypted, links, escapes.

    Sizes in the headers can lie; ``_unzip`` counts what it writes as well.
    """
    if len(infos) > MAX_ENTRIES:
        raise ModelError(f"{source}: has {len(infos)} entries; a speech model has a few hundred")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > MAX_UNPACKED:
        raise ModelError(f"{source}: unpacks to {total >> 20} MB, more than a speech model should")
    if total > 1 << 20 and total > MAX_RATIO * max(packed, 1):
        raise ModelError(f"{source}: expands {total // max(packed, 1)} times; a speech model does not")
    base = into.resolve()
    for info in infos:
        if info.flag_bits & 0x1:
            raise ModelError(f"{source}: {info.filename!r} is encrypted; zip the model without a password")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelError(f"{source}: {info.filename!r} is a symbolic link; zip the real files")
        if info.compress_type not in _METHODS:
            raise ModelError(f"{source}: {info.filename!r} uses a compression this kiosk cannot unpack")
        target = (into / info.filename).resolve()
        if not target.is_relative_to(base) or target == base:
            raise ModelError(f"{source}: refuses to unpack {info.filename!r} outside its folder")


def _zip_reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _guess_language(name: str) -> str | None:
    lowered = name.lower()
    for marker, language in (("-vn", "vi"), ("-vi", "vi"), ("-en", "en"), ("-ko", "ko"), ("-kr", "ko")):
        if marker in lowered:
            return language
    return None
