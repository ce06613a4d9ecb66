"""The staff area: procedure scripts, their state, and the editor.

Staff see every script with its validation state, edit texts and numbers in a
form (or the raw text for structural changes), check, preview exactly as a
citizen would see it, publish (atomic, with history) and roll back. The
validator that guards loading guards the editor: nothing with problems is
published, and problems are shown with their line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.catalogue.editing import EditableField, apply_edits, editable_fields
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.reader import ScriptProblem
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.destinations import Destination, ProcedureGuide, StaffEdit, StaffScripts
from kiosk_app.session import EndReason
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label, scrolling
from ui.widgets.choice_list import ChoiceList

log = logging.getLogger(__name__)


class StaffScreen(Screen):
    """Every script with its state; tap one to edit it."""

    screen_id = ScreenId.STAFF
    destination = StaffScripts
    citizen_facing = False

    def __init__(self, context: ScreenContext, *, catalogue: CatalogueService) -> None:
        super().__init__(context)
        self._catalogue = catalogue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        self.title = make_label("title")
        self.summary = make_label("subtitle")
        self.list = ChoiceList()
        self.reload = make_button(object_name="reload_scripts")
        self.reload.clicked.connect(self._reload)
        self.leave = make_button("primary", object_name="leave_staff")
        self.leave.clicked.connect(lambda: context.navigator.end_session(EndReason.RESET))
        row = QHBoxLayout()
        row.addWidget(self.leave)
        row.addStretch(1)
        row.addWidget(self.reload)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.retranslate()

    def _reload(self) -> None:
        # Reading every script is file I/O: off the GUI thread.
        self.reload.setEnabled(False)
        self.context.jobs.run(self._catalogue.reload, lambda _: self._reloaded())

    def _reloaded(self) -> None:
        self.reload.setEnabled(True)
        self.retranslate()

    def on_shown(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        language = self.context.language
        catalogue = self._catalogue.catalogue
        self.title.setText(translate("StaffScreen", "Procedure scripts"))
        problems = sum(1 for state in catalogue.files.values() if not state.valid)
        self.summary.setText(
            translate(
                "StaffScreen", "{count} scripts, {problems} with problems. Tap a script to edit it."
            ).format(count=len(catalogue.files), problems=problems)
        )
        self.reload.setText(translate("StaffScreen", "Reload scripts from disk"))
        self.leave.setText(translate("StaffScreen", "Back to citizen mode"))
        rows = []
        for name, state in sorted(catalogue.files.items()):
            procedure = catalogue.get(state.code) if state.code else None
            title = f"{procedure.name.get(language)} ({name})" if procedure else name
            if state.valid:
                status = translate("StaffScreen", "Valid, in service")
            elif state.serving_previous:
                status = translate("StaffScreen", "{n} problem(s); the last good version is serving").format(
                    n=len(state.problems)
                )
            else:
                status = translate("StaffScreen", "{n} problem(s); not shown to citizens").format(
                    n=len(state.problems)
                )
            rows.append((f"script_{name}", title, status, lambda n=name: self._open(n)))
        self.list.set_items(rows)  # type: ignore[arg-type]

    def catalogue_changed(self) -> None:
        self.retranslate()  # the list of scripts and their states, as loaded now

    def _open(self, file_name: str) -> None:
        self.context.navigator.go(StaffEdit(file_name))


class StaffEditScreen(Screen):
    """One script: form or raw text, check, preview, publish, roll back."""

    screen_id = ScreenId.STAFF_EDIT
    destination = StaffEdit
    citizen_facing = False

    def __init__(self, context: ScreenContext, *, catalogue: CatalogueService) -> None:
        super().__init__(context)
        self._catalogue = catalogue
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(12)
        self.title = make_label("title")
        self.state = make_label("notice")
        self.state.setObjectName("editor_state")
        self.form_host = QWidget()
        # Each field's name on a line of its own above it: names are long ("giấy tờ ›
        # birth_notice › tên › tiếng Việt"), and wrapped labels in a scroll area are given
        # one line's height and run into each other.
        self.form = QVBoxLayout(self.form_host)
        self.form.setSpacing(4)
        self.form_area = scrolling(self.form_host)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("editor_raw")
        self.raw.hide()
        self.problems = make_label("error")
        self.problems.setObjectName("editor_problems")
        buttons = QGridLayout()
        self.mode = make_button(object_name="editor_mode")
        self.check = make_button(object_name="editor_check")
        self.preview = make_button(object_name="editor_preview")
        self.publish = make_button("primary", object_name="editor_publish")
        self.rollback = make_button(object_name="editor_rollback")
        # Two columns, so the labels fit inside their padding on a portrait screen with large text.
        for index, (button, action) in enumerate(
            (
                (self.mode, self._toggle_mode),
                (self.check, self._check),
                (self.preview, self._preview),
                (self.rollback, self._rollback),
                (self.publish, self._publish),
            )
        ):
            button.clicked.connect(action)
            buttons.addWidget(button, index // 2, index % 2, 1, 2 if index == 4 else 1)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.raw, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.fields: dict[str, QLineEdit] = {}
        self._text = ""
        self._loaded_file: str | None = None
        self._file_name = ""
        self._message = ""

    @property
    def file_name(self) -> str:
        return self._file_name

    def _path(self) -> Path:
        return self._catalogue.folder / self.file_name

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, StaffEdit):
            self._file_name = destination.file_name
        if self._loaded_file != self.file_name:
            self._load()
        self.retranslate()

    def _load(self) -> None:
        self._loaded_file = self.file_name
        try:
            self._text = self._path().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self._text = ""
        self.raw.setPlainText(self._text)
        self._fill_form(editable_fields(self._text))
        state = self._catalogue.catalogue.files.get(self.file_name)
        self._show_problems(list(state.problems) if state else [])
        self._message = ""

    def _fill_form(self, fields: list[EditableField]) -> None:
        while self.form.count():
            item = self.form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.fields = {}
        for field in fields:
            editor = QLineEdit(field.value)
            editor.setCursorPosition(0)  # the start of a long text shows, not its end
            editor.setObjectName(f"field_{field.key}")
            label = make_label("hint", wrap=False)
            label.setText(field_label(field.key))
            self.form.addSpacing(8)
            self.form.addWidget(label)
            self.form.addWidget(editor)
            self.fields[field.key] = editor
        self.form.addStretch(1)

    def _current_text(self) -> str:
        """The script as edited, from whichever view is showing; raises ValueError on a bad number."""
        if self.raw.isVisible():
            return self.raw.toPlainText()
        return apply_edits(self._text, {key: editor.text() for key, editor in self.fields.items()})

    def _toggle_mode(self) -> None:
        try:
            text = self._current_text()
        except ValueError as exc:
            self._show_problems([ScriptProblem(self.file_name, 1, 1, str(exc))])
            return
        self._text = text
        self._show_problems([])  # earlier results spoke of the text before this switch
        if self.raw.isVisible():
            self.raw.hide()
            self._fill_form(editable_fields(text))
            self.form_area.show()
        else:
            self.raw.setPlainText(text)
            self.form_area.hide()
            self.raw.show()
        self.retranslate()

    def _edited_text(self) -> str | None:
        """The text as edited; None (and the problem shown) when a form field is not valid."""
        try:
            return self._current_text()
        except ValueError as exc:
            self._show_problems([ScriptProblem(self.file_name, 1, 1, str(exc))])
            return None

    # Checking a large script takes a moment and publishing does I/O: all of it runs
    # as background jobs, so the screen keeps answering; a failure of the job shows
    # as a problem and the edit stays in the editor, never lost to the error screen.

    def _check(self) -> None:
        self._examine(self._checked)

    def _preview(self) -> None:
        self._examine(self._previewed)

    def _examine(self, then: Callable[[Procedure | None, list[ScriptProblem]], None]) -> None:
        text = self._edited_text()
        if text is None:
            return
        catalogue, name, data = self._catalogue, self.file_name, text.encode("utf-8")
        self._busy(True)
        self.context.jobs.run(lambda: catalogue.examine(name, data), lambda found: then(*found), self._failed)

    def _checked(self, _procedure: Procedure | None, problems: list[ScriptProblem]) -> None:
        self._busy(False)
        self._message = "valid" if not problems else ""
        self._show_problems(problems)
        self.retranslate()

    def _previewed(self, procedure: Procedure | None, problems: list[ScriptProblem]) -> None:
        self._busy(False)
        self._show_problems(problems)
        if procedure is not None and not problems:
            self.context.navigator.go(ProcedureGuide(procedure.code, preview=procedure))

    def _publish(self) -> None:
        text = self._edited_text()
        if text is None:
            return
        catalogue, name = self._catalogue, self.file_name
        self._busy(True)
        self.context.jobs.run(
            lambda: catalogue.publish(name, text.encode("utf-8")),
            lambda found: self._published(text, found),
            self._failed,
        )

    def _published(self, text: str, problems: list[ScriptProblem]) -> None:
        self._busy(False)
        self._show_problems(problems)
        if not problems:
            self._text = text
            self._message = "published"
        self.retranslate()

    def _rollback(self) -> None:
        catalogue, name = self._catalogue, self.file_name
        self._busy(True)
        self.context.jobs.run(lambda: catalogue.rollback(name), self._rolled_back, self._failed)

    def _rolled_back(self, problems: list[ScriptProblem]) -> None:
        self._busy(False)
        self._show_problems(problems)
        if not problems:
            self._load()
            self._message = "rolled_back"
        self.retranslate()

    def _failed(self, error: BaseException) -> None:
        log.error("a staff editor job failed", exc_info=error)
        self._busy(False)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        # Not a problem of the script (no line to point at): the kiosk's own, in the staff's language.
        self.problems.setText(
            translate("StaffEditor", "Could not finish ({reason}); your edit is kept. Try again.").format(
                reason=reason
            )
        )
        self.problems.show()

    def _busy(self, busy: bool) -> None:
        for button in (self.publish, self.rollback, self.check, self.preview, self.mode):
            button.setEnabled(not busy)

    def _show_problems(self, problems: list[ScriptProblem]) -> None:
        self.problems.setText("\n".join(f"{p.line}:{p.column}  {p.message}" for p in problems[:8]))
        self.problems.setVisible(bool(problems))

    def retranslate(self) -> None:
        language = self.context.language
        procedure = next(
            (
                p
                for p in self._catalogue.catalogue.procedures.values()
                if Path(p.source_file).name == self.file_name
            ),
            None,
        )
        name = procedure.name.get(language) if procedure else ""
        self.title.setText(f"{name} ({self.file_name})" if name else self.file_name)
        history = len(self._catalogue.history(self.file_name)) if self.file_name else 0
        messages = {
            "valid": translate("StaffEditor", "No problems found. Preview it, then publish."),
            "published": translate("StaffEditor", "Published. Citizens see the new version now."),
            "rolled_back": translate("StaffEditor", "The previous version is back in service."),
        }
        state = messages.get(
            self._message,
            translate("StaffEditor", "Edit the texts and numbers below, or switch to the raw text."),
        )
        self.state.setText(
            state + " " + translate("StaffEditor", "Earlier versions kept: {n}.").format(n=history)
        )
        self.mode.setText(
            translate("StaffEditor", "Edit as form")
            if self.raw.isVisible()
            else translate("StaffEditor", "Edit raw text")
        )
        self.check.setText(translate("StaffEditor", "Check"))
        self.preview.setText(translate("StaffEditor", "Preview as a citizen"))
        self.publish.setText(translate("StaffEditor", "Publish"))
        self.rollback.setText(translate("StaffEditor", "Roll back"))
        self.rollback.setEnabled(history > 0)


def field_label(key: str) -> str:
    """A form field's place in the script, in the interface language: "Giấy tờ › birth_notice › Tên ›
    tiếng Việt". Script words are translated; the ids staff chose (birth_notice) stay as written."""
    words = {
        "name": translate("StaffEditor", "name"),
        "summary": translate("StaffEditor", "summary"),
        "sector": translate("StaffEditor", "sector"),
        "agency": translate("StaffEditor", "agency"),
        "result": translate("StaffEditor", "result"),
        "processing": translate("StaffEditor", "processing"),
        "steps": translate("StaffEditor", "steps"),
        "documents": translate("StaffEditor", "documents"),
        "fees": translate("StaffEditor", "fees"),
        "ask": translate("StaffEditor", "question"),
        "text": translate("StaffEditor", "text"),
        "help": translate("StaffEditor", "help"),
        "options": translate("StaffEditor", "options"),
        "label": translate("StaffEditor", "label"),
        "note": translate("StaffEditor", "note"),
        "unit": translate("StaffEditor", "unit"),
        "amount": translate("StaffEditor", "amount"),
        "originals": translate("StaffEditor", "originals"),
        "copies": translate("StaffEditor", "copies"),
        "working_days": translate("StaffEditor", "working days"),
        "extendable_to": translate("StaffEditor", "extendable to"),
        "counter": translate("StaffEditor", "counter"),
        "min": translate("StaffEditor", "smallest"),
        "max": translate("StaffEditor", "largest"),
        "each": translate("StaffEditor", "each"),
        "first": translate("StaffEditor", "first"),
        "cap": translate("StaffEditor", "at most"),
        "vi": translate("StaffEditor", "Vietnamese"),
        "en": translate("StaffEditor", "English"),
    }
    return " › ".join(words.get(part, part) for part in key.split("/"))
