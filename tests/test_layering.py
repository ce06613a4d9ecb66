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


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level) for every absolute import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
    return found


# The one step back up: the CLI starts the screens, inside the functions that do it.
# (ui.start paints the first screen, then ui.launcher builds the rest behind it.)
LAZY_UPWARD = {("kiosk_app/cli.py", "ui.start")}


def _upward(folders: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in _python_files(*folders):
        name = path.relative_to(ROOT).as_posix()
        for module, top_level in _imports(path):
            if module.split(".")[0] in forbidden or module.startswith(tuple(f + "." for f in forbidden)):
                if not top_level and (name, module) in LAZY_UPWARD:
                    continue
                found.append(f"{name} imports {module}")
    return found


def test_arrows_point_one_way() -> None:
    # ui -> kiosk_app -> devices; screens and widgets reach devices only through the core.
    assert _upward(("devices",), ("ui", "kiosk_app")) == []
    assert _upward(("kiosk_app",), ("ui",)) == []
    assert _upward(("ui/screens", "ui/widgets"), ("devices",)) == []
    assert _upward(("ui/widgets",), ("ui.screens",)) == []
    # The kiosk never imports the backend simulator (it starts it as a process), and the
    # simulator knows the kiosk only through the contract, not its code.
    assert _upward(("kiosk_app", "ui", "devices"), ("backend_simulator",)) == []
    assert _upward(("backend_simulator",), ("kiosk_app", "ui", "devices")) == []


def test_the_layering_rules_would_catch_a_real_path(tmp_path: Path) -> None:
    sample = tmp_path / "cli.py"
    sample.write_text("import ui.window\n\ndef f():\n    from devices.printer import SimulatedPrinter\n")
    assert _imports(sample) == [("ui.window", True), ("devices.printer", False)]


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
