"""Check an electronic licence: scan its QR code, see whether it is genuine and still valid.

The check needs no network (``BackendLink.check_licence``: the issuer's
signature against the kiosk's trust list, then the status in its replica);
the screen says how old the replica is, and that a licence it has never
heard of is "not in the kiosk's data", not "invalid". The holder's name is
personal: it is shown, and goes with the screen at the end of the visit.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk_app import wording
from kiosk_app.backend.licence_types import LicenceCheck, Reason, Standing
from kiosk_app.backend.service import BackendLink
from kiosk_app.destinations import Destination
from kiosk_app.destinations import LicenceCheck as LicenceCheckPlace
from ui.i18n import translate
from ui.screens.base import Screen, ScreenContext, ScreenId, make_label, scrolling_card
from ui.widgets.basics import set_role

STALE_AFTER_S = 3600.0  # older replica data is called out as old


class LicenceCheckScreen(Screen):
    screen_id = ScreenId.LICENCE_CHECK
    destination = LicenceCheckPlace

    def __init__(self, context: ScreenContext, *, backend: BackendLink) -> None:
        super().__init__(context)
        self._backend = backend
        self._check: LicenceCheck | None = None
        self._checking = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 40, 64, 40)
        layout.setSpacing(24)
        self.title = make_label("title")
        self.instruction = make_label("body")
        self.verdict = make_label("verdict-good")
        self.verdict.setObjectName("licence_verdict")
        self.card, card_layout = scrolling_card()  # with large text the facts can outgrow the room
        self.explanation = make_label("subtitle")
        self.explanation.setObjectName("licence_explanation")
        self.facts = make_label("body")
        self.facts.setObjectName("licence_facts")
        card_layout.addWidget(self.explanation)
        card_layout.addWidget(self.facts)
        self.freshness = make_label("hint")
        self.freshness.setObjectName("licence_freshness")
        layout.addWidget(self.title)
        layout.addWidget(self.instruction)
        layout.addWidget(self.verdict)
        layout.addWidget(self.card, 1)
        self.filler = QWidget()  # keeps the freshness line at the bottom while no card shows
        layout.addWidget(self.filler, 1)
        layout.addWidget(self.freshness)
        self.retranslate()

    def arrive(self, destination: Destination) -> None:
        if isinstance(destination, LicenceCheckPlace) and destination.payload:
            payload, backend = destination.payload, self._backend
            self._checking, self._check = True, None
            self.context.jobs.run(lambda: backend.check_licence(payload), self.show_check, self._failed)
        elif not self._checking:
            self._check = None
        self.retranslate()

    def show_check(self, check: LicenceCheck) -> None:
        """The check's outcome (from the background job)."""
        self._checking, self._check = False, check
        self.retranslate()
        self.context.say(self.spoken_text())

    def _failed(self, error: BaseException) -> None:
        self._checking = False
        self.retranslate()
        raise error

    def retranslate(self) -> None:
        self.title.setText(translate("LicenceCheck", "Check an electronic licence"))
        check = self._check
        if self._checking:
            self.instruction.setText(translate("LicenceCheck", "Checking…"))
        elif check is None:
            self.instruction.setText(
                translate(
                    "LicenceCheck",
                    "Hold the QR code of the electronic licence under the scanner. "
                    "The kiosk checks that the issuing agency signed it and whether it is still valid.",
                )
            )
        else:
            self.instruction.setText(translate("LicenceCheck", "Scan another QR code to check it."))
        self.verdict.setVisible(check is not None)
        self.card.setVisible(check is not None)
        self.filler.setVisible(check is None)
        if check is not None:
            self._show(check)
        self.freshness.setText(self._freshness_text())

    def _show(self, check: LicenceCheck) -> None:
        good = check.trusted_valid
        set_role(self.verdict, "verdict-good" if good else "verdict-bad")
        if not check.signature_valid:
            self.verdict.setText(translate("LicenceCheck", "Not a genuine e-licence"))
            self.explanation.setText(_reason_text(check.reason))
            self.facts.setText(
                translate("LicenceCheck", "If you think this is a mistake, ask at the counter.")
                + " "
                + self.context.help_counter_text()
            )
            return
        standing = check.standing
        words = {
            Standing.VALID: translate("LicenceCheck", "Valid"),
            Standing.REVOKED: translate("LicenceCheck", "Revoked"),
            Standing.EXPIRED: translate("LicenceCheck", "Expired"),
            Standing.UNKNOWN: translate("LicenceCheck", "Genuine, status not known here"),
        }
        self.verdict.setText(words[standing] if standing else "")
        explanations = {
            Standing.VALID: translate("LicenceCheck", "Signed by the issuing agency and not revoked."),
            Standing.REVOKED: translate(
                "LicenceCheck", "The issuing agency has revoked this licence. It is no longer valid."
            ),
            Standing.EXPIRED: translate("LicenceCheck", "Its period of validity has ended."),
            Standing.UNKNOWN: translate(
                "LicenceCheck",
                "The signature is genuine, but the kiosk's data does not list this licence yet. "
                "The counter can check it online.",
            ),
        }
        self.explanation.setText(explanations[standing] if standing else "")
        self.facts.setText("\n".join(self._facts(check)))

    def _facts(self, check: LicenceCheck) -> list[str]:
        claims = check.claims
        if claims is None:
            return []
        texts = self.context.texts
        english = self.context.language == "en"
        lines = [
            claims.type_en if english else claims.type_vi,
            translate("LicenceCheck", "Holder: {name}").format(name=claims.holder),
            translate("LicenceCheck", "Licence number: {number}").format(number=claims.licence_id),
            translate("LicenceCheck", "Issued by: {agency}").format(
                agency=check.agency_en if english else check.agency_vi
            ),
            translate("LicenceCheck", "Valid from: {day}").format(day=wording.day(claims.valid_from, texts)),
        ]
        if claims.valid_until is not None:
            lines.append(
                translate("LicenceCheck", "Valid until: {day}").format(
                    day=wording.day(claims.valid_until, texts)
                )
            )
        return lines

    def _freshness_text(self) -> str:
        fresh = self._backend.freshness()
        as_of = fresh.licences_as_of
        if as_of is None:
            return translate(
                "LicenceCheck", "The kiosk has no licence status data yet: it can check signatures only."
            )
        when = datetime.fromtimestamp(as_of).astimezone()
        stamp = f"{when:%H:%M}" if when.date() == datetime.now().date() else f"{when:%d/%m/%Y %H:%M}"
        if fresh.online is False:
            return translate("LicenceCheck", "Offline: licence status data from {time}.").format(time=stamp)
        if time.time() - as_of > STALE_AFTER_S:
            return translate("LicenceCheck", "Licence status data from {time} (not updated since).").format(
                time=stamp
            )
        return translate("LicenceCheck", "Licence status data updated {time}.").format(time=stamp)

    def spoken_text(self) -> str:
        if self._check is not None:
            return ". ".join(
                t for t in (self.verdict.text(), self.explanation.text(), self.freshness.text()) if t
            )
        return f"{self.title.text()}. {self.instruction.text()}"


