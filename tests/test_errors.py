"""An error inside the kiosk shows a friendly screen with a way home, and is logged."""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from ui.launcher import KioskRuntime, install_exception_handlers
from ui.screens.base import ScreenId


@pytest.mark.qt_no_exception_capture
@pytest.mark.expect_logs("unhandled error")
def test_an_exception_in_a_slot_shows_the_error_screen(
    qtbot: QtBot, runtime: KioskRuntime, tmp_path: Path, kiosk_logging: Callable[..., Path]
) -> None:
    log_file = kiosk_logging(tmp_path / "logs", max_bytes=1_000_000, backup_count=1)
    undo = install_exception_handlers(runtime)
    try:
        qtbot.mouseClick(runtime.window.screens[ScreenId.ATTRACT], Qt.MouseButton.LeftButton)

        def broken_slot() -> None:
            raise RuntimeError("card 079090001234 could not be read")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: runtime.window.current is ScreenId.ERROR, timeout=2000)
        assert not runtime.window.navbar.isVisible()
        home = runtime.window.screens[ScreenId.ERROR].findChild(QPushButton, "error_home")
        assert home is not None and home.isVisible()
        qtbot.mouseClick(home, Qt.MouseButton.LeftButton)
        assert runtime.window.current is ScreenId.HOME
    finally:
        undo()
    entries = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    (error,) = [e for e in entries if e["level"] == "ERROR"]
    assert error["msg"] == "unhandled error"
    assert "RuntimeError" in str(error["exc"])
    assert "079090001234" not in log_file.read_text(encoding="utf-8")


@pytest.mark.expect_logs("unhandled error in a background task")
def test_an_exception_in_an_asyncio_task_shows_the_error_screen(qtbot: QtBot, runtime: KioskRuntime) -> None:
    loop = asyncio.new_event_loop()
    undo = install_exception_handlers(runtime, loop)
    try:

        async def failing() -> None:
            raise ValueError("backend reply was garbage")

        task = loop.create_task(failing())
        loop.run_until_complete(asyncio.sleep(0.01))
        del task  # an unretrieved task exception goes to the loop's handler when collected
        gc.collect()
        assert runtime.window.current is ScreenId.ERROR
    finally:
        undo()
        loop.close()
