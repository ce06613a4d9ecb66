"""The speech worker with the real pyttsx3 + espeak-ng: to a file, cancelled, crashed and restarted."""

from __future__ import annotations

import os
import signal
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk_app.assistant.tts import SpeechWorker, VoiceSettings


@pytest.fixture
def worker() -> Iterator[SpeechWorker]:
    speech = SpeechWorker(VoiceSettings({}, rate=160))
    yield speech
    speech.close()


def seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def test_speaks_vietnamese_into_a_file(worker: SpeechWorker, tmp_path: Path) -> None:
    short, long = tmp_path / "short.wav", tmp_path / "long.wav"
    first = worker.save("Xin chào.", "vi", short)
    second = worker.save("Xin chào. Đăng ký khai sinh không mất lệ phí. Mời bạn đến quầy số hai.", "vi", long)
    for request in (first, second):
        event = worker.wait(request, timeout=30)
        assert event is not None and event.kind == "done", event
    # Real audio: the longer sentence takes longer to say, and audio began before it ended.
    assert 0.3 < seconds(short) < seconds(long)
    started = worker.started_at(second)
    assert started is not None


def test_cancel_stops_at_once_and_the_next_request_still_works(worker: SpeechWorker, tmp_path: Path) -> None:
    long_text = " ".join(["Đây là một câu rất dài để thử dừng giữa chừng."] * 40)
    request = worker.save(long_text, "vi", tmp_path / "never.wav")
    worker.cancel()
    event = worker.wait(request, timeout=5)
    assert event is not None and event.kind == "failed" and event.detail == "cancelled"
    after = worker.save("Still here.", "en", tmp_path / "after.wav")
    done = worker.wait(after, timeout=30)
    assert done is not None and done.kind == "done" and seconds(tmp_path / "after.wav") > 0.3


@pytest.mark.expect_logs("speech worker stopped; starting a new one")
def test_a_crashed_worker_is_restarted(worker: SpeechWorker, tmp_path: Path) -> None:
    first = worker.save("One.", "en", tmp_path / "one.wav")
    assert worker.wait(first, timeout=30) is not None
    pid = worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while worker.pid is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert worker.pid is None  # the death was noticed
    second = worker.save("Two.", "en", tmp_path / "two.wav")
    event = worker.wait(second, timeout=30)
    assert event is not None and event.kind == "done"
    assert worker.restarts == 1 and worker.pid not in (None, pid)


def test_spoken_sentences_leave_no_audio_behind(worker: SpeechWorker, tmp_path: Path) -> None:
    # Said aloud, a sentence passes through a WAV for aplay; it may hold a citizen's name.
    request = worker.say(" ".join(["Xin chào Nguyễn Văn An."] * 30), "vi")
    deadline = time.monotonic() + 10
    while worker.started_at(request) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker.started_at(request) is not None  # audio is playing: its WAV exists now
    folder = worker.audio_dir
    assert folder is not None and folder.stat().st_mode & 0o777 == 0o700
    assert str(folder).startswith("/dev/shm/")  # memory, not disk
    worker.cancel()
    assert list(folder.iterdir()) == []
    worker.close()
    assert not folder.exists()


def test_a_new_sentence_at_once_replaces_the_one_being_started(worker: SpeechWorker) -> None:
    # Audio guidance says the reply, then the next screen: the first voice must stop,
    # even if its worker had only just been spawned, and the screen must not wait.
    long_one = worker.say("Một câu dài. " * 20, "vi")
    first = worker.pid
    next_one = worker.say("Câu tiếp theo.", "vi")
    # say() hands the sentence over and returns: neither sentence is finished yet.
    finished = worker.wait(long_one, timeout=0)
    assert finished is None or finished.kind != "done"  # cut short, never waited for
    assert worker.wait(next_one, timeout=0) is None
    second = worker.pid
    assert first is not None and second is not None and first != second
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(first, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the first speech worker is still running")


def test_a_ready_spare_takes_over_after_a_cancel(worker: SpeechWorker, tmp_path: Path) -> None:
    first = worker.save("Một.", "vi", tmp_path / "1.wav")
    assert worker.wait(first, timeout=30) is not None
    spare = worker.spare_pid
    assert spare is not None and spare != worker.pid
    worker.say("Một câu rất dài để bị ngắt. " * 10, "vi")
    worker.cancel()
    after = worker.save("Hai.", "vi", tmp_path / "2.wav")
    # The spare (pyttsx3 already imported) speaks next; a new spare is started behind it.
    assert worker.pid == spare and worker.spare_pid not in (None, spare)
    event = worker.wait(after, timeout=30)
    assert event is not None and event.kind == "done"


def test_the_book_of_results_stays_small(tmp_path: Path) -> None:
    from kiosk_app.assistant import tts

    speech = SpeechWorker(VoiceSettings({}), spare=False)
    try:
        requests = [speech.save(f"{n}.", "en", tmp_path / f"{n}.wav") for n in range(tts.KEEP_RESULTS + 20)]
        assert speech.wait(requests[-1], timeout=120) is not None
        assert speech.wait(requests[0], timeout=0.01) is None  # long forgotten
        assert len(speech._results) <= tts.KEEP_RESULTS and len(speech._started) <= tts.KEEP_RESULTS
    finally:
        speech.close()