def _reason_text(reason: Reason | None) -> str:
    if reason is Reason.WEB_LINK:
        return translate(
            "LicenceCheck",
            "This QR code is a web link to a licence page, not a signed e-licence: "
            "the kiosk cannot check it. The counter can.",
        )
    if reason in (Reason.NOT_A_LICENCE, Reason.NOT_COSE):
        return translate("LicenceCheck", "This QR code is not an electronic licence.")
    if reason in (Reason.CORRUPT, Reason.TRUNCATED, Reason.TOO_LARGE):
        return translate(
            "LicenceCheck", "The QR code could not be read completely. Hold it flat and still, and try again."
        )
    if reason is Reason.NO_TRUST_LIST:
        return translate(
            "LicenceCheck",
            "This kiosk has not received the issuing agencies' keys yet, so it cannot check this.",
        )
    if reason is Reason.UNKNOWN_KEY:
        return translate("LicenceCheck", "It was not signed by an issuing agency this kiosk knows.")
    if reason in (Reason.KEY_REVOKED, Reason.KEY_NOT_VALID_THEN):
        return translate("LicenceCheck", "It was signed with a key that was not valid for signing.")
    if reason is Reason.BAD_SIGNATURE:
        return translate(
            "LicenceCheck", "The signature does not match: the content was changed after signing."
        )
    return translate("LicenceCheck", "Its content is not in the format of an electronic licence.")
