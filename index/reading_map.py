"""A map from English readings to the Chinese texts they read, learned from the corpus itself.

Every unit is embedded twice: its Chinese windows (``vectors.faiss``) and its word-by-word
English reading (``readings/``, :func:`index.glosses.reading`). The pairs (reading, the mean
of the unit's windows) are a parallel corpus of the texts searched, with no question in it.
The rotation that carries the readings' vectors nearest to their Chinese vectors (orthogonal
Procrustes: W = U Vᵀ for U Σ Vᵀ the SVD of Σ (y - ȳ)(x - x̄)ᵀ, as word embeddings of two
languages are aligned in Mikolov, Le & Sutskever 2013 and Conneau et al., ICLR 2018) is
fitted at build time and written beside the vectors (``reading_map.npy``: W, then ȳ;
``reading_map.json``: the encoder and how many pairs). A rotation keeps the distances
between vectors, so it moves a question without distorting it (a least-squares map, free to
stretch, measured weaker: the README has the figures).

In semantic mode an English question's vector (centred, :mod:`index.english_mean`) searches
the Chinese windows as ``v + (W v + ȳ)``, each half normalised (:func:`towards_chinese`):
the question as it is and as the map carries it. Development English R@5 / MRR@10 in
semantic mode (both sets, 95 questions): 0.842 / 0.618 → 0.884 / 0.716, the share of the
mapped half chosen among 0.3, 0.5, 0.6, 0.8 (0.853 / 0.662, 0.884 / 0.716, 0.874 / 0.713,
0.842 / 0.712). Hybrid search keeps the plain vector: the readings ranking it fuses already
carries what the map learned from them (with the map, hybrid MRR@10 fell 0.001 on each
development set at 0.5, more at 0.6 and 0.8).
"""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np

from .encoders import Encoder

__all__ = ["MAP_FILE", "MAP_META", "MAPPED_SHARE", "fit_map", "write_map", "load_map", "towards_chinese"]

MAP_FILE, MAP_META = "reading_map.npy", "reading_map.json"
#: The share of the mapped vector in the question's (:func:`towards_chinese`).
MAPPED_SHARE = 0.5
_CHUNK = 8192  # vectors read back from an index at a time (an archive's graph holds millions)


def _unit_sums(folder: Path) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Each unit's row, the sum of its vectors (normalised) and their count, from the index
    in ``folder`` (tombstones, rows of no unit, left out)."""
    meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
    index = faiss.read_index(str(folder / "vectors.faiss"))
    owners: list[str] = meta["units"]
    row_of: dict[str, int] = {}
    for unit in owners:
        if unit and unit not in row_of:
            row_of[unit] = len(row_of)
    rows = np.fromiter((row_of.get(unit, -1) for unit in owners), dtype=np.int64, count=len(owners))
    sums = np.zeros((len(row_of), meta["dim"]), dtype=np.float64)
    for start in range(0, index.ntotal, _CHUNK):
        block = index.reconstruct_n(start, min(_CHUNK, index.ntotal - start)).astype(np.float64)
        block /= np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-12)
        owner = rows[start:start + len(block)]
        np.add.at(sums, owner[owner >= 0], block[owner >= 0])
    counts = np.bincount(rows[rows >= 0], minlength=len(row_of))
    return row_of, sums, counts


def fit_map(readings: Path, windows: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """The rotation W from the readings' vectors (index folder ``readings``) to the mean of
    the same units' window vectors (index folder ``windows``), and that mean's mean ȳ;
    with how many units paired. Both sides normalised, each centred on its own mean."""
    read_rows, read_sums, _ = _unit_sums(readings)
    window_rows, window_sums, window_counts = _unit_sums(windows)
    units = sorted(unit for unit in read_rows if unit in window_rows and window_counts[window_rows[unit]])
    dim = read_sums.shape[1]
    if len(units) < 2:
        return np.eye(dim, dtype=np.float32), np.zeros(dim, dtype=np.float32), len(units)
    x = read_sums[[read_rows[u] for u in units]]
    y = window_sums[[window_rows[u] for u in units]]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    y_mean = y.mean(axis=0)
    left, _, right = np.linalg.svd((y - y_mean).T @ (x - x.mean(axis=0)))
    return (left @ right).astype(np.float32), y_mean.astype(np.float32), len(units)


def write_map(folder: Path, encoder: Encoder, rotation: np.ndarray, target_mean: np.ndarray, pairs: int) -> None:
    np.save(folder / MAP_FILE, np.vstack([rotation, target_mean[None, :]]).astype(np.float32), allow_pickle=False)
    (folder / MAP_META).write_text(json.dumps({"encoder": encoder.key, "pairs": pairs}), encoding="utf-8")


def load_map(folder: Path, encoder: Encoder) -> tuple[np.ndarray, np.ndarray] | None:
    """The map the build wrote for ``encoder`` (W, ȳ); None for another encoder."""
    try:
        meta = json.loads((folder / MAP_META).read_text(encoding="utf-8"))
        stacked = np.load(folder / MAP_FILE, allow_pickle=False)
    except (OSError, ValueError):  # absent, or unreadable: searched as a build without it
        return None
    if meta.get("encoder") != encoder.key or stacked.shape != (encoder.dim + 1, encoder.dim):
        return None
    return stacked[:-1], stacked[-1]


def towards_chinese(vector: np.ndarray, mapping: tuple[np.ndarray, np.ndarray],
                    share: float = MAPPED_SHARE) -> np.ndarray:
    """An English question's (centred) vector moved ``share`` of the way to where the map
    carries it, normalised."""
    rotation, target_mean = mapping
    vector = np.asarray(vector, dtype=np.float32)
    vector = vector / np.linalg.norm(vector)
    mapped = rotation @ vector + target_mean
    mixed = (1 - share) * vector + share * mapped / np.linalg.norm(mapped)
    return (mixed / np.linalg.norm(mixed)).astype(np.float32)
