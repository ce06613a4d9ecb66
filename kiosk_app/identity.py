"""Who the citizen is, for this visit only: an ID card read (QR or chip), offered, and kept only after yes.

A card read is handed to the consent screen inside its destination; nothing
is stored until the citizen agrees. The accepted identity lives in the
session's personal record and is wiped with it.
"""

from __future__ import annotations

from collections.abc import Callable

from devices.cccd import CitizenIdentity
from devices.id_reader import IdChipReader
from kiosk_app import logs
from kiosk_app.destinations import IdConsent
from kiosk_app.session import CitizenSession

__all__ = ["CAN_DIGITS", "CitizenIdentity", "IdentityService"]

CAN_DIGITS = 6  # the card access number: the last 6 digits of the ID number
# Wrong access numbers a citizen may type before the kiosk sends them to the counter: the
# digits are printed on the card, so more tries only mean the card or the reader needs a person.
CAN_TRIES = 3


class IdentityService:
    def __init__(self, session: CitizenSession, reader: IdChipReader | None) -> None:
        self._session = session
        self._reader = reader

    @property
    def can_read_chip(self) -> bool:
        return self._reader is not None and self._reader.can_read_chip

    def read_chip(self, access_number: str, progress: Callable[[str], None] | None = None) -> IdConsent:
        """Read the card on the reader (blocking: run it off the GUI thread); raises ``DeviceError``.

        ``progress`` hears "opening", "reading" and "checking", from the reading thread.
        """
        if self._reader is None:
            raise RuntimeError("this kiosk has no ID-card reader")
        if len(access_number) != CAN_DIGITS or not access_number.isdigit():
            raise ValueError("the access number is 6 digits")
        identity = self._reader.read_card(access_number, progress)
        remember_identity(identity)
        return IdConsent(identity)

    def accept(self, identity: CitizenIdentity) -> None:
        """The citizen said yes: use these details for the rest of the visit."""
        remember_identity(identity)
        self._session.personal.identity = identity

    @property
    def current(self) -> CitizenIdentity | None:
        return self._session.personal.identity


def remember_identity(identity: CitizenIdentity) -> None:
    """Tell the log filter what to cut until the visit ends (it forgets with the session)."""
    logs.personal_values.remember(
        identity.id_number, identity.old_id_number, identity.full_name, identity.address
    )
