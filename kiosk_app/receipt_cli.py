"""`kiosk receipt preview`: the exact image a receipt prints as, with sample content.

The sample content is invented (a queue number, the birth-registration
checklist for typical answers, a dossier slip); nothing personal is used.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from devices.receipt import PAPERS, render
from kiosk_app import paths, receipts
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import load_catalogue
from kiosk_app.catalogue.engine import tailor
from kiosk_app.checklist_text import present
from kiosk_app.demo_panel import SAMPLE_DOSSIER
from kiosk_app.device_health import DeviceHealthBoard
from kiosk_app.messages import MessageCatalogue
from kiosk_app.printing import PrintService
from kiosk_app.settings import Settings

SAMPLE_PROCEDURE = "1.001193"
SAMPLE_ANSWERS: dict[str, bool | str | int] = {
    "has_birth_notice": True,
    "on_time": False,
    "parents_married": True,
    "extra_extracts": 1,
}


def preview_receipt(settings: Settings, kind: str, out: Path, language: str, paper: str) -> int:
    now = datetime.now()
    site = settings.site
    texts = MessageCatalogue().texts(language)
    if kind == "ticket":
        receipt = receipts.queue_ticket(
            site, number="012", counter=2, waiting=4, lane=texts.tr("Priority lane"),
            ticket_code=f"STT|{site.kiosk_id}|counter-2|{now:%Y-%m-%d}|12", printed_at=now, texts=texts,
        )  # fmt: skip
    elif kind == "checklist":
        catalogue = load_catalogue(paths.install_root() / "procedures")
        procedure = catalogue.procedures[SAMPLE_PROCEDURE]
        calendar = WorkCalendar.of(settings.calendar.holidays, settings.calendar.saturday_is_working_day)
        result = tailor(procedure, SAMPLE_ANSWERS, received_at=now, calendar=calendar)
        text = present(result, SAMPLE_ANSWERS, site=site, texts=texts)
        # Through the print service, so the preview carries the VietQR code a real print would.
        printing = PrintService(
            site, None, DeviceHealthBoard(), MessageCatalogue(), payment=settings.payment, now=lambda: now
        )
        receipt = printing.checklist_receipt(text, language)
    elif kind == "status":
        status, step = (
            ("Đang xử lý", "Hồ sơ đang được giải quyết; chưa cần bổ sung giấy tờ.")
            if language == "vi"
            else ("Being processed", "Your dossier is being handled; nothing more is needed yet.")
        )
        receipt = receipts.status_slip(
            site,
            dossier_code=SAMPLE_DOSSIER,
            status=status,
            next_step=step,
            printed_at=now,
            texts=texts,
        )
    else:
        receipt = receipts.test_page(site, kiosk_id=site.kiosk_id, printed_at=now, texts=texts)
    image = render(receipt, PAPERS[paper])
    try:
        image.save(out, format="PNG")
    except OSError as exc:
        print(f"kiosk: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{out}: {image.width}x{image.height} px, {PAPERS[paper].name} paper")
    return 0
