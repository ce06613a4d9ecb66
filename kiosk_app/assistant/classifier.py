"""The trained classifier: what the labelled examples say about a sentence, as probabilities.

A softmax (multinomial logistic) regression over the same features the example
matcher uses (``examples.features``: words, marks, word pairs, letter pieces),
weighted TF-IDF and normalised. Two heads share that vector: one gives the
intent, out-of-scope included; one gives the procedure a question is about.
Unlike the nearest examples, every example has a say in every weight, so a
word that only ever shows up in sentences the kiosk must not act on ("sổ hồng",
"passport") counts against acting wherever it appears, and an asking word
seen in one procedure's questions counts for all of them.

The model is trained from the examples and the intent files by
``kiosk assistant train`` (``training.py``, numpy), at set-up and before a
bundle is built, and read here in plain Python: a kiosk in service needs no
numpy, and nothing in the file is executed (JSON with base64 float32 arrays).
``understand.py`` decides how much to trust it.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import sys
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk_app import paths
from kiosk_app.assistant.examples import OUT_OF_SCOPE, features, tf_idf

log = logging.getLogger(__name__)

FORMAT = 2  # 2: the phrases it learnt


class ModelFileError(ValueError):
    """A trained-model file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Head:
    """One softmax layer: ``weights`` holds a row of ``len(classes)`` floats per feature."""

    classes: tuple[str, ...]
    weights: array[float]  # float32, features x classes, row-major
    bias: tuple[float, ...]

    def probabilities(self, vector: Mapping[int, float]) -> dict[str, float]:
        width = len(self.classes)
        scores = list(self.bias)
        weights = self.weights
        for row, value in vector.items():
            start = row * width
            for column in range(width):
                scores[column] += value * weights[start + column]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: e / total for name, e in zip(self.classes, exps, strict=True)}


@dataclass(frozen=True)
class TrainedModel:
    language: str
    inputs: str  # digest of what it was trained from (training.inputs_digest)
    vocabulary: dict[str, int]  # feature -> row
    idf: array[float]  # float32, one per row
    intent: Head
    procedure: Head
    # The texts it learnt as asking for a procedure: a live catalogue phrase not among them was
    # published since (Assistant, Understander.untrained_phrases).
    phrases: frozenset[str] = frozenset()

    def vector(self, text: str) -> dict[int, float]:
        """The sentence's TF-IDF vector over the model's features, unit length."""
        vocabulary = self.vocabulary
        counts = Counter(features(text, self.language))
        return tf_idf({vocabulary[f]: n for f, n in counts.items() if f in vocabulary}, self.idf.__getitem__)

    def intents(self, vector: Mapping[int, float]) -> dict[str, float]:
        """Each intent's probability, ``out_of_scope`` included."""
        return self.intent.probabilities(vector)

    def procedures(self, vector: Mapping[int, float]) -> dict[str, float]:
        """Each known procedure's probability of being the one a question is about."""
        return self.procedure.probabilities(vector)

    # --- the file ------------------------------------------------------------

    def to_json(self) -> str:
        rows = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return json.dumps(
            {
                "format": FORMAT,
                "language": self.language,
                "inputs": self.inputs,
                "features": rows,
                "phrases": sorted(self.phrases),
                "idf": _encode(self.idf),
                "heads": {"intent": _head_json(self.intent), "procedure": _head_json(self.procedure)},
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> TrainedModel:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ModelFileError(f"{where}: format {data.get('format')!r}, this kiosk reads {FORMAT}")
            rows = [str(f) for f in data["features"]]
            idf = _decode(data["idf"])
            heads = {name: _head_from(data["heads"][name], len(rows)) for name in ("intent", "procedure")}
            if len(idf) != len(rows):
                raise ModelFileError(f"{where}: {len(idf)} weights for {len(rows)} features")
        except ModelFileError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelFileError(f"{where}: not a trained model ({exc.__class__.__name__}: {exc})") from None
        if OUT_OF_SCOPE not in heads["intent"].classes:
            raise ModelFileError(f"{where}: the intent head has no {OUT_OF_SCOPE!r} class")
        return cls(
            language=str(data["language"]),
            inputs=str(data["inputs"]),
            vocabulary={f: i for i, f in enumerate(rows)},
            idf=idf,
            intent=heads["intent"],
            procedure=heads["procedure"],
            phrases=frozenset(str(p) for p in data["phrases"]),
        )


def _encode(values: array[float]) -> str:
    data = values if sys.byteorder == "little" else _swapped(values)
    return base64.b64encode(data.tobytes()).decode("ascii")


def _decode(text: object) -> array[float]:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    values = array("f")
    values.frombytes(base64.b64decode(text.encode("ascii"), validate=True))
    if sys.byteorder != "little":
        values.byteswap()
    if any(math.isnan(v) or math.isinf(v) for v in values):
        raise ValueError("a weight is not a number")
    return values


def _swapped(values: array[float]) -> array[float]:
    copy = array("f", values)
    copy.byteswap()
    return copy


def _head_json(head: Head) -> dict[str, object]:
    return {"classes": list(head.classes), "weights": _encode(head.weights), "bias": list(head.bias)}


def _head_from(data: dict[str, object], rows: int) -> Head:
    classes = tuple(str(c) for c in data["classes"])  # type: ignore[attr-defined]
    weights = _decode(data["weights"])
    bias = tuple(float(b) for b in data["bias"])  # type: ignore[attr-defined]
    if not classes or len(bias) != len(classes) or len(weights) != rows * len(classes):
        raise ValueError(f"{len(weights)} weights for {rows} features x {len(classes)} classes")
    return Head(classes, weights, bias)


def model_folder() -> Path:
    return paths.install_root() / "assistant_models" / "trained"


def model_path(language: str, folder: Path | None = None) -> Path:
    return (folder or model_folder()) / f"{language}.json"


def load_model(language: str, folder: Path | None = None) -> TrainedModel | None:
    """The trained model of one language; None (and a warning) when it was never built."""
    path = model_path(language, folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning(
            "assistant model not built; understanding without it (run: kiosk assistant train)",
            extra={"language": language},
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from None
    model = TrainedModel.from_json(text, path.name)
    if model.language != language:
        raise ModelFileError(f"{path.name}: trained for {model.language!r}, not {language!r}")
    return model
