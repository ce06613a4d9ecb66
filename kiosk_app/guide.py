"""Guiding a citizen through one procedure: start, one question at a time, the tailored checklist.

The answers are personal (family situation, marital status): they live in the
session's record (``PersonalData.flow``) and go with it. Screens ask this
service what to show and where to go next; they never keep answers themselves.
"""

from __future__ import annotations

from kiosk_app.catalogue.conditions import AnswerValue
from kiosk_app.catalogue.engine import GuidedFlow
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.service import CatalogueService
from kiosk_app.checklist_text import ChecklistText, present
from kiosk_app.destinations import ChecklistView, Destination, ProcedureGuide, Questions
from kiosk_app.messages import MessageCatalogue
from kiosk_app.procedure_use import ProcedureUse
from kiosk_app.session import CitizenSession
from kiosk_app.settings import SiteSettings


class GuideService:
    def __init__(
        self,
        catalogue: CatalogueService,
        session: CitizenSession,
        site: SiteSettings,
        messages: MessageCatalogue,
        use: ProcedureUse,
    ) -> None:
        self._catalogue = catalogue
        self._session = session
        self._site = site
        self._messages = messages
        self._use = use

    def procedure(self, destination: ProcedureGuide) -> Procedure | None:
        """The procedure a guide destination names (a staff preview carries its own)."""
        if destination.preview is not None:
            return destination.preview
        return self._catalogue.catalogue.get(destination.code)

    def start(self, procedure: Procedure) -> Destination:
        """Begin a fresh way through the questions; where to go first."""
        flow = GuidedFlow(procedure)
        self._session.personal.flow = flow
        if procedure is self._catalogue.catalogue.get(procedure.code):  # not a staff preview
            self._use.begun(procedure.code)
        return ChecklistView() if flow.finished else Questions()

    @property
    def flow(self) -> GuidedFlow | None:
        return self._session.personal.flow

    def answer(self, value: AnswerValue | None) -> Destination | None:
        """Record the answer to the current step; the checklist once the questions are done, else None."""
        flow = self.flow
        if flow is None:
            return None
        flow.answer(value)
        return ChecklistView() if flow.finished else None

    def back(self) -> bool:
        """Undo the last answer; False when there is none to undo."""
        flow = self.flow
        return flow is not None and flow.back()

    def checklist_text(self, language: str) -> ChecklistText | None:
        """The tailored checklist in words (the screen, the speech and the receipt use these rows)."""
        flow = self.flow
        if flow is None:
            return None
        checklist = self._catalogue.tailor(flow.procedure, flow.answers)
        on_file = self._session.personal.on_file.get(flow.procedure.code, {})
        return present(
            checklist, flow.answers, site=self._site, texts=self._messages.texts(language), on_file=on_file
        )
