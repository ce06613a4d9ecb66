"""Shared helpers for catalogue tests: the real shipped catalogue and script snippets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk_app.catalogue.catalogue import Catalogue, load_catalogue
from kiosk_app.catalogue.loader import load_procedure
from kiosk_app.catalogue.model import Procedure
from kiosk_app.catalogue.reader import ScriptProblem

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "procedures"
CATEGORIES = {"civil_status": object(), "certification": object()}

MINIMAL = """\
code: "9.000001"
category: civil_status
name: {vi: "Thủ tục thử", en: "Test procedure"}
summary: {vi: "Tóm tắt", en: "Summary"}
sector: {vi: "Hộ tịch", en: "Civil status"}
level: ward
agency: {vi: "UBND phường", en: "Ward People's Committee"}
counter: 2
channels: [in_person]
online: none
processing: {working_days: 3}
result: {vi: "Kết quả", en: "Result"}
legal_basis:
  - {vi: "Luật", en: "Law"}
"""


def shipped() -> Catalogue:
    return load_catalogue(SHIPPED)


def script(
    extra: str = "", documents: str = "documents:\n  - id: form\n    name: {vi: Tờ khai, en: Form}\n"
) -> str:
    return MINIMAL + documents + extra


def load(text: str) -> tuple[Procedure | None, list[ScriptProblem]]:
    return load_procedure(text.encode("utf-8"), "test.yaml", CATEGORIES)


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """`kiosk procedures ARGS` in a real process, with its own data folder."""
    return run_kiosk("procedures", *args, data=data)


def run_kiosk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    """`kiosk ARGS` in a real process, with its own data folder and no inherited environment."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app", *args],
        cwd=ROOT,
        env={"KIOSK_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def heavy_script(questions: int = 12, never_true: int = 670) -> str:
    """A valid script that is as slow to check as a script under the size limit can be.

    ``questions`` yes/no questions give 2**questions answer sets; each of the
    ``never_true`` documents asks for one question to be both yes and no, over a
    different pair of questions, so no shortcut shared between documents helps.
    """
    steps = "steps:\n" + "".join(
        f"  - id: q{n}\n    type: yes_no\n    ask: {{vi: Hỏi {n}?, en: Question {n}?}}\n"
        for n in range(questions)
    )
    documents = ["documents:\n  - id: form\n    name: {vi: Tờ khai, en: Form}\n"]
    for n in range(never_true):
        a, b = n % questions, (n // questions) % questions
        documents.append(
            f"  - id: d{n}\n    name: {{vi: Giấy {n}, en: Paper {n}}}\n"
            f"    when: {{all: [{{answer: q{a}, is: yes}}, {{answer: q{b}, is: yes}}, {{answer: q{a}, is: no}}]}}\n"
        )
    return MINIMAL + steps + "".join(documents)
