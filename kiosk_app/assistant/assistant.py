"""The assistant's brain, shared by the screen and the command line: text in, intent and reply out."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk_app.assistant import spoken_code
from kiosk_app.assistant.answers import reply
from kiosk_app.assistant.classifier import ModelFileError, TrainedModel, load_model
from kiosk_app.assistant.examples import (
    OUT_OF_SCOPE,
    ExampleMatcher,
    catalogue_examples,
    cue_examples,
    load_examples,
)
from kiosk_app.assistant.intents import LANGUAGES, IntentSet, is_filler, load_intents, words_of
from kiosk_app.assistant.understand import ProcedureSpotter, Understander, Understanding
from kiosk_app.catalogue.catalogue import Catalogue
from kiosk_app.messages import MessageCatalogue, Texts
from kiosk_app.settings import SiteSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AssistantReply:
    understanding: Understanding
    reply: str
    spoken: bool = False  # heard through the microphone, not typed: "did not catch" vs "did not understand"

    def as_dict(self) -> dict[str, object]:
        return {**self.understanding.as_dict(), "reply": self.reply}


class Assistant:
    """Understands each language against the current catalogue; rebuilt when the catalogue changes."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        site: SiteSettings,
        messages: MessageCatalogue,
        intents_folder: Path | None = None,
        examples_folder: Path | None = None,
        trained_folder: Path | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._examples_folder = examples_folder
        self._trained_folder = trained_folder
        self._site = site
        self._messages = messages
        self._folder = intents_folder
        self._understanders: dict[str, Understander] = {}
        # Told the intent of each question asked (the service metrics); never the question.
        self.on_asked: Callable[[str], None] | None = None
        self._lock = threading.Lock()

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    def intents(self, language: str) -> IntentSet:
        return self._understander(language).intents

    def _understander(self, language: str) -> Understander:
        if language not in LANGUAGES:
            raise ValueError(f"no intents for language {language!r} (have: {', '.join(LANGUAGES)})")
        with self._lock:
            found = self._understanders.get(language)
            if found is None:
                intents = load_intents(language, self._folder)
                # Korean names come from the intent file only; the catalogue is vi and en.
                names_from = ("vi", "en") if language in ("vi", "en") else ()
                spotter = ProcedureSpotter.build(
                    self._catalogue.procedures.values(), intents, languages=names_from
                )
                examples = None
                if language in ("vi", "en"):
                    examples = ExampleMatcher(
                        [
                            *load_examples(language, self._examples_folder),
                            *cue_examples(intents),
                            *catalogue_examples(self._catalogue.procedures.values(), language),
                        ],
                        intents,
                    )
                trained = self._trained(language) if language in ("vi", "en") else None
                found = self._understanders[language] = Understander(intents, spotter, examples, trained)
                if trained is not None:
                    found.untrained_phrases = self._untrained_phrases(trained, intents)
            return found

    def _trained(self, language: str) -> TrainedModel | None:
        """The language's trained classifier; without one (never built, or a damaged file) the
        assistant still understands, by its rules and examples, and says why in the log."""
        try:
            return load_model(language, self._trained_folder)
        except ModelFileError as exc:
            log.error("assistant model unusable; understanding without it", extra={"problem": str(exc)})
            return None

    def _untrained_phrases(self, trained: TrainedModel, intents: IntentSet) -> tuple[frozenset[str], ...]:
        """The live catalogue's phrases the classifier did not learn (published since it was built),
        each as its meaningful folded words."""
        found: list[frozenset[str]] = []
        for example in catalogue_examples(self._catalogue.procedures.values(), intents.language):
            if example.text in trained.phrases:
                continue
            written, folded = words_of(example.text, intents.language)
            words = frozenset(f for w, f in zip(written, folded, strict=True) if not is_filler(intents, w, f))
            if words:
                found.append(words)
        return tuple(found)

    def has_classifier(self, language: str) -> bool:
        """Whether this language's understanding has its trained classifier (the self-test asks)."""
        return self._understander(language).trained is not None

    def prepare(self, languages: tuple[str, ...] = ("vi", "en")) -> None:
        """Build each language's understanding now (examples file, index: ~0.1 s): off the GUI thread."""
        for language in languages:
            self._understander(language)

    def procedure_names(self, language: str) -> list[str]:
        """Spoken names of every procedure in this language (for a speech grammar)."""
        names: list[str] = []
        if language in ("vi", "en"):
            for procedure in self._catalogue.procedures.values():
                names.append(procedure.name.get(language))
                names.extend(procedure.also_known_as_vi if language == "vi" else procedure.also_known_as_en)
        for spoken in self.intents(language).procedure_names.values():
            names.extend(spoken)
        return list(dict.fromkeys(names))

    def grammar_phrases(self, language: str) -> list[str]:
        """The intent file's sentences with every procedure name put in: what a grammar may hear."""
        names = self.procedure_names(language)
        phrases: list[str] = []
        for template in self.intents(language).templates:
            if "{procedure}" in template:
                phrases.extend(template.replace("{procedure}", name) for name in names)
            else:
                phrases.append(template)
        # What is understood typed can be heard: situations staff teach in scripts, and the
        # citizens' sentences the examples hold (a model lacking a word reports it once).
        if language in ("vi", "en"):
            for procedure in self._catalogue.procedures.values():
                phrases.extend(procedure.situations_vi if language == "vi" else procedure.situations_en)
            understander = self._understander(language)
            if understander.examples is not None:
                phrases.extend(e.text for e in understander.examples.examples if e.intent != OUT_OF_SCOPE)
            phrases.append(spoken_code.SAID[language])  # a dossier code read from a receipt
        return list(dict.fromkeys(phrases))

    def reply_texts(self, language: str) -> Texts:
        """Replies are in Vietnamese or English; a question heard in Korean (the test model) gets English."""
        return self._messages.texts(language if language in ("vi", "en") else "en")

    def reply_to(self, answer: AssistantReply, language: str) -> str:
        """The reply again, in another language (the citizen switched after asking)."""
        texts = self.reply_texts(language)
        return reply(answer.understanding, self._catalogue, texts, self._site, spoken=answer.spoken)

    def ask(
        self, text: str, language: str, *, context_procedure: str | None = None, spoken: bool = False
    ) -> AssistantReply:
        understanding = self._understander(language).understand(text, context_procedure=context_procedure)
        if self.on_asked is not None:
            self.on_asked(understanding.intent.value)
        texts = self.reply_texts(language)
        return AssistantReply(
            understanding,
            reply(understanding, self._catalogue, texts, self._site, spoken=spoken),
            spoken,
        )
