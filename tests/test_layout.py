"""Every screen fits both kiosk orientations, and every touch target is big enough."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.composition import KioskServices
from kiosk_app.session import Preferences
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.theme import MIN_TARGET_PX

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
THEMES = {"standard": (False, False), "large-text": (True, False), "high-contrast": (False, True)}
MIN_TOUCH_PX = 48  # the floor accessibility guidance sets; the theme aims higher


@pytest.mark.parametrize("orientation", SIZES)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_screen_fits_and_targets_are_large(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, orientation: str, theme: str, language: str
) -> None:
    width, height = SIZES[orientation]
    large, contrast = THEMES[theme]
    window = runtime.window
    window.resize(width, height)
    services.session.touch()
    services.session.set_preferences(Preferences(language, large, contrast, False))
    # Real content on the content-driven screens: the longest texts we ship.
    selection = window.context_selection()
    selection.category, selection.staff_file = "civil_status", "birth-registration.yaml"
    selection.procedure_code = "2.000815.000.00.00.H29"
    flow = GuidedFlow(services.catalogue.catalogue.procedures[selection.procedure_code])
    flow.answers.update({"pages": 3, "copies": 1, "foreign_paper": True})
    services.session.personal.flow = flow
    for screen_id in ScreenId:
        if screen_id is ScreenId.ERROR:
            window.show_error()
        else:
            window.go(screen_id)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (screen_id, hint)
        assert (window.width(), window.height()) == (width, height), screen_id
        for button in window.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.height() >= MIN_TOUCH_PX, (screen_id, button.objectName(), button.height())
                assert button.width() >= MIN_TOUCH_PX, (screen_id, button.objectName(), button.width())
                if button.text():
                    # The label fits: nothing reads "arge tex" on a narrow screen.
                    needed = button.fontMetrics().horizontalAdvance(button.text())
                    assert button.width() >= needed, (screen_id, button.objectName(), button.text())


def test_theme_minimum_is_above_the_accessibility_floor() -> None:
    assert MIN_TARGET_PX >= MIN_TOUCH_PX
