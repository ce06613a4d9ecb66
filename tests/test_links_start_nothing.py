"""No URL of any scheme, opened by any path in the kiosk, starts a program.

Runs a real X server (Xvfb) so Qt's desktop services are the ones a kiosk
has: without a handler they run ``xdg-open``. A stand-in ``xdg-open`` (and
browsers) first on PATH records every start; the guard must leave it silent.
The same script without the guard shows the stand-in does get started, so
the test can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCHEMES = [
    "https://dichvucong.gov.vn/?id=079090001234",
    "file:///etc/passwd",
    "smb://host/share",
    "sftp://host/",
    "ssh://root@host",
    "vnc://host:5900",
    "irc://irc.example/kiosk",
    "magnet:?xt=urn:btih:0000",
    "javascript:alert(1)",
    "about:blank",
    "x-terminal:",
    "x-custom-never-listed://anything",
    "zzz9+.-:opaque",
    "/etc/passwd",
]

SCRIPT = r"""
import sys
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser
from ui.guard import KioskGuard

app = QApplication([])
if sys.argv[1] == "guarded":
    guard = KioskGuard(lambda: None, app)
    app.installEventFilter(guard)
    guard.install_link_handlers()
for url in sys.argv[2:]:
    QDesktopServices.openUrl(QUrl.fromUserInput(url) if url.startswith("/") else QUrl(url))
# Widgets that open links themselves, from C++, when a link in them is tapped.
for url in sys.argv[2:4]:
    for kind in (QLabel, QTextBrowser):
        widget = kind()
        widget.setOpenExternalLinks(True)
        html = f'<a href="{url}">LINKLINKLINKLINKLINKLINKLINKLINK</a>'
        if isinstance(widget, QLabel):
            widget.setText(html)
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        else:
            widget.setHtml(html)
        widget.resize(600, 200)
        widget.show()
        QTest.qWaitForWindowExposed(widget)
        target = widget if isinstance(widget, QLabel) else widget.viewport()
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 12))
        app.processEvents()
QTest.qWait(1500)  # started programs are detached: give them time to write
"""


@pytest.fixture
def recording_path(tmp_path: Path) -> Path:
    """A folder of stand-ins for everything Qt may start to open a URL."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("xdg-open", "gio", "gnome-open", "kde-open", "kfmclient", "firefox", "google-chrome"):
        stand_in = bin_dir / name
        stand_in.write_text(f'#!/bin/sh\necho "{name} $*" >> "{tmp_path}/started.log"\n')
        stand_in.chmod(0o755)
    return bin_dir


def run(mode: str, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "QT_QPA_PLATFORM": "xcb",
        "DEFAULT_BROWSER": "firefox",
    }
    return subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", SCRIPT, mode, *SCHEMES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_no_scheme_starts_anything(tmp_path: Path, recording_path: Path) -> None:
    assert shutil.which("xvfb-run"), "xvfb is part of the project's set-up (dev.sh)"
    unguarded = run("unguarded", recording_path)
    assert unguarded.returncode == 0, unguarded.stderr
    started = (tmp_path / "started.log").read_text()
    assert "smb://host/share" in started  # without the guard the desktop opener runs

    (tmp_path / "started.log").unlink()
    guarded = run("guarded", recording_path)
    assert guarded.returncode == 0, guarded.stderr
    assert not (tmp_path / "started.log").exists(), (tmp_path / "started.log").read_text()
