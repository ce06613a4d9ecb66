"""Before the kiosk uses what it read from an ID card, the citizen says yes.

Only the name and the last digits of the ID number are shown (someone may be
standing behind). The details are kept for this visit only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk_app.destinations import Destination, IdCard, IdConsent
from kiosk_app.identity import CitizenIdentity, IdentityService
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_button, make_label


class IdConsentScreen(Screen):
    screen_id = ScreenId.ID_CONSENT
    destination = IdConsent

    def __init__(self, context: ScreenContext, *, identity: IdentityService) -> None:
        super().__init__(context)
        self._identity = identity
        # The card read, asked about here; kept only in this widget until yes or no.
        self._offered: CitizenIdentity | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 32, 96, 32)
        layout.setSpacing(20)
        self.title = make_label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.who = make_label("subtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.who.setObjectName("consent_who")
        # Whether the details carry the issuing authority's signature (chip) or not (QR code).
        self.checked = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.checked.setObjectName("consent_checked")
        self.explanation = make_label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.accept = make_button("primary", object_name="consent_yes")
        self.accept.setProperty("emphasis", "big")
        self.decline = make_button(object_name="consent_no")
        self.decline.setProperty("emphasis", "big")
        self.accept.clicked.connect(self._accept)
        self.decline.clicked.connect(self._decline)
        row = QHBoxLayout()
        row.addWidget(self.decline)
        row.addWidget(self.accept)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addWidget(self.checked)
        layout.addWidget(self.explanation)
        layout.addLayout(row)
        layout.addStretch(1)

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, IdConsent):
            self._offered = destination.identity
        self.retranslate()

    def retranslate(self) -> None:
        pending = self._offered
        self.title.setText(translate("IdConsent", "Use the details on your ID card?"))
        if pending is not None:
            self.who.setText(
                translate("IdConsent", "{name}, ID number ending {last}").format(
                    name=pending.full_name, last=pending.id_number[-4:]
                )
            )
            self.checked.setText(
                translate(
                    "IdConsent", "✓ Read from the chip and checked against the issuing authority's signature."
                )
                if pending.verified
                else translate("IdConsent", "Read from the QR code, which cannot be checked.")
            )
        self.explanation.setText(
            translate(
                "IdConsent",
                "The kiosk uses them only during this visit: to fill in forms and, if the card's "
                "chip was read, to ask the city which of your papers it already holds. "
                "It forgets them when you finish.",
            )
        )
        self.accept.setText(translate("IdConsent", "Yes, use them"))
        self.decline.setText(translate("IdConsent", "No, thank you"))

    def _accept(self) -> None:
        offered, self._offered = self._offered, None
        self.who.clear()
        self.checked.clear()
        if offered is not None:
            self._identity.accept(offered)
        self.context.navigator.back_past(IdCard, IdConsent)

    def _decline(self) -> None:
        self._offered = None
        self.who.clear()
        self.checked.clear()
        self.context.navigator.back_past(IdCard, IdConsent)

    def spoken_text(self) -> str:
        return f"{self.title.text()} {self.explanation.text()}"
