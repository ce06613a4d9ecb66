"""Publishing a procedure script survives the publisher being killed at any moment.

A child process publishes variants of one script in a loop (sometimes the same
text twice, sometimes a rollback) and is SIGKILLed at a random moment, then
started again. After every kill the folder must hold what the service promises
(see ``CHECKS``). Kill delays come from a seeded ``random.Random``, so a run's
choices repeat; where the kill lands inside a publish depends on the machine.

The history bound is ``HISTORY_KEEP`` in ``kiosk_app/catalogue/service.py``;
while the service has no such constant the bound checked here is 20.

The small tests at the end check the same promises without killing anything,
so a failure there reads plainly.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk_app.catalogue import service as service_module
from kiosk_app.catalogue.cache import CACHE_FILE
from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.catalogue import read_categories
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.service import HISTORY, CatalogueService
from tests.catalogue_helpers import ROOT, SHIPPED

# How many times the publisher is killed (each kill starts a new child process).
KILLS = 50
# The kill lands 0 to this many seconds after the child says it is publishing.
MAX_KILL_DELAY = 0.080
SEED = 20261202
# At most this many earlier versions of a script are kept (service.HISTORY_KEEP, else 20).
HISTORY_KEEP: int = getattr(service_module, "HISTORY_KEEP", 20)
# The service's lock file, if it keeps one (flock): a known file, not a leftover.
LOCK_FILE: str | None = getattr(service_module, "LOCK_FILE", None)
# Published scripts are readable by everyone: 0o666 less this umask.
UMASK = 0o022
PUBLISHED_MODE = 0o644

SCRIPT = "birth-registration.yaml"
SUMMARY_VI = "Đăng ký khai sinh cho trẻ sinh ra tại Việt Nam, nhận Giấy khai sinh trong ngày."
DAYS = "  working_days: 0\n"
CRASH_VARIANTS = 4

CHECKS = {
    "child": "the publishing child ran until it was killed (it refuses nothing valid)",
    "a": "the live script is whole: load_procedure finds no problems",
    "b": "every history entry of the script is non-empty and parses with no problems",
    "c": "a fresh service can roll back, and that changes the live script "
    "(the newest history entry never equals the live script)",
    "d": "after a fresh service's load() no temporary or stray file is left in the folder or .history/",
    "e": f"a script keeps at most HISTORY_KEEP={HISTORY_KEEP} history entries",
    "f": f"the published script has mode {PUBLISHED_MODE:#o} (umask 0o{UMASK:03o}), not 0o600",
}
# After one of these the folder cannot be trusted to test the rest; the run stops there.
FATAL = ("child", "a", "b")

# The publisher: imports only the catalogue, says "ready" once loaded, then
# publishes for ever, printing one line per finished operation.
CHILD_CODE = """\
import os
import random
import sys

os.umask(0o022)
from pathlib import Path

from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.service import CatalogueService

folder, shipped, script, seed = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
variants = [Path(p).read_bytes() for p in sys.argv[5:]]
rng = random.Random(seed)
service = CatalogueService(folder, shipped, calendar=WorkCalendar())
service.load()
print("ready", flush=True)
turn = rng.randrange(len(variants))
while True:
    roll = rng.random()
    if roll < 0.2 and service.history(script):
        what, problems = "rollback", service.rollback(script)
    elif roll < 0.35:
        what, problems = "republish", service.publish(script, (folder / script).read_bytes())
    else:
        turn = (turn + 1) % len(variants)
        what, problems = "publish", service.publish(script, variants[turn])
    if problems:
        sys.exit(f"{what} refused: {problems}")
    print(what, flush=True)
"""
OPERATIONS = ("publish", "republish", "rollback")


def variant(number: int) -> bytes:
    """The shipped script with its Vietnamese summary and working days changed: each number differs."""
    text = (SHIPPED / SCRIPT).read_text(encoding="utf-8")
    assert text.count(SUMMARY_VI) == 1 and text.count(DAYS) == 1, (
        "the shipped script changed: update this test"
    )
    text = text.replace(SUMMARY_VI, f"{SUMMARY_VI[:-1]} (bản {number}).")
    return text.replace(DAYS, f"  working_days: {number % 7}\n").encode("utf-8")


def which(data: bytes) -> str:
    """A short name for a script's text, so a failed comparison reads plainly."""
    if data == (SHIPPED / SCRIPT).read_bytes():
        return "shipped"
    number = next((n for n in range(HISTORY_KEEP + 10) if data == variant(n)), None)
    return f"variant {number}" if number is not None else f"other text ({len(data)} bytes)"


