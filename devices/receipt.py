"""Receipts as pictures: one layout, rendered once, printed and previewed identically.

Most thermal printers cannot print Vietnamese reliably in text mode, so a
receipt is drawn with a bundled Noto Sans into a black-and-white image the
width of the paper and sent as ESC/POS raster graphics. The same image saved
as PNG is the on-screen preview, so what a citizen sees is what prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

# Pillow and qrcode are imported where they are used: a kiosk starting up
# should not pay for them before it prints anything.
if TYPE_CHECKING:
    from PIL import Image, ImageFont

FONTS = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class Paper:
    """A roll: printable width in dots (203 dpi heads: 58 mm -> 384, 80 mm -> 576)."""

    name: str
    width_px: int
    margin_px: int = 8

    @property
    def content_px(self) -> int:
        return self.width_px - 2 * self.margin_px


PAPER_58 = Paper("58mm", 384)
PAPER_80 = Paper("80mm", 576)
PAPERS = {"58": PAPER_58, "80": PAPER_80}


@dataclass(frozen=True)
class Line:
    text: str
    size: int = 24  # pixel height of the font
    bold: bool = False
    align: Literal["left", "center"] = "left"


@dataclass(frozen=True)
class Rule:
    thickness: int = 2


@dataclass(frozen=True)
class Gap:
    height: int = 12


@dataclass(frozen=True)
class QrCode:
    data: str
    size_px: int = 240


Block = Line | Rule | Gap | QrCode


@dataclass(frozen=True)
class Receipt:
    blocks: tuple[Block, ...]


@lru_cache(maxsize=16)
def load_font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break at spaces to fit ``width`` pixels; a word longer than a line is cut by characters."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.getlength(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while font.getlength(word) > width:
                cut = len(word)
                while cut > 1 and font.getlength(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def _qr_image(data: str, size_px: int) -> Image.Image:
    import qrcode
    from PIL import Image, ImageDraw

    # A fixed mask skips trying all eight (a third of a ticket's render time);
    # any mask is a valid code, and scanners read this one well at this size.
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=2, mask_pattern=0
    )
    code.add_data(data)
    code.make(fit=True)
    modules = code.get_matrix()
    scale = max(1, size_px // len(modules))
    image = Image.new("1", (len(modules) * scale, len(modules) * scale), 1)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), fill=0)
    return image


@lru_cache(maxsize=512)
def _line_bitmap(text: str, size: int, bold: bool, height: int) -> Image.Image:
    from PIL import Image, ImageDraw

    """One line of text as a mask; the centre's name and fixed words repeat on every ticket."""
    font = load_font(size, bold)
    mask = Image.new("1", (max(1, round(font.getlength(text))) + 2, height), 0)
    ImageDraw.Draw(mask).text((0, 0), text, font=font, fill=1)
    return mask


def _measure(blocks: Iterable[Block], paper: Paper) -> list[tuple[Block, list[str], int]]:
    laid_out: list[tuple[Block, list[str], int]] = []
    for block in blocks:
        if isinstance(block, Line):
            font = load_font(block.size, block.bold)
            lines = wrap(block.text, font, paper.content_px)
            laid_out.append((block, lines, len(lines) * round(block.size * 1.35)))
        elif isinstance(block, Rule):
            laid_out.append((block, [], block.thickness + 12))
        elif isinstance(block, Gap):
            laid_out.append((block, [], block.height))
        else:
            laid_out.append((block, [], min(block.size_px, paper.content_px) + 8))
    return laid_out


def render(receipt: Receipt, paper: Paper) -> Image.Image:
    from PIL import Image, ImageDraw

    """The receipt as a 1-bit image exactly the paper's width."""
    laid_out = _measure(receipt.blocks, paper)
    height = sum(h for _, _, h in laid_out) + 2 * paper.margin_px
    image = Image.new("1", (paper.width_px, height), 1)
    draw = ImageDraw.Draw(image)
    y = paper.margin_px
    for block, lines, block_height in laid_out:
        if isinstance(block, Line):
            font = load_font(block.size, block.bold)
            step = round(block.size * 1.35)
            for text in lines:
                bitmap = _line_bitmap(text, block.size, block.bold, step)
                x = paper.margin_px
                if block.align == "center":
                    x = paper.margin_px + round((paper.content_px - font.getlength(text)) / 2)
                # Paste black where the glyphs are: fill 0 through the line's mask.
                image.paste(0, (x, y), bitmap)
                y += step
            continue
        if isinstance(block, Rule):
            middle = y + 6
            draw.rectangle(
                (paper.margin_px, middle, paper.width_px - paper.margin_px, middle + block.thickness - 1),
                fill=0,
            )
        elif isinstance(block, QrCode):
            code = _qr_image(block.data, min(block.size_px, paper.content_px))
            image.paste(code, ((paper.width_px - code.width) // 2, y + 4))
        y += block_height
    return image


class RasterPrinter(Protocol):
    """What the receipt layer needs of a printer: python-escpos' Escpos class has these."""

    def image(self, img_source: Image.Image, **kwargs: Any) -> None: ...
    def cut(self, mode: str = "FULL", feed: bool = True) -> None: ...


def send(image: Image.Image, printer: RasterPrinter) -> None:
    """Raster graphics, then a cut: the bytes python-escpos writes for this image."""
    printer.image(image, impl="bitImageRaster")
    printer.cut()


def paper_for_profile(name: str) -> Paper:
    """The paper a python-escpos printer profile declares (e.g. TM-T20II: 576 dots, POS-5890: 384)."""
    from escpos.capabilities import get_profile  # the profile tables load slowly; only when asked

    width = get_profile(name).profile_data.get("media", {}).get("width", {}).get("pixels")
    if not isinstance(width, int):
        raise ValueError(f"the printer profile {name!r} does not give its paper width in dots")
    return Paper(name, width)
