"""Training the assistant's classifier (``classifier.py``) from the labelled examples.

Run by ``kiosk assistant train`` at set-up and before a bundle is built; it
needs numpy, which a kiosk in service does not. Training is deterministic:
the same examples give the same weights, so a model built on two machines
answers alike.

What it learns from is exactly what the example matcher holds: the examples
file of the language, each cue of its intent file, and every shipped
procedure's names, aliases and situations. Phrases staff publish later reach
the assistant through the matcher and the spotter at once; the model learns
them at the next build.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kiosk_app.assistant.classifier import Head, ModelFileError, TrainedModel, model_path
from kiosk_app.assistant.examples import (
    Example,
    catalogue_examples,
    cue_examples,
    features,
    load_examples,
    tf_idf,
)
from kiosk_app.assistant.intents import load_intents
from kiosk_app.atomic_file import write_atomically
from kiosk_app.catalogue.model import Procedure

# Measured leave-one-set-out (bench/understanding.py); a change here changes every model's digest.
ITERATIONS = 300
STEP = 0.1  # Adam's learning rate
L2 = 1e-4  # keeps weights of features seen once from growing without bound
TRAINER = f"softmax-adam/{ITERATIONS}/{STEP}/{L2}"


def training_examples(
    language: str,
    procedures: Iterable[Procedure],
    *,
    examples_folder: Path | None = None,
    intents_folder: Path | None = None,
) -> list[Example]:
    """The examples the model of one language learns from (the matcher's, in the same order)."""
    intents = load_intents(language, intents_folder)
    return [
        *load_examples(language, examples_folder),
        *cue_examples(intents),
        *catalogue_examples(procedures, language),
    ]


def inputs_digest(language: str, examples: Sequence[Example]) -> str:
    """What the model was trained from, and how: a model whose digest differs is out of date."""
    digest = hashlib.sha256(f"{TRAINER}\n{language}\n".encode())
    for example in examples:
        digest.update(f"{example.intent}\t{example.procedure}\t{example.text}\n".encode())
    return digest.hexdigest()[:16]


def train(language: str, examples: Sequence[Example]) -> TrainedModel:
    """A model of one language from its examples (a few seconds per language)."""
    import numpy as np  # only here: training is a build step

    texts = [e.text for e in examples if e.text.strip()]
    labelled = [e for e in examples if e.text.strip()]
    counted = [Counter(features(text, language)) for text in texts]
    documents = Counter(f for counts in counted for f in counts)
    total = max(len(counted), 1)
    vocabulary = {f: i for i, f in enumerate(sorted(documents))}
    idf = np.array([math.log(total / documents[f]) + 1.0 for f in sorted(documents)])

    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for number, counts in enumerate(counted):
        vector = tf_idf({vocabulary[f]: n for f, n in counts.items()}, lambda column: float(idf[column]))
        for column, value in sorted(vector.items()):
            rows.append(number)
            columns.append(column)
            values.append(value)
    entries = np.array(rows), np.array(columns), np.array(values, dtype=np.float32)
    matrix = _Sparse(np, *entries, len(texts), len(vocabulary))

    intent = _fit(np, matrix, [e.intent for e in labelled])
    about = [i for i, e in enumerate(labelled) if e.procedure is not None]
    procedure = _fit(np, matrix.subset(about), [str(labelled[i].procedure) for i in about])
    return TrainedModel(
        language=language,
        inputs=inputs_digest(language, examples),
        vocabulary=vocabulary,
        idf=_float32(idf.astype(np.float32).tobytes()),
        intent=intent,
        procedure=procedure,
        phrases=frozenset(e.text for e in labelled if e.intent == "open_procedure" and e.procedure),
    )


def _float32(data: bytes) -> array[float]:
    values = array("f")
    values.frombytes(data)
    return values


class _Sparse:
    """Rows of (column, value) pairs, sorted by row, with what a product with it needs."""

    def __init__(self, np: Any, rows: Any, columns: Any, values: Any, height: int, width: int) -> None:
        self.np, self.rows, self.columns, self.values = np, rows, columns, values
        self.height, self.width = height, width
        self.row_starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
        by_column = np.argsort(columns, kind="stable")
        # The same entries ordered by column, for the transposed product.
        self.rows_by_column, self.values_by_column = rows[by_column], values[by_column]
        ordered = columns[by_column]
        self.column_starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(rows) else rows
        self.present_columns = ordered[self.column_starts]

    def times(self, weights: Any) -> Any:
        """This matrix times ``weights`` (width x classes)."""
        np = self.np
        out = np.zeros((self.height, weights.shape[1]), dtype=np.float32)
        if len(self.rows):
            products = weights[self.columns] * self.values[:, None]
            out[self.rows[self.row_starts]] = np.add.reduceat(products, self.row_starts)
        return out

    def transposed_times(self, gradient: Any) -> Any:
        """This matrix's transpose times ``gradient`` (height x classes)."""
        np = self.np
        out = np.zeros((self.width, gradient.shape[1]), dtype=np.float32)
        if len(self.rows):
            products = gradient[self.rows_by_column] * self.values_by_column[:, None]
            out[self.present_columns] = np.add.reduceat(products, self.column_starts)
        return out

    def subset(self, keep: Sequence[int]) -> _Sparse:
        np = self.np
        renumber = np.full(self.height, -1)
        renumber[np.array(keep, dtype=int)] = np.arange(len(keep))
        mask = renumber[self.rows] >= 0
        return _Sparse(np, renumber[self.rows[mask]], self.columns[mask], self.values[mask], len(keep),
                       self.width)  # fmt: skip


def _fit(np: Any, matrix: _Sparse, labels: Sequence[str]) -> Head:
    """Softmax regression by full-batch Adam: deterministic, no random start."""
    classes = sorted(set(labels))
    index = {name: i for i, name in enumerate(classes)}
    height, width = matrix.height, len(classes)
    target = np.zeros((height, width), dtype=np.float32)
    target[np.arange(height), [index[label] for label in labels]] = 1.0
    # float32 throughout: twice as fast as float64, and the model is stored in float32 anyway.
    weights = np.zeros((matrix.width, width), dtype=np.float32)
    bias = np.zeros(width, dtype=np.float32)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, ITERATIONS + 1):
        scores = matrix.times(weights) + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        error = (probabilities - target) / np.float32(max(height, 1))
        gradients = (matrix.transposed_times(error) + L2 * weights, error.sum(axis=0))
        for k, (parameter, gradient) in enumerate(zip((weights, bias), gradients, strict=True)):
            first, second = moments[2 * k], moments[2 * k + 1]
            first *= 0.9
            first += 0.1 * gradient
            second *= 0.999
            second += 0.001 * gradient * gradient
            parameter -= STEP * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return Head(
        classes=tuple(classes),
        weights=_float32(weights.astype(np.float32).tobytes()),
        bias=tuple(float(b) for b in bias),
    )


