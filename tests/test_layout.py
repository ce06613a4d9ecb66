"""Every screen fits both kiosk orientations, and every touch target is big enough."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
)
from pytestqt.qtbot import QtBot

from devices.cccd import parse_cccd
from kiosk_app import destinations as to
from kiosk_app.backend.licences import LicenceCheck, LicenceClaims, Standing
from kiosk_app.backend.models import DossierStatusReply
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.composition import KioskServices
from kiosk_app.device_health import DeviceError, DeviceProblem
from kiosk_app.dossier_lookup import DossierAnswer, Outcome
from kiosk_app.satisfaction import Level
from kiosk_app.session import Preferences
from ui.launcher import KioskRuntime
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId
from ui.screens.dossier_status import DossierStatusScreen
from ui.screens.id_card import IdCardScreen
from ui.screens.licence_check import LicenceCheckScreen
from ui.screens.procedures import CategoryScreen
from ui.screens.rating import RatingScreen
from ui.theme import MIN_TARGET_PX
from ui.window import SCREEN_TYPES

LONG_QUESTION = {
    "vi": "lệ phí chứng thực bản sao từ bản chính bao nhiêu",
    "en": "how much is a certified copy from an original",
}
_TEXT = {
    "vi": "Chờ bổ sung hồ sơ theo thông báo của cán bộ tiếp nhận",
    "en": "Waiting for the documents the clerk asked for",
}
LONG_DOSSIER = msgspec.convert(
    {
        "code": "000.00.29.H29-251201-0007",
        "procedure": {
            "vi": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp",
            "en": "Certified copy from the original of a paper issued by a competent authority",
        },
        "status_code": 5,
        "status_label": _TEXT,
        "updated_at": "2026-11-30T08:30:00+07:00",
        "return_date": "2026-12-08",
        "next_step": {
            "vi": "Mang bản chính giấy khai sinh và tờ khai đã ký đến quầy số 3 trước ngày hẹn trả kết quả.",
            "en": "Bring the original birth certificate and the signed form to counter 3 before the due date.",
        },
        "counter": 3,
        "history": [],
    },
    DossierStatusReply,
)
LONG_LICENCE = LicenceCheck(
    True, None, "", Standing.UNKNOWN,
    LicenceClaims(
        "000.00.29.H29-251201-0007-KQ12", "Giấy chứng nhận đủ điều kiện an toàn thực phẩm",
        "Food safety certificate", "NGUYỄN THỊ THANH HƯƠNG", date(2025, 12, 1), date(2028, 12, 1),
        "Ho Chi Minh City Department of Justice", datetime(2025, 12, 1, tzinfo=UTC),
    ),
    "Sở Tư pháp Thành phố Hồ Chí Minh", "Ho Chi Minh City Department of Justice",
)  # fmt: skip
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
    code = "2.000815.000.00.00.H29"
    flow = GuidedFlow(services.catalogue.catalogue.procedures[code])
    flow.answers.update({"pages": 3, "copies": 1, "foreign_paper": True})
    services.session.personal.flow = flow
    identity = parse_cccd(
        "079190001234||NGUYỄN THỊ THANH HƯƠNG|15031990|Nữ|12 Lê Lợi, Phường Sài Gòn|20042021",
        today=date(2026, 12, 1),
    )
    destinations: dict[ScreenId, to.Destination] = {
        ScreenId.CATEGORY: to.Category("civil_status"),
        ScreenId.PROCEDURE: to.ProcedureGuide(code),
        ScreenId.STAFF_EDIT: to.StaffEdit("birth-registration.yaml"),
        ScreenId.ID_CONSENT: to.IdConsent(identity),
    }
    problems: list[str] = []
    for screen_type in SCREEN_TYPES:
        screen_id = screen_type.screen_id
        if screen_id is ScreenId.ERROR:
            window.show_error()
        else:
            window.go(destinations.get(screen_id) or screen_type.destination())
        if screen_id is ScreenId.DOSSIER_STATUS:
            # The longest answer: a status with a next step, the procedure, dates and the counter.
            dossier = window.current_screen
            assert isinstance(dossier, DossierStatusScreen)
            window.go(to.DossierStatus("000.00.29.H29-251201-0007"))
            dossier.show_answer(DossierAnswer(Outcome.FOUND, LONG_DOSSIER))
        if screen_id is ScreenId.LICENCE_CHECK:
            licence = window.current_screen
            assert isinstance(licence, LicenceCheckScreen)
            licence.show_check(LONG_LICENCE)
        if screen_id is ScreenId.RATING:
            # A face chosen: the reasons show too.
            rating = window.current_screen
            assert isinstance(rating, RatingScreen)
            rating.faces[Level.NOT_SATISFIED].click()
        if screen_id is ScreenId.ID_CARD:
            # Messages follow one another as a citizen retries: each must re-fit, the last one too.
            card = window.current_screen
            assert isinstance(card, IdCardScreen)
            for failure in (DeviceProblem.NO_CARD, DeviceProblem.ACCESS_DENIED, DeviceProblem.NOT_AUTHENTIC):
                card._read_failed(DeviceError(failure, "test"))
                QApplication.processEvents()
        if screen_id is ScreenId.ASSISTANT:
            # With its longest kind of answer showing: the reply must not lose its last line.
            assistant = window.current_screen
            assert isinstance(assistant, AssistantScreen)
            assistant.text.setText(LONG_QUESTION[language])
            assistant.ask.click()
        for _ in range(10):  # a category page fits itself to the list as it is laid out
            QApplication.processEvents()
        if screen_id is ScreenId.CATEGORY:
            category = window.current_screen
            assert isinstance(category, CategoryScreen)
            if category.list.verticalScrollBar().isVisible():
                problems.append(f"category: {category.page_size} rows a page need scrolling")
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (screen_id, hint)
        assert (window.width(), window.height()) == (width, height), screen_id
        for button in window.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.height() >= MIN_TOUCH_PX, (screen_id, button.objectName(), button.height())
                assert button.width() >= MIN_TOUCH_PX, (screen_id, button.objectName(), button.width())
                if button.text() and isinstance(button, QPushButton):
                    # The label fits the space inside the padding and border: nothing reads "arge tex".
                    needed = button.fontMetrics().horizontalAdvance(button.text())
                    available = text_space(button)
                    if available < needed:
                        problems.append(
                            f"{screen_id.value}: button {button.objectName()} {button.text()!r} "
                            f"needs {needed} px, has {available}"
                        )
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.text() and label.textFormat() != Qt.TextFormat.RichText:
                problem = clipped(label)
                if problem is not None:
                    name = label.objectName() or repr(label.text()[:40])
                    problems.append(f"{screen_id.value}: label {name} {problem}")
    assert not problems, "\n".join(problems)


def text_space(button: QPushButton) -> int:
    """The width a button's text really has: its contents, inside the stylesheet's padding and border."""
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    option.features = QStyleOptionButton.ButtonFeature.None_
    contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    return contents.width()


def clipped(label: QLabel) -> str | None:
    """Why a label does not show all its text, or None: too wide for one line, or too short wrapped."""
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        return None if needed <= label.height() else f"needs {needed} px of height, has {label.height()}"
    lines = label.text().splitlines() or [""]
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in lines)
    room = label.contentsRect().width()
    return None if widest <= room else f"needs {widest} px of width, has {room}"


def test_the_measure_catches_a_cut_label(qtbot: QtBot) -> None:
    button = QPushButton("Tương phản cao")
    qtbot.addWidget(button)
    button.setStyleSheet("QPushButton { padding: 8px 40px; border: 3px solid black; font-size: 26px; }")
    needed = button.fontMetrics().horizontalAdvance(button.text())
    button.setFixedWidth(needed + 20)  # wide enough by the old measure, not inside the padding
    button.show()
    assert button.width() >= needed > text_space(button)
    label = QLabel("a long sentence that wraps onto three or four lines in a narrow box")
    qtbot.addWidget(label)
    label.setWordWrap(True)
    label.setFixedSize(120, 30)
    label.show()
    assert clipped(label) is not None


def test_theme_minimum_is_above_the_accessibility_floor() -> None:
    assert MIN_TARGET_PX >= MIN_TOUCH_PX
