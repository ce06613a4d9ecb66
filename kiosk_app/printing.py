"""Printing, the one path for every receipt: the citizen's checklist, a ticket, a status slip, the test page.

Screens, the command line and the self-test all print through ``PrintService``:
it builds the receipt in the reader's language, renders it, and sends it to
the printer if there is one that can print now. Rendering and sending take
tens of milliseconds and may wait on USB, so ``print`` runs off the GUI thread.
A print that fails raises ``DeviceError``: it is never reported as done.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from devices.base import DeviceProblem, DeviceRole
from devices.printer import Printer
from devices.receipt import PAPER_80, Paper, Receipt, render
from kiosk_app import receipts
from kiosk_app.checklist_text import ChecklistText
from kiosk_app.device_health import DeviceHealthBoard
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import PaymentSettings, SiteSettings
from kiosk_app.vietqr import CollectionAccount, VietQrError, payment_code
from kiosk_app.wording import price

if TYPE_CHECKING:
    from PIL import Image


class PrintResult(enum.Enum):
    PRINTED = "printed"
    NO_PRINTER = "no_printer"  # this kiosk has none: the receipt is shown on screen
    PRINTER_UNAVAILABLE = "printer_unavailable"  # paper out, unplugged...: shown on screen


@dataclass(frozen=True)
class PrintOutcome:
    image: Image.Image  # what was (or would have been) printed, for the screen
    result: PrintResult


log = logging.getLogger(__name__)


def _collection_account(payment: PaymentSettings | None) -> CollectionAccount | None:
    if payment is None or not (payment.bank_bin and payment.account_number):
        return None
    try:
        return CollectionAccount(payment.bank_bin, payment.account_number, payment.account_name)
    except VietQrError as exc:
        log.error("the fee collection account is unusable; checklists print without VietQR: %s", exc)
        return None


class PrintService:
    def __init__(
        self,
        site: SiteSettings,
        printer: Printer | None,
        health: DeviceHealthBoard,
        messages: MessageCatalogue,
        *,
        payment: PaymentSettings | None = None,
        now: Callable[[], datetime] = datetime.now,
        on_result: Callable[[str], None] | None = None,
    ) -> None:
        self._on_result = on_result
        self._site = site
        self._account = _collection_account(payment)
        self.printer = printer
        self._health = health
        self._messages = messages
        self._now = now

    @property
    def paper(self) -> Paper:
        return self.printer.paper if self.printer is not None else PAPER_80

    def blocking_problem(self) -> DeviceProblem | None:
        """Why a citizen's print would not come out now (known from the last poll), or None."""
        if self.printer is None:
            return None
        return self._health.blocking_problem(DeviceRole.PRINTER)

    # --- receipts ------------------------------------------------------------------

    def checklist_receipt(self, text: ChecklistText, language: str) -> Receipt:
        texts = self._messages.texts(language)
        payment = None
        account = self._account
        if account is not None and text.total_fee > 0:
            # The reference lets the counter match the transfer: procedure and kiosk, no person.
            code = payment_code(
                account, amount=text.total_fee, reference=f"{text.code} {self._site.kiosk_id}"
            )
            explanation = texts.tr(
                "Scan with your bank's app to pay {amount} to {name}.",
                amount=price(text.total_fee, texts),
                name=account.account_name or account.account_number,
            )
            payment = (code, explanation)
        return receipts.checklist(self._site, text, printed_at=self._now(), texts=texts, payment=payment)

    def test_page(self, language: str = "vi") -> Receipt:
        texts = self._messages.texts(language)
        return receipts.test_page(
            self._site, kiosk_id=self._site.kiosk_id, printed_at=self._now(), texts=texts
        )

    def ticket(
        self,
        *,
        number: str,
        counter: int | None,
        waiting: int | None,
        lane: str,
        ticket_code: str,
        language: str,
    ) -> Receipt:
        texts = self._messages.texts(language)
        return receipts.queue_ticket(
            self._site, number=number, counter=counter, waiting=waiting, lane=lane, ticket_code=ticket_code,
            printed_at=self._now(), texts=texts,
        )  # fmt: skip

    def status_slip(
        self, *, dossier_code: str, status: str, next_step: str, language: str, details: tuple[str, ...] = ()
    ) -> Receipt:
        texts = self._messages.texts(language)
        return receipts.status_slip(
            self._site, dossier_code=dossier_code, status=status, next_step=next_step,
            printed_at=self._now(), texts=texts, details=details,
        )  # fmt: skip

    # --- printing ------------------------------------------------------------------

    def render(self, receipt: Receipt) -> Image.Image:
        return render(receipt, self.paper)

    def print(self, receipt: Receipt, *, for_technician: bool = False) -> PrintOutcome:
        """Render and print (blocking: run it off the GUI thread); raises ``DeviceError`` on failure.

        A citizen's print is not sent to a printer the last poll found unable
        to print: they get the receipt on screen at once. The technician's test
        always goes to the printer, to see what it really says.
        """
        image = self.render(receipt)
        if self.printer is None:
            return self._told(PrintOutcome(image, PrintResult.NO_PRINTER))
        if not for_technician and self.blocking_problem() is not None:
            return self._told(PrintOutcome(image, PrintResult.PRINTER_UNAVAILABLE))
        try:
            self.printer.print_image(image)
        except Exception:
            if self._on_result is not None:
                self._on_result("failed")
            raise
        return self._told(PrintOutcome(image, PrintResult.PRINTED))

    def _told(self, outcome: PrintOutcome) -> PrintOutcome:
        if self._on_result is not None:
            self._on_result(outcome.result.value)
        return outcome