def build(
    language: str,
    procedures: Iterable[Procedure],
    *,
    folder: Path | None = None,
    examples_folder: Path | None = None,
    intents_folder: Path | None = None,
    force: bool = False,
) -> tuple[Path, bool]:
    """Train and write the model of one language unless the one on disk is current.

    Returns where it is and whether it was trained now.
    """
    examples = training_examples(
        language, procedures, examples_folder=examples_folder, intents_folder=intents_folder
    )
    path = model_path(language, folder)
    if not force and current_digest(path) == inputs_digest(language, examples):
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, train(language, examples).to_json().encode("utf-8"), mode=0o644)
    return path, True


def is_current(
    language: str,
    procedures: Iterable[Procedure],
    *,
    folder: Path | None = None,
    examples_folder: Path | None = None,
    intents_folder: Path | None = None,
) -> bool:
    examples = training_examples(
        language, procedures, examples_folder=examples_folder, intents_folder=intents_folder
    )
    return current_digest(model_path(language, folder)) == inputs_digest(language, examples)


def current_digest(path: Path) -> str | None:
    """The digest a model file on disk was trained from; None when absent or unreadable."""
    try:
        return TrainedModel.from_json(path.read_text(encoding="utf-8"), path.name).inputs
    except (OSError, UnicodeDecodeError, ModelFileError):
        return None
