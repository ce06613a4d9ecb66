"""One checklist presentation: the screen, the receipt and audio guidance show the same rows, in both languages."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from devices.receipt import Line
from kiosk_app import destinations as to
from kiosk_app.catalogue.loader import answer_sets
from kiosk_app.composition import KioskServices
from kiosk_app.printing import PrintResult
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.procedure_flow import ChecklistScreen


def _shown_texts(screen: ChecklistScreen) -> list[str]:
    # Rows replaced on a language switch are hidden at once and deleted at the next loop turn.
    holder = screen.body.parentWidget()
    return [
        label.text()
        for label in screen.findChildren(QLabel)
        if label.parent() is holder and not label.isHidden()
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_screen_and_receipt_show_the_same_rows_for_every_shipped_procedure(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, language: str
) -> None:
    window = runtime.window
    services.session.touch()
    window.choose_language(language)
    checked = 0
    for procedure in services.catalogue.catalogue.procedures.values():
        # Two answer sets each: the first and the last the script allows (different documents and fees).
        sets = list(answer_sets(procedure) or [{}])
        for answers in {0: sets[0], 1: sets[-1]}.values():
            services.guide.start(procedure)
            flow = services.guide.flow
            assert flow is not None
            flow.answers.update(answers)
            window.go(to.ChecklistView())
            screen = window.screens[ScreenId.CHECKLIST]
            assert isinstance(screen, ChecklistScreen) and screen.text is not None
            text = screen.text
            receipt = services.printing.checklist_receipt(text, language)
            printed = [block.text for block in receipt.blocks if isinstance(block, Line)]
            rows = [row.text for row in text.rows]
            # The receipt prints every row the screen shows, in the same order, word for word.
            assert printed[printed.index(rows[0]) : printed.index(rows[0]) + len(rows)] == rows
            assert text.where in printed and text.title in printed
            assert _shown_texts(screen) == rows
            assert all(row in screen.spoken_text() for row in rows)
            window.home()
            checked += 1
    assert checked >= 2 * len(services.catalogue.catalogue.procedures)


def test_counts_are_plural_forms_in_english_and_vietnamese(services: KioskServices) -> None:
    en, vi = services.messages.texts("en"), services.messages.texts("vi")
    assert [en.ntr("{n} original", "{n} originals", n) for n in (1, 2)] == ["1 original", "2 originals"]
    assert [vi.ntr("{n} copy", "{n} copies", n) for n in (1, 3)] == ["1 bản sao", "3 bản sao"]


@pytest.mark.expect_logs("device health changed")  # paper out is logged for the technician
def test_a_checklist_prints_through_the_one_print_path(services: KioskServices) -> None:
    procedure = services.catalogue.catalogue.procedures["1.001193"]
    services.guide.start(procedure)
    flow = services.guide.flow
    assert flow is not None
    flow.answers.update(next(itertools.islice(answer_sets(procedure) or iter([{}]), 1)))
    text = services.guide.checklist_text("vi")
    assert text is not None
    outcome = services.printing.print(services.printing.checklist_receipt(text, "vi"))
    printer = services.hardware.printer
    assert outcome.result is PrintResult.PRINTED and printer is not None
    assert printer.printed[-1][0] is outcome.image  # type: ignore[attr-defined]
    printer.paper_out = True  # type: ignore[attr-defined]
    services.device_health.update(
        {role: device.status() for role, device in services.hardware.by_role().items()}
    )
    # The last poll says it cannot print: the citizen gets the list on screen, nothing is sent.
    before = len(printer.printed)  # type: ignore[attr-defined]
    assert services.printing.print(services.printing.checklist_receipt(text, "vi")).result is (
        PrintResult.PRINTER_UNAVAILABLE
    )
    assert len(printer.printed) == before  # type: ignore[attr-defined]
