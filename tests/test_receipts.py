"""Receipts: one image for preview and print, the ESC/POS bytes python-escpos sends, every glyph present."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from devices.receipt import (
    PAPER_58,
    PAPER_80,
    Line,
    QrCode,
    Receipt,
    load_font,
    paper_for_profile,
    render,
    send,
    wrap,
)
from kiosk_app import receipts
from kiosk_app.catalogue.engine import tailor
from kiosk_app.checklist_text import present
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import Settings
from tests.catalogue_helpers import ROOT, shipped

NOW = datetime(2026, 11, 30, 9, 30)
GS_V_0 = b"\x1dv0"  # GS v 0: print raster bit image
CUT = b"\x1dV"  # GS V: cut


def ticket(settings: Settings, language: str = "vi") -> Receipt:
    return receipts.queue_ticket(
        settings.site, number="012", counter=2, waiting=3, lane="", ticket_code="STT|sg-kiosk-01|counter-2|2026-11-30|12",
        printed_at=NOW, texts=MessageCatalogue().texts(language),
    )  # fmt: skip


@pytest.mark.parametrize("paper", [PAPER_58, PAPER_80])
def test_a_receipt_is_exactly_the_paper_width(settings: Settings, paper: object) -> None:
    image = render(ticket(settings), paper)  # type: ignore[arg-type]
    assert image.mode == "1" and image.width == paper.width_px  # type: ignore[attr-defined]
    assert image.height > 300


def test_escpos_bytes_are_the_previewed_image_then_a_cut(settings: Settings) -> None:
    image = render(ticket(settings), PAPER_80)
    printer = Dummy(profile="TM-T20II")  # 80 mm, 576 dots
    send(image, printer)
    data = printer.output
    start = data.index(GS_V_0)
    width_bytes = int.from_bytes(data[start + 4 : start + 6], "little")
    height = int.from_bytes(data[start + 6 : start + 8], "little")
    assert (width_bytes, height) == (PAPER_80.width_px // 8, image.height)
    raster = data[start + 8 : start + 8 + width_bytes * height]
    # The printed raster, decoded, is the preview pixel for pixel (1 = black dot).
    printed = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in raster))
    assert printed.tobytes() == image.tobytes()
    assert CUT in data[start + 8 + width_bytes * height :]


def test_paper_comes_from_the_printer_profile() -> None:
    assert paper_for_profile("TM-T20II").width_px == PAPER_80.width_px == 576
    assert paper_for_profile("POS-5890").width_px == PAPER_58.width_px == 384
    assert paper_for_profile("TM-T88V").width_px == 512  # 180 dpi head
    with pytest.raises(ValueError, match="paper width"):
        paper_for_profile("default")


def test_long_words_and_lines_wrap_inside_the_paper() -> None:
    font = load_font(24, False)
    lines = wrap("Giấy chứng nhận quyền sử dụng đất " + "X" * 80, font, PAPER_58.content_px)
    assert len(lines) >= 3
    assert all(font.getlength(line) <= PAPER_58.content_px for line in lines)


def test_qr_on_the_ticket_is_square_and_centred(settings: Settings) -> None:
    receipt = Receipt((QrCode("https://kiosk.invalid/q/A-012", size_px=200),))
    image = render(receipt, PAPER_80)
    box = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert abs((right - left) - (bottom - top)) <= 1
    assert abs(left - (PAPER_80.width_px - right)) <= 2


@cache
def _drawn(char: str, bold: bool) -> bytes:
    image = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(image).text((8, 8), char, font=load_font(40, bold), fill=255)
    return image.tobytes()


def missing_glyphs(text: str) -> set[str]:
    """Characters the bundled font would draw as its 'missing' box."""
    return {
        c
        for c in set(text)
        if not c.isspace() and any(_drawn(c, bold) == _drawn("\ue000", bold) for bold in (False, True))
    }


def test_every_character_a_receipt_can_print_is_in_thefont(settings: Settings) -> None:
    texts = [receipts.TEST_TEXT, *catalogue_strings()]
    texts += [settings.site.centre_name_vi, settings.site.centre_name_en, settings.site.address]
    for procedure in shipped().procedures.values():
        texts += [procedure.name.vi, procedure.name.en]
        texts += [t for d in procedure.documents for t in (d.name.vi, d.name.en)]
        texts += [t for f in procedure.fees for t in (f.label.vi, f.label.en)]
    assert missing_glyphs("".join(texts) + "•") == set()
    assert missing_glyphs("☐") == {"☐"}  # the check can fail


def catalogue_strings() -> list[str]:
    """Every Vietnamese and English string of the core's message catalogue."""
    from babel.messages.pofile import read_po

    with (ROOT / "kiosk_app/locale/vi/LC_MESSAGES/kiosk.po").open("rb") as stream:
        catalog = read_po(stream)
    found: list[str] = []
    for message in catalog:
        for text in (message.id, message.string):
            found += [text] if isinstance(text, str) else list(text or ())
    return [text for text in found if text]


def test_checklist_receipt_follows_the_engine(settings: Settings) -> None:
    procedure = shipped().procedures["2.000815.000.00.00.H29"]
    answers: dict[str, bool | str | int] = {"pages": 3, "copies": 2, "foreign_paper": False}
    result = tailor(procedure, answers, received_at=NOW)
    texts_en = MessageCatalogue().texts("en")
    receipt = receipts.checklist(
        settings.site,
        present(result, answers, site=settings.site, texts=texts_en),
        printed_at=NOW,
        texts=texts_en,
    )
    texts = [b.text for b in receipt.blocks if isinstance(b, Line)]
    assert "Total: 10,000 VND" in texts
    assert "Hand in at Counter 3 (Certification)." in texts
    assert any(t.startswith("• The original paper — 1 original") for t in texts)


@pytest.mark.parametrize("kind", ["ticket", "checklist", "status", "test"])
def test_preview_cli_writes_the_png(tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk_app",
            "receipt",
            "preview",
            "--kind",
            kind,
            "--out",
            str(out),
            "--paper",
            "58",
        ],
        cwd=ROOT,
        env={"KIOSK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.width == PAPER_58.width_px and image.height > 150
