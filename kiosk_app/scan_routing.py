"""What a scanned code means and where it takes the citizen: the one path from any scanner to a screen.

Codes arrive from a serial or HID-POS scanner's thread or from the keyboard
wedge; the UI hands each payload here on the GUI thread and goes where the
answer says. Only the kind of code is logged, never the code: it may be an ID
card or a dossier.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk_app.destinations import Destination, DossierStatus, IdConsent, LicenceCheck, Queue
from kiosk_app.identity import remember_identity
from kiosk_app.scans import ScanKind, classify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanOutcome:
    kind: ScanKind
    length: int  # how long the payload was (the technician's scanner test shows it)
    destination: Destination | None  # None: the kiosk cannot use this code; tell the citizen kindly


class ScanRouting:
    def __init__(self, today: Callable[[], date] = date.today) -> None:
        self._today = today

    def route(self, payload: str) -> ScanOutcome:
        scan = classify(payload, today=self._today())
        log.info("code scanned", extra={"kind": scan.kind.value})
        destination: Destination | None = None
        if scan.kind is ScanKind.CITIZEN_ID and scan.identity is not None:
            remember_identity(scan.identity)
            # Read, not yet used: the consent screen asks first.
            destination = IdConsent(scan.identity)
        elif scan.kind is ScanKind.DOSSIER:
            destination = DossierStatus(scan.value)
        elif scan.kind is ScanKind.DOSSIER_SLIP:
            destination = DossierStatus(slip_ref=scan.value)
        elif scan.kind is ScanKind.BOOKING:
            destination = Queue(booking=scan.value)
        elif scan.kind is ScanKind.LICENCE:
            destination = LicenceCheck(scan.value)
        return ScanOutcome(scan.kind, len(payload), destination)
