"""Documents on file: papers the city already holds for this citizen, so they need not bring them.

Decree 45/2020 (Art. 4) forbids asking citizens for data the administration
already holds. Asking the city who holds what needs an identity the kiosk
can trust, and the citizen's consent: only an identity read from the ID
card's chip with passive authentication qualifies. The card's QR code is
plain text anyone can copy, so a QR-only identity gets an explanation, not
documents. What comes back is personal and lives in the visit's record.
"""

from __future__ import annotations

import enum

from kiosk_app.backend.errors import BackendError
from kiosk_app.backend.service import BackendLink
from kiosk_app.session import CitizenSession


class OnFile(enum.Enum):
    FOUND = "found"  # asked; the visit's record holds the answer (maybe no documents)
    NO_IDENTITY = "no_identity"  # no ID card read in this visit
    NOT_VERIFIED = "not_verified"  # read from the QR code only
    OFFLINE = "offline"


class DocumentsOnFileService:
    def __init__(self, link: BackendLink, session: CitizenSession) -> None:
        self._link = link
        self._session = session

    @property
    def available(self) -> bool:
        """False when this kiosk has no backend: then the checklist does not offer the card at all."""
        return self._link.configured

    def readiness(self) -> OnFile:
        """What the checklist can offer now, without asking the network."""
        identity = self._session.personal.identity
        if identity is None:
            return OnFile.NO_IDENTITY
        if not identity.verified:
            return OnFile.NOT_VERIFIED
        return OnFile.FOUND

    def fetch(self, procedure_code: str) -> OnFile:
        """Blocking (a background job): ask the city, keep the answer in the visit's record."""
        ready = self.readiness()
        if ready is not OnFile.FOUND:
            return ready
        personal = self._session.personal
        if procedure_code in personal.on_file:
            return OnFile.FOUND
        identity = personal.identity
        assert identity is not None
        try:
            reply = self._link.documents_on_file(
                identity.id_number, [procedure_code], chip_verified=True, consent=True
            )
        except BackendError:
            return OnFile.OFFLINE
        if self._session.personal is not personal:
            return OnFile.NO_IDENTITY  # the visit ended while the city answered: keep nothing
        personal.on_file[procedure_code] = {
            item.document: item.state for item in reply.documents if item.procedure == procedure_code
        }
        return OnFile.FOUND