@pytest.fixture
def umask() -> Iterator[None]:
    """The parent publishes too (rollbacks), under the same umask as the child."""
    previous = os.umask(UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def live_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "live"
    folder.mkdir()
    for source in SHIPPED.glob("*.yaml"):
        shutil.copyfile(source, folder / source.name)
    return folder


def loaded(folder: Path, now: Callable[[], datetime] = datetime.now) -> CatalogueService:
    service = CatalogueService(folder, SHIPPED, calendar=WorkCalendar(), now=now)
    service.load()
    return service


def ticking() -> Callable[[], datetime]:
    """A clock one second later at every call, so history stamps differ and sort."""
    seconds = itertools.count()
    return lambda: datetime(2026, 11, 30, 9) + timedelta(seconds=next(seconds))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def script_problems(folder: Path, path: Path) -> list[str]:
    categories, _ = read_categories(folder)
    data = path.read_bytes()
    if not data:
        return ["it is empty (0 bytes)"]
    _, problems = load_procedure(data, path.name, categories)
    return [f"{p.line}:{p.column} {p.message}" for p in problems]


def leftovers(service: CatalogueService) -> list[str]:
    """Files that are neither a script, the validated cache, the lock file nor a history entry the service lists."""
    folder = service.folder
    known = {CACHE_FILE, LOCK_FILE}
    stray = [
        path.name
        for path in folder.iterdir()
        if not (path.name == HISTORY and path.is_dir())
        and path.name not in known
        and not (path.is_file() and path.name.endswith(".yaml") and not path.name.startswith("."))
    ]
    history = folder / HISTORY
    if history.is_dir():
        scripts = [p.name for p in folder.glob("*.yaml")]
        entries = {version.path.name for name in scripts for version in service.history(name)}
        stray += [
            f"{HISTORY}/{path.name}"
            for path in history.iterdir()
            if path.name not in entries or path.name.startswith(".") or ".tmp" in path.name
        ]
    return sorted(stray)


def run_and_kill(folder: Path, variants: list[Path], seed: int, delay: float) -> tuple[int, str | None]:
    """Start the publisher, SIGKILL it ``delay`` s after it is ready: (operations it finished, trouble)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_CODE, str(folder), str(SHIPPED), SCRIPT, str(seed), *map(str, variants)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline().strip() == "ready"
        if ready:
            time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    operations = sum(1 for line in out.splitlines() if line in OPERATIONS)
    if not ready or child.returncode != -signal.SIGKILL:
        return operations, f"exit code {child.returncode} before the kill: {err.strip()[-1500:]}"
    return operations, None


def inspect(folder: Path) -> dict[str, list[str]]:
    """What is wrong with the folder right after a kill, by check (see CHECKS)."""
    found: dict[str, list[str]] = {key: [] for key in CHECKS}
    live = folder / SCRIPT
    service = CatalogueService(folder, SHIPPED, calendar=WorkCalendar())
    # (a), (b) and (f) on the folder exactly as the kill left it.
    if problems := script_problems(folder, live):
        found["a"].append(f"{SCRIPT}: {problems}")
    for version in service.history(SCRIPT):
        if problems := script_problems(folder, version.path):
            found["b"].append(f"{HISTORY}/{version.path.name}: {problems}")
    if mode(live) != PUBLISHED_MODE:
        found["f"].append(f"{SCRIPT} has mode {mode(live):#o}")
    # (d) once a fresh service has loaded (loading cleans up after a killed publisher).
    service.load()
    if stray := leftovers(service):
        found["d"].append(f"left after load(): {stray}")
    # (c) roll back with that fresh service.
    versions = service.history(SCRIPT)
    if versions:
        before = live.read_bytes()
        if versions[0].path.read_bytes() == before:
            found["c"].append(
                f"the newest history entry {versions[0].path.name} equals the live script "
                "(rolling back to it would change nothing)"
            )
        if refused := service.rollback(SCRIPT):
            found["c"].append(f"rollback refused: {[p.message for p in refused]}")
        elif live.read_bytes() == before:
            found["c"].append("rollback left the live script unchanged")
    # (e) after that complete publish, whatever moment the service prunes at.
    if (kept := len(service.history(SCRIPT))) > HISTORY_KEEP:
        found["e"].append(f"{kept} history entries")
    return found


def summary(found: dict[str, list[str]], kills: int) -> str:
    lines = [f"after {kills} of {KILLS} kills, these promises were broken:"]
    for key, description in CHECKS.items():
        if found[key]:
            lines.append(f"({key}) {description}: broken after {len(found[key])} kills")
            lines += [f"      {message}" for message in found[key][:3]]
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.usefixtures("umask")
def test_publishing_survives_sigkill_at_any_moment(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    variants: list[Path] = []
    for number in range(CRASH_VARIANTS):
        path = tmp_path / f"variant-{number}.yaml"
        path.write_bytes(variant(number))
        variants.append(path)
    rng = random.Random(SEED)
    found: dict[str, list[str]] = {key: [] for key in CHECKS}
    operations = 0
    kills = 0
    for kills in range(1, KILLS + 1):
        done, trouble = run_and_kill(folder, variants, rng.randrange(2**32), rng.uniform(0, MAX_KILL_DELAY))
        operations += done
        if trouble:
            found["child"].append(f"kill {kills}: {trouble}")
        for key, messages in inspect(folder).items():
            if messages:
                found[key].append(f"kill {kills}: " + "; ".join(messages))
        if any(found[key] for key in FATAL):
            break
    if any(found.values()):
        pytest.fail(summary(found, kills), pytrace=False)
    # The test's own sanity: the kills landed while the child was busy publishing.
    assert operations >= KILLS // 2, f"the children finished only {operations} operations in {KILLS} runs"


# --- the same promises, one at a time, without killing anything ----------------------


def test_the_variants_published_here_are_valid_and_distinct() -> None:
    categories, _ = read_categories(SHIPPED)
    texts = [variant(number) for number in range(HISTORY_KEEP + 5)]
    assert len(set(texts)) == len(texts)
    assert (SHIPPED / SCRIPT).read_bytes() not in texts
    for text in texts:
        assert load_procedure(text, SCRIPT, categories)[1] == []


@pytest.mark.usefixtures("umask")
def test_rollback_changes_the_script_even_after_the_same_text_was_published_twice(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    service = loaded(folder, ticking())
    assert service.publish(SCRIPT, variant(1)) == []
    assert service.publish(SCRIPT, variant(1)) == []
    newest_is_live = service.history(SCRIPT)[0].path.read_bytes() == variant(1)
    assert not newest_is_live, (
        "publishing unchanged text kept a history entry equal to the live script: the rollback offered is a no-op"
    )
    assert service.rollback(SCRIPT) == []
    assert which((folder / SCRIPT).read_bytes()) == "shipped"


@pytest.mark.usefixtures("umask")
def test_load_drops_a_history_copy_of_the_live_script_left_by_an_interrupted_publish(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    service = loaded(folder, ticking())
    assert service.publish(SCRIPT, variant(1)) == []
    # A publisher killed after keeping the live version in history, before writing the new one
    # (the ticking clock stamped the earlier entries from 2026-11-30 09:00, so this one is the newest).
    (folder / HISTORY / f"{SCRIPT}.20261130T100000000000").write_bytes(variant(1))

    fresh = loaded(folder)

    versions = fresh.history(SCRIPT)
    newest_is_live = versions[0].path.read_bytes() == variant(1)
    assert not newest_is_live, (
        "after load() the newest history entry is still a copy of the live script: the staff editor "
        "counts it among the earlier versions, yet rolling back cannot go to it"
    )
    assert [which(v.path.read_bytes()) for v in versions] == ["shipped"]
    assert fresh.rollback(SCRIPT) == []
    assert which((folder / SCRIPT).read_bytes()) == "shipped"


@pytest.mark.usefixtures("umask")
def test_load_removes_temporaries_left_by_a_killed_publisher(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    service = loaded(folder, ticking())
    assert service.publish(SCRIPT, variant(1)) == []
    [entry] = service.history(SCRIPT)
    # What a publisher killed between creating a temporary file and renaming it leaves.
    half = variant(2)[:100]
    (folder / f".{SCRIPT}.k3j4h2qz.tmp").write_bytes(half)
    (folder / ".validated.p0o9i8u7.tmp").write_text('{"stamp": ', encoding="utf-8")
    (folder / HISTORY / f".{entry.path.name}.x1y2z3w4.tmp").write_bytes(half)

    fresh = loaded(folder)

    assert leftovers(fresh) == []
    assert which((folder / SCRIPT).read_bytes()) == "variant 1"
    assert [which(v.path.read_bytes()) for v in fresh.history(SCRIPT)] == ["shipped"]
    assert (folder / CACHE_FILE).is_file()


@pytest.mark.usefixtures("umask")
def test_history_keeps_at_most_HISTORY_KEEP_versions_and_drops_the_oldest(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    service = loaded(folder, ticking())
    published = HISTORY_KEEP + 5
    for number in range(published):
        assert service.publish(SCRIPT, variant(number)) == []
    history = service.history(SCRIPT)
    assert len(history) <= HISTORY_KEEP, f"{len(history)} history entries kept"
    assert which(history[0].path.read_bytes()) == f"variant {published - 2}"
    assert service.rollback(SCRIPT) == []
    assert which((folder / SCRIPT).read_bytes()) == f"variant {published - 2}"


@pytest.mark.usefixtures("umask")
def test_published_and_rolled_back_scripts_are_readable_by_everyone(tmp_path: Path) -> None:
    folder = live_folder(tmp_path)
    service = loaded(folder, ticking())
    assert service.publish(SCRIPT, variant(1)) == []
    assert mode(folder / SCRIPT) == PUBLISHED_MODE, f"published with mode {mode(folder / SCRIPT):#o}"
    assert service.rollback(SCRIPT) == []
    assert mode(folder / SCRIPT) == PUBLISHED_MODE, f"rolled back with mode {mode(folder / SCRIPT):#o}"
