"""What goes on each printed receipt, in the citizen's language.

Receipts are device output, not screens, so their few fixed words live here
as data in both languages rather than in Qt's translation files. Layout and
rendering are in ``devices.receipt``; the checklist content comes from the
same engine as the screens.
"""

from __future__ import annotations

from datetime import datetime

from devices.receipt import Block, Gap, Line, QrCode, Receipt, Rule
from kiosk_app.catalogue.engine import Checklist
from kiosk_app.money import amount_text
from kiosk_app.settings import SiteSettings

WORDS = {
    "vi": {
        "ticket": "SỐ THỨ TỰ CỦA ÔNG/BÀ",
        "counter": "Quầy",
        "waiting": "Người đang chờ trước Ông/Bà: {n}",
        "keep": "Vui lòng giữ phiếu và chờ gọi số.",
        "checklist": "GIẤY TỜ CẦN MANG",
        "fees": "Lệ phí",
        "total": "Tổng cộng",
        "free": "Miễn phí",
        "due": "Hẹn trả kết quả (nếu nộp hôm nay)",
        "go": "Nộp tại",
        "original": "bản chính",
        "copy": "bản sao",
        "status": "TÌNH TRẠNG HỒ SƠ",
        "dossier": "Mã hồ sơ",
        "test": "TRANG IN THỬ",
        "test_text": "Tiếng Việt: ă â đ ê ô ơ ư — á à ả ã ạ — Ắ Ầ Ể Ỗ Ự",
        "printed": "In lúc",
    },
    "en": {
        "ticket": "YOUR QUEUE NUMBER",
        "counter": "Counter",
        "waiting": "People waiting before you: {n}",
        "keep": "Please keep this ticket and wait for your number.",
        "checklist": "PAPERS TO BRING",
        "fees": "Fees",
        "total": "Total",
        "free": "Free",
        "due": "Result due (if handed in today)",
        "go": "Hand in at",
        "original": "original",
        "copy": "copy",
        "status": "DOSSIER STATUS",
        "dossier": "Dossier code",
        "test": "TEST PAGE",
        "test_text": "Vietnamese: ă â đ ê ô ơ ư — á à ả ã ạ — Ắ Ầ Ể Ỗ Ự",
        "printed": "Printed",
    },
}


def money(amount: int, language: str) -> str:
    if amount == 0:
        return WORDS[language]["free"]
    return amount_text(amount, language, short=True)


def _header(site: SiteSettings, language: str) -> list[Block]:
    return [
        Line(site.centre_name(language), size=22, bold=True, align="center"),
        Line(site.address, size=18, align="center"),
        Rule(),
    ]


def _counter(site: SiteSettings, number: int, language: str) -> str:
    name = next((c.name(language) for c in site.counters if c.number == number), "")
    label = f"{WORDS[language]['counter']} {number}"
    return f"{label} ({name})" if name else label


def _footer(printed_at: datetime, language: str) -> list[Block]:
    return [
        Gap(8),
        Line(f"{WORDS[language]['printed']} {printed_at:%d/%m/%Y %H:%M}", size=18, align="center"),
    ]


def queue_ticket(
    site: SiteSettings,
    *,
    number: str,
    counter: int,
    waiting: int,
    lookup_url: str,
    printed_at: datetime,
    language: str,
) -> Receipt:
    words = WORDS[language]
    blocks: list[Block] = [
        *_header(site, language),
        Line(words["ticket"], size=24, bold=True, align="center"),
        Line(number, size=96, bold=True, align="center"),
        Line(_counter(site, counter, language), size=28, bold=True, align="center"),
        Line(words["waiting"].format(n=waiting), size=22, align="center"),
        QrCode(lookup_url, size_px=200),
        Line(words["keep"], size=20, align="center"),
        *_footer(printed_at, language),
    ]
    return Receipt(tuple(blocks))


def checklist(site: SiteSettings, result: Checklist, *, printed_at: datetime, language: str) -> Receipt:
    words = WORDS[language]
    procedure = result.procedure
    blocks: list[Block] = [
        *_header(site, language),
        Line(words["checklist"], size=24, bold=True, align="center"),
        Line(procedure.name.get(language), size=24, bold=True),
        Gap(6),
    ]
    for document in result.documents:
        counts = []
        if document.originals:
            counts.append(f"{document.originals} {words['original']}")
        if document.copies:
            counts.append(f"{document.copies} {words['copy']}")
        blocks.append(Line(f"• {document.name.get(language)} ({', '.join(counts)})", size=20))
    blocks += [Rule(), Line(words["fees"], size=22, bold=True)]
    for line in result.fees:
        blocks.append(Line(f"{line.label.get(language)}: {money(line.amount, language)}", size=20))
    blocks.append(Line(f"{words['total']}: {money(result.total_fee, language)}", size=22, bold=True))
    if result.return_date is not None:
        blocks.append(Line(f"{words['due']}: {result.return_date:%d/%m/%Y}", size=20))
    blocks.append(Line(f"{words['go']}: {_counter(site, procedure.counter, language)}", size=22, bold=True))
    blocks += _footer(printed_at, language)
    return Receipt(tuple(blocks))


def status_slip(
    site: SiteSettings, *, dossier_code: str, status: str, next_step: str, printed_at: datetime, language: str
) -> Receipt:
    words = WORDS[language]
    blocks: list[Block] = [
        *_header(site, language),
        Line(words["status"], size=24, bold=True, align="center"),
        Line(f"{words['dossier']}: {dossier_code}", size=22),
        Line(status, size=26, bold=True),
        Line(next_step, size=20),
        *_footer(printed_at, language),
    ]
    return Receipt(tuple(blocks))


def test_page(site: SiteSettings, *, kiosk_id: str, printed_at: datetime, language: str) -> Receipt:
    words = WORDS[language]
    blocks: list[Block] = [
        *_header(site, language),
        Line(words["test"], size=28, bold=True, align="center"),
        Line(words["test_text"], size=22),
        Line(kiosk_id, size=20, align="center"),
        QrCode(f"kiosk:{kiosk_id}", size_px=160),
        *_footer(printed_at, language),
    ]
    return Receipt(tuple(blocks))
