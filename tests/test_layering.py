"""The layering rules hold: Qt stays in ui/, nothing executes data."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = {"PySide6", "shiboken6", "qasync"}
CORE_PACKAGES = ("kiosk_app", "devices")


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_qt_import_outside_ui() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_roots(path) & QT_MODULES)
        for path in _python_files(*CORE_PACKAGES)
        if _imported_roots(path) & QT_MODULES
    }
    assert offenders == {}


def test_the_check_above_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QTimer\n    return QTimer\n")
    assert _imported_roots(sample) & QT_MODULES == {"PySide6"}


def test_core_commands_run_without_loading_qt() -> None:
    code = (
        "import sys; from kiosk_app.cli import main; "
        "rc = main(['config', 'check', 'config/site-example.yaml']); "
        "assert rc == 0, rc; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'ui')); "
        "print('LOADED', loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout


def test_arrows_point_one_way() -> None:
    # ui -> kiosk_app -> devices. The CLI's lazy start of the screens is the one step back up.
    upward = []
    for path in _python_files("devices"):
        upward += [f"{path.name} imports {m}" for m in _imported_roots(path) & {"ui", "kiosk_app"}]
    for path in _python_files("kiosk_app"):
        if path.name != "cli.py":
            upward += [f"{path.name} imports ui" for m in _imported_roots(path) & {"ui"}]
    assert upward == []


def test_nothing_executes_data() -> None:
    forbidden = {"eval", "exec", "compile", "__import__"}
    offenders = []
    for path in _python_files("kiosk_app", "devices", "ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in forbidden:
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}")
            if isinstance(node, ast.Attribute) and node.attr in {"load", "loads", "unsafe_load"}:
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in {"pickle", "marshal"}:
                    offenders.append(f"{path.name}:{node.lineno} {owner.id}.{node.attr}")
                if isinstance(owner, ast.Name) and owner.id == "yaml" and node.attr != "safe_load":
                    offenders.append(f"{path.name}:{node.lineno} yaml.{node.attr}")
    assert offenders == []


def test_no_native_or_file_dialogs_in_the_ui() -> None:
    banned = {
        "QFileDialog",
        "QPrintDialog",
        "QMessageBox",
        "QInputDialog",
        "QColorDialog",
        "QFontDialog",
        "QMenu",
    }
    used = []
    for path in _python_files("ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        used += [f"{path.name}: {name}" for name in names & banned]
    assert used == []
