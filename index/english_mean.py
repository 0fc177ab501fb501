"""The mean English vector: what an English question's embedding says about its language.

A multilingual encoder puts a language's texts near one another whatever they say, so part
of an English question's vector points towards English rather than towards what it asks;
against Chinese texts that part only adds noise. Subtracting the mean vector of a language
from its texts' vectors ("centring") makes the representations more language-neutral and
cross-language retrieval better (Libovický, Rosa & Fraser, "On the language neutrality of
pre-trained multilingual representations", Findings of EMNLP 2020).

The mean is that of the English renderings of the project's glossary (:mod:`index.glossary`,
759 short phrases in the words people ask in), embedded as queries by the build's encoder
and cached as every embedding is; the build writes it beside the vectors
(``english_mean.json``, with the encoder's key). Every search by an English question's
vector (semantic mode; in hybrid search the Chinese windows, with the substituted question
too, and the English readings) uses that vector less the mean, renormalised
(:func:`centred`); semantic mode then moves it towards the Chinese texts
(:mod:`index.reading_map`). The readings, English passages, are indexed less their own mean
(:meth:`index.vectors.VectorIndex.build_passages` with ``centre``): each side on its own.

Development English R@5 / MRR@10 (gold, dev2): semantic mode 0.809 / 0.620 → 0.872 / 0.685,
0.667 / 0.434 → 0.812 / 0.552; the readings alone 0.726 / 0.584 → 0.832 / 0.660 (both
sets); hybrid, with the readings' weight 0.5 → 0.75, 0.957 / 0.830 → 0.957 / 0.846 and
0.938 / 0.724 → 0.958 / 0.773. Chinese questions are not centred (on the mean of the
glossary's Chinese terms, semantic R@5 fell: gold 0.938 → 0.917, dev2 0.947 → 0.895). The
README has the test set's figures and the variants tried.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .encoders import Encoder
from .glossary import glossary
from .vectors import EmbeddingCache

__all__ = ["MEAN_FILE", "english_phrases", "english_mean", "write_mean", "load_mean", "centred"]

MEAN_FILE = "english_mean.json"


def english_phrases() -> list[str]:
    """The glossary's English renderings, each once, sorted (so the mean is deterministic)."""
    return sorted({sense for senses in glossary().renderings.values() for sense in senses})


def english_mean(encoder: Encoder, cache: EmbeddingCache, batch: int = 64) -> tuple[np.ndarray, int]:
    """The mean of :func:`english_phrases` embedded as queries (each normalised), from the
    cache where it has them (keyed apart from passages: the same text embeds differently);
    and how many phrases were embedded anew."""
    phrases = english_phrases()
    role = f"{encoder.key}\0query"
    keys = [EmbeddingCache.key(role, phrase) for phrase in phrases]
    known = cache.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in known]
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        vectors = encoder.queries([phrases[i] for i in chunk])
        cache.put_many([(keys[i], vector) for i, vector in zip(chunk, vectors, strict=True)])
        known.update((keys[i], np.asarray(vector, dtype=np.float32)) for i, vector in zip(chunk, vectors, strict=True))
    matrix = np.vstack([known[key] for key in keys]).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix.mean(axis=0), len(missing)


def write_mean(folder: Path, encoder: Encoder, mean: np.ndarray) -> None:
    (folder / MEAN_FILE).write_text(json.dumps(
        {"encoder": encoder.key, "phrases": len(english_phrases()),
         "mean": [float(x) for x in np.asarray(mean, dtype=np.float32)]}), encoding="utf-8")


def load_mean(folder: Path, encoder: Encoder) -> np.ndarray | None:
    """The mean the build wrote for ``encoder``; None for another encoder."""
    path = folder / MEAN_FILE
    if not path.exists():
        return None
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("encoder") != encoder.key:
        return None
    return np.asarray(meta["mean"], dtype=np.float32)


def centred(vector: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """``vector`` (normalised) less ``mean``, normalised again."""
    vector = np.asarray(vector, dtype=np.float32)
    shifted = vector / np.linalg.norm(vector) - mean
    return (shifted / np.linalg.norm(shifted)).astype(np.float32)
