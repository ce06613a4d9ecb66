"""What goes on each printed receipt, in the citizen's language.

Receipts are device output, not screens: their words come from the core's
message catalogue (``kiosk_app.messages``), and a checklist's rows are the very
rows the screen shows (``kiosk_app.checklist_text``). Layout and rendering are
in ``devices.receipt``.
"""

from __future__ import annotations

from datetime import datetime

from devices.receipt import Block, Gap, Line, QrCode, Receipt, Rule
from kiosk_app.checklist_text import ChecklistText, RowKind
from kiosk_app.messages import Texts
from kiosk_app.settings import SiteSettings
from kiosk_app.wording import counter_label

# How big each kind of checklist row prints (the screen picks its own sizes).
ROW_SIZE = {RowKind.SECTION: 22, RowKind.ITEM: 20, RowKind.HINT: 18}
TEST_TEXT = "Tiếng Việt: ă â đ ê ô ơ ư — á à ả ã ạ — Ắ Ầ Ể Ỗ Ự"


def _header(site: SiteSettings, language: str) -> list[Block]:
    blocks: list[Block] = [
        Line(site.centre_name(language), size=22, bold=True, align="center"),
        Line(site.address, size=18, align="center"),
    ]
    if site.phone:
        blocks.append(Line(site.phone, size=18, align="center"))
    return [*blocks, Rule()]


def _footer(printed_at: datetime, texts: Texts) -> list[Block]:
    return [
        Gap(8),
        Line(texts.tr("Printed {time}", time=f"{printed_at:%d/%m/%Y %H:%M}"), size=18, align="center"),
    ]


def queue_ticket(
    site: SiteSettings,
    *,
    number: str,
    counter: int | None,
    waiting: int | None,
    lane: str,
    ticket_code: str,
    printed_at: datetime,
    texts: Texts,
) -> Receipt:
    """A queue ticket: the number big, the counter, the lane, people ahead when known, a QR of the ticket."""
    blocks: list[Block] = [
        *_header(site, texts.language),
        Line(texts.tr("YOUR QUEUE NUMBER"), size=24, bold=True, align="center"),
        Line(number, size=96, bold=True, align="center"),
    ]
    if counter is not None:
        blocks.append(Line(counter_label(site, counter, texts), size=28, bold=True, align="center"))
    if lane:
        blocks.append(Line(lane, size=22, bold=True, align="center"))
    if waiting is not None:
        blocks.append(
            Line(
                texts.ntr("{n} person waiting before you", "{n} people waiting before you", waiting),
                size=22,
                align="center",
            )
        )
    blocks += [
        QrCode(ticket_code, size_px=160),
        Line(texts.tr("Please keep this ticket and wait for your number."), size=20, align="center"),
        *_footer(printed_at, texts),
    ]
    return Receipt(tuple(blocks))


def checklist(
    site: SiteSettings,
    text: ChecklistText,
    *,
    printed_at: datetime,
    texts: Texts,
    payment: tuple[str, str] | None = None,
) -> Receipt:
    """The tailored checklist: the same rows as on the screen, then where to hand it in.

    ``payment``: a VietQR code for the fee and the line that explains it, when the site has an account.
    """
    blocks: list[Block] = [
        *_header(site, texts.language),
        Line(texts.tr("PAPERS TO BRING"), size=24, bold=True, align="center"),
        Line(text.title, size=24, bold=True),
        Gap(6),
    ]
    for row in text.rows:
        if row.kind is RowKind.SECTION:
            blocks.append(Gap(4))
        blocks.append(Line(row.text, size=ROW_SIZE[row.kind], bold=row.kind is RowKind.SECTION))
    blocks += [Rule(), Line(text.where, size=22, bold=True)]
    if payment is not None:
        code, explanation = payment
        blocks += [Gap(6), QrCode(code, size_px=200), Line(explanation, size=18, align="center")]
    blocks += _footer(printed_at, texts)
    return Receipt(tuple(blocks))


def status_slip(
    site: SiteSettings,
    *,
    dossier_code: str,
    status: str,
    next_step: str,
    printed_at: datetime,
    texts: Texts,
    details: tuple[str, ...] = (),
) -> Receipt:
    """A dossier's status as the screen showed it: the same words, for the citizen to keep."""
    blocks: list[Block] = [
        *_header(site, texts.language),
        Line(texts.tr("DOSSIER STATUS"), size=24, bold=True, align="center"),
        Line(texts.tr("Dossier code: {code}", code=dossier_code), size=22),
        Line(status, size=26, bold=True),
    ]
    if next_step:
        blocks.append(Line(next_step, size=20))
    blocks += [Line(detail, size=18) for detail in details]
    blocks += _footer(printed_at, texts)
    return Receipt(tuple(blocks))


def test_page(site: SiteSettings, *, kiosk_id: str, printed_at: datetime, texts: Texts) -> Receipt:
    blocks: list[Block] = [
        *_header(site, texts.language),
        Line(texts.tr("TEST PAGE"), size=28, bold=True, align="center"),
        Line(TEST_TEXT, size=22),
        Line(kiosk_id, size=20, align="center"),
        QrCode(f"kiosk:{kiosk_id}", size_px=160),
        *_footer(printed_at, texts),
    ]
    return Receipt(tuple(blocks))
