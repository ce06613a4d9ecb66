"""Staff editing: refused with its message, published, seen by citizens, rolled back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk_app import destinations as to
from kiosk_app.catalogue.editing import apply_edits, editable_fields
from kiosk_app.composition import KioskServices
from tests.catalogue_helpers import SHIPPED
from tests.conftest import STAFF_PIN
from tests.ui_helpers import enter_area
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.procedure_flow import ProcedureScreen
from ui.screens.staff_editor import StaffEditScreen, StaffScreen

BIRTH = (SHIPPED / "birth-registration.yaml").read_text(encoding="utf-8")


def tap(qtbot: QtBot, widget: QWidget | None) -> None:
    assert widget is not None and widget.isVisible(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_form_fields_cover_texts_and_numbers_and_keep_comments() -> None:
    fields = {f.key: f for f in editable_fields(BIRTH)}
    assert fields["name/vi"].value == "Đăng ký khai sinh"
    assert fields["fees/late_registration/amount"].is_number
    assert fields["steps/has_birth_notice/ask/en"].language == "en"
    assert "documents/birth_notice/when/answer" not in fields  # conditions are not form fields
    edited = apply_edits(BIRTH, {"name/en": 'Birth "registration"', "fees/extracts/amount": "9000"})
    assert edited.count("\n") == BIRTH.count("\n")
    assert "# Đăng ký khai sinh — Birth registration (ward level)" in edited
    assert 'en: "Birth \\"registration\\""' in edited and "amount: 9000" in edited
    with pytest.raises(ValueError, match="whole number"):
        apply_edits(BIRTH, {"fees/extracts/amount": "8.000"})


def open_staff(qtbot: QtBot, runtime: KioskRuntime) -> StaffScreen:
    staff = enter_area(qtbot, runtime, STAFF_PIN, ScreenId.STAFF)
    assert isinstance(staff, StaffScreen)
    return staff


def test_edit_refuse_publish_see_and_roll_back(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    staff = open_staff(qtbot, runtime)
    assert "17 scripts, 0 with problems" in staff.summary.text()
    row = next(item for item in staff.list.items if item.objectName() == "script_birth-registration.yaml")
    assert row.subtitle.text() == "Valid, in service"
    tap(qtbot, row)
    editor = window.screens[ScreenId.STAFF_EDIT]
    assert isinstance(editor, StaffEditScreen)
    live = services.catalogue.folder / "birth-registration.yaml"
    before = live.read_bytes()

    # An invalid change is refused with its message, and nothing changes.
    editor.fields["counter"].setText("300")
    tap(qtbot, editor.publish)
    qtbot.waitUntil(lambda: "counter must be from 1 to 99, not 300" in editor.problems.text(), timeout=5000)
    assert live.read_bytes() == before

    # A valid change: preview as a citizen, then publish.
    editor.fields["counter"].setText("2")
    editor.fields["name/en"].setText("Birth registration (new form)")
    tap(qtbot, editor.preview)
    qtbot.waitUntil(lambda: window.current is ScreenId.PROCEDURE, timeout=5000)
    overview = window.screens[ScreenId.PROCEDURE]
    assert isinstance(overview, ProcedureScreen)
    assert overview.title.text() == "Birth registration (new form)"
    assert (
        services.catalogue.catalogue.procedures["1.001193"].name.en == "Birth registration"
    )  # not yet published
    tap(qtbot, window.navbar.back)
    assert window.current is ScreenId.STAFF_EDIT
    tap(qtbot, editor.publish)
    qtbot.waitUntil(
        lambda: editor.state.text().startswith("Published."), timeout=5000
    )  # written off the GUI thread
    assert services.catalogue.catalogue.procedures["1.001193"].name.en == "Birth registration (new form)"
    assert "# Đăng ký khai sinh" in live.read_text(encoding="utf-8")  # the comments survived

    # The citizen sees it.
    window.home()
    window.go(to.ProcedureGuide("1.001193"))
    assert overview.title.text() == "Birth registration (new form)"

    # One tap back to the previous version.
    window.go(to.StaffEdit("birth-registration.yaml"))
    assert editor.rollback.isEnabled()
    tap(qtbot, editor.rollback)
    qtbot.waitUntil(lambda: editor.state.text().startswith("The previous version is back"), timeout=5000)
    assert live.read_bytes() == before
    assert services.catalogue.catalogue.procedures["1.001193"].name.en == "Birth registration"
    assert editor.fields["name/en"].text() == "Birth registration"


def test_raw_text_edits_are_validated_too(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    staff = open_staff(qtbot, runtime)
    row = next(item for item in staff.list.items if item.objectName() == "script_copy-certification.yaml")
    staff.list.ensureWidgetVisible(row)  # as a person scrolls down to it
    tap(qtbot, row)
    editor = window.screens[ScreenId.STAFF_EDIT]
    assert isinstance(editor, StaffEditScreen)
    tap(qtbot, editor.mode)
    assert editor.raw.isVisible()
    editor.raw.setPlainText(editor.raw.toPlainText().replace("per_unit:", "per_unti:"))
    tap(qtbot, editor.check)
    qtbot.waitUntil(
        lambda: "unknown field 'per_unti' in a fee; did you mean 'per_unit'?" in editor.problems.text(),
        timeout=5000,
    )


def test_form_field_names_are_in_the_interface_language(qtbot: QtBot, runtime: KioskRuntime) -> None:
    from ui.screens.staff_editor import field_label

    runtime.languages.set_language("vi")
    assert field_label("documents/birth_notice/name/vi") == "giấy tờ › birth_notice › tên › tiếng Việt"
    assert field_label("fees/late_registration/amount") == "lệ phí › late_registration › số tiền"
    runtime.languages.set_language("en")
    assert field_label("documents/birth_notice/name/vi") == "documents › birth_notice › name › Vietnamese"
