"""Speech to answer: recognise an utterance, check it, understand it."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_app.assistant.assistant import Assistant, AssistantReply
from kiosk_app.assistant.recognizer import (
    UNKNOWN,
    Grammar,
    RecognitionError,
    SpeechModel,
    Transcript,
    Utterance,
    chunks,
)

# Recognised words less sure than this make the whole utterance unknown: a
# wrong action is worse than "please say it again". Not used with a closed
# grammar (a model without [unk]): there the whole-phrase check decides, and
# vosk's confidences vary from run to run (Kaldi dithers its input), so a
# threshold would only drop good phrases (0.44 to 1.0 for the same recording).
MIN_WORD_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Heard:
    transcript: Transcript
    trusted: bool  # recognised well enough to act on
    answer: AssistantReply


class VoicePipeline:
    """One language's speech path: the model, its grammar (if any) and the assistant."""

    def __init__(self, model: SpeechModel, assistant: Assistant, language: str, *, use_grammar: bool) -> None:
        self.model = model
        self.assistant = assistant
        self.language = language
        self.grammar: Grammar | None = (
            model.grammar(assistant.grammar_phrases(language)) if use_grammar else None
        )
        if self.grammar is not None and not [p for p in self.grammar.phrases if p != UNKNOWN]:
            # vosk crashes the process on an empty grammar; a wrong-language model gives one.
            raise RecognitionError(f"{model.name} cannot spell any {language} phrase: wrong language?")

    def start(self) -> Utterance:
        return Utterance(self.model, self.grammar)

    def conclude(self, transcript: Transcript, *, context_procedure: str | None = None) -> Heard:
        trusted = bool(transcript.text) and not transcript.heard_unknown
        if self.grammar is not None and self.grammar.closed:
            trusted = trusted and self.grammar.accepts(transcript.text)
        elif any(word.conf < MIN_WORD_CONFIDENCE for word in transcript.words):
            trusted = False
        text = transcript.text if trusted else ""
        answer = self.assistant.ask(text, self.language, context_procedure=context_procedure, spoken=True)
        return Heard(transcript, trusted, answer)

    def hear(self, pcm: bytes, *, context_procedure: str | None = None) -> Heard:
        """A whole recording at once (WAV files, tests)."""
        utterance = self.start()
        for chunk in chunks(pcm):
            utterance.feed(chunk)
        return self.conclude(utterance.finish(), context_procedure=context_procedure)
