"""Semantic index: unit windows embedded by an :class:`~index.encoders.Encoder`, in faiss.

* Exact inner product (``IndexFlatIP``) over L2-normalised vectors: cosine similarity,
  exact at this size (a few thousand vectors; searched with one OpenMP thread). Past
  ``HNSW_ABOVE`` vectors (an archive), an HNSW graph (``IndexHNSWFlat``, M = 32, built with
  efConstruction 80, searched with efSearch 1024): recall@10 against the exact index is
  measured by ``bench/archive.py`` and asserted in the tests.
* A unit longer than one window is embedded window by window; its score is the best of
  its windows (MaxP, Dai & Callan 2019), so the end of a long article is not cut off.
* Embeddings are cached by (encoder key, text hash) in an SQLite file that outlives the
  build folder, so an unchanged rebuild embeds nothing.
* An archive's graph is not built anew when a file is added: the previous build's is read
  and extended with the windows it lacks (texts that left become tombstones), each row's
  text key kept in ``vectors.keys`` (:func:`_extend`).
* ``vectors.json`` records the encoder key, dimension and the unit of every vector; the
  index refuses a query from another encoder.
* An index may be centred (the English readings are): its vectors stored less their mean,
  which ``vectors.json`` records and an extended graph keeps; its queries are centred on
  the mean of their own kind (:mod:`index.english_mean`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from parser.errors import GazetteError

from .encoders import Encoder
from .units import Unit, windows

__all__ = ["EmbeddingCache", "VectorIndex", "EncoderMismatch", "BuildStats", "HNSW_ABOVE", "exact_index",
           "approximate_index", "first_rows", "LINES_UP_TO",
           "UNREAD_IN_ARCHIVES", "read_in_english"]

#: Units past which each line of a unit is no longer embedded on its own, only its windows: a
#: line passage helps a question about one 项 find its article, and costs 2.4 passages a unit
#: in an archive of laws (LawRefBook's national texts: 166,941 passages against 69,102, hours
#: of embedding on 2 cores).
LINES_UP_TO = 20_000
#: Levels of national law whose units get no English reading (:func:`index.glosses.reading`)
#: in an archive past ``LINES_UP_TO`` units: a reading costs one embedding a unit (68,108 for
#: LawRefBook's national texts, about 100 minutes on 2 cores) and gains nothing on STARD, whose
#: questions are Chinese. English questions still meet those units through their windows
#: (the encoder is multilingual), the glossary and the glosses. The gazettes' own texts
#: (地方性法规, 地方政府规章, 规范性文件) are read at every size.
UNREAD_IN_ARCHIVES = frozenset({"宪法", "法律", "行政法规", "司法解释", "部门规章"})
HNSW_ABOVE = 100_000  # vectors: an exact search over more costs over 10 ms a query on 2 cores
#: efSearch chosen on bench/archive.py's 150,225 vectors (near-duplicates of 3,000 real ones, the
#: hard case): recall@10 against exact 0.856 at 128, 0.924 at 256, 0.960 at 512, 0.986 at 1024
#: (3.8 ms a query, against 8.2 ms exact)
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 1024
#: Share of an extended graph's rows that may be tombstones (texts no longer in the corpus)
#: before the graph is built anew without them.
MAX_TOMBSTONES = 0.2
KEYS_FILE = "vectors.keys"  # each row's cache key (sha256 of encoder and text), 32 bytes a row


def read_in_english(units: list[Unit]) -> list[bool]:
    """Whether each unit's English reading is embedded (see ``UNREAD_IN_ARCHIVES``)."""
    archive = len(units) > LINES_UP_TO
    return [not (archive and unit.level in UNREAD_IN_ARCHIVES) for unit in units]


def exact_index(matrix: np.ndarray) -> faiss.Index:
    """Inner product over every vector (rows L2-normalised: cosine)."""
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(matrix)
    return index


def approximate_index(matrix: np.ndarray) -> faiss.Index:
    """An HNSW graph over the vectors, inner product."""
    index = faiss.IndexHNSWFlat(matrix.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(matrix)
    return index


class EncoderMismatch(GazetteError):
    pass


@dataclass(frozen=True)
class BuildStats:
    vectors: int
    embedded: int  # new embeddings computed
    cached: int  # taken from the cache
    added: int = 0  # rows added to the index (all of them, unless a previous graph was extended)
    extended: bool = False  # the previous build's graph was extended (its rows come first)


class EmbeddingCache:
    """(encoder key, sha256 of text) -> float32 vector, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=600)  # builds sharing one cache ($GAZETTE_CACHE) wait their turn
        self._db.execute("CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    @staticmethod
    def key(encoder_key: str, text: str) -> str:
        return hashlib.sha256(f"{encoder_key}\0{text}".encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self._db.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?)",
                             [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items])
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def _passage(unit: Unit, window: str) -> str:
    return f"{unit.context}\n{window}"


def _matrix(keys: list[str], known: dict[str, np.ndarray], dim: int, mean: np.ndarray | None = None,
            centred: frozenset[str] = frozenset()) -> np.ndarray:
    """The vectors of ``keys``, normalised; with a ``mean``, less it and normalised again
    (but for the keys in ``centred``: vectors read back from a centred index)."""
    matrix = np.vstack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)
    faiss.normalize_L2(matrix)
    if mean is not None and len(keys):
        rows = [i for i, k in enumerate(keys) if k not in centred]
        matrix[rows] -= mean
        faiss.normalize_L2(matrix)
    return matrix


def _mean(keys: list[str], known: dict[str, np.ndarray], dim: int) -> np.ndarray:
    """The mean of the normalised vectors of ``keys``, summed in float64, as float32."""
    return np.asarray(_matrix(keys, known, dim).mean(axis=0, dtype=np.float64), dtype=np.float32)


def _embed(keys: list[str], texts: list[str], known: dict[str, np.ndarray], skip: set[str], encoder: Encoder,
           cache: EmbeddingCache, progress: Callable[[int, int], None], batch: int) -> int:
    """Embed the texts whose key is neither ``known`` nor in ``skip``, batch by batch, each
    batch cached as it is done (an interrupted build resumes there); how many."""
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in known and k not in skip}.items())
    if missing:
        progress(0, len(missing))  # embedding starts now: rates count from here
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        vectors = encoder.passages([t for _, t in chunk])
        cache.put_many([(k, v) for (k, _), v in zip(chunk, vectors)])
        known.update({k: v for (k, _), v in zip(chunk, vectors)})
        progress(min(start + batch, len(missing)), len(missing))
    return len(missing)


def _previous_keys(previous: Path, encoder_key: str) -> list[str] | None:
    """Each row's key in the previous build's graph, or None where it cannot be extended
    (another encoder, an exact index, a build older than the keys file)."""
    try:
        meta = json.loads((previous / "vectors.json").read_text(encoding="utf-8"))
        data = (previous / KEYS_FILE).read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("encoder") != encoder_key or "ordinal" not in meta or len(data) != 32 * len(meta["units"]) \
            or len(meta["units"]) <= HNSW_ABOVE:
        return None
    return [data[i:i + 32].hex() for i in range(0, len(data), 32)]


def _extend(previous: Path, old_keys: list[str], keys: list[str], owners: list[str], ordinals: list[int],
            known: dict[str, np.ndarray], mean: np.ndarray | None = None
            ) -> tuple[faiss.Index, list[str], list[str], list[int], int] | None:
    """The previous build's HNSW graph with this build's new windows added: each of its rows
    whose text (key) is still wanted is given to a unit that has it, the others become
    tombstones (unit ""; searches skip them, and they still route the graph's walks), and
    the windows no row holds are appended. None where tombstones would pass
    ``MAX_TOMBSTONES`` of the rows (the graph is then built anew, without them) or the
    graph file does not match its keys. Returns the index, each row's key, unit and window
    ordinal, and how many rows were added."""
    wanted: dict[str, deque[int]] = {}
    for position, k in enumerate(keys):
        wanted.setdefault(k, deque()).append(position)
    row_owners, row_ordinals, taken = [], [], set()
    for k in old_keys:
        queue = wanted.get(k)
        if queue:
            position = queue.popleft()
            taken.add(position)
            row_owners.append(owners[position])
            row_ordinals.append(ordinals[position])
        else:
            row_owners.append("")
            row_ordinals.append(-1)
    new = [position for position in range(len(keys)) if position not in taken]
    if row_owners.count("") > MAX_TOMBSTONES * (len(old_keys) + len(new)):
        return None
    index = faiss.read_index(str(previous / "vectors.faiss"))
    if not isinstance(index, faiss.IndexHNSW) or index.ntotal != len(old_keys):
        return None
    # a text the graph holds once and this build twice (two units with one window): its vector
    # is read back from the graph, as it was not read from the cache
    old_row = {k: row for row, k in reversed(list(enumerate(old_keys)))}
    read_back = {keys[p]: index.reconstruct(old_row[keys[p]]) for p in new if keys[p] not in known}
    known.update(read_back)
    if new:  # a centred index's new vectors are centred on its recorded mean (not those read back)
        index.add(_matrix([keys[p] for p in new], known, index.d, mean, frozenset(read_back)))
    return (index, old_keys + [keys[p] for p in new], row_owners + [owners[p] for p in new],
            row_ordinals + [ordinals[p] for p in new], len(new))


def first_rows(meta: dict) -> dict[str, int]:
    """Unit id -> the row of its first window (which starts its text), from ``vectors.json``."""
    first: dict[str, int] = {}
    ordinals = meta.get("ordinal")
    for row, unit in enumerate(meta["units"]):
        if unit and (ordinals is None or ordinals[row] == 0):
            first.setdefault(unit, row)
    return first


class VectorIndex:
    def __init__(self, folder: Path) -> None:
        meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
        self.encoder_key: str = meta["encoder"]
        self.encoder_spec: str = meta.get("spec", "e5")
        self.dim: int = meta["dim"]
        self.unit_of: list[str] = meta["units"]
        # a centred index holds its vectors less their mean: a query is centred on its own kind's
        self.mean: np.ndarray | None = np.asarray(meta["mean"], dtype=np.float32) if "mean" in meta else None
        self._index = faiss.read_index(str(folder / "vectors.faiss"))
        if hasattr(self._index, "hnsw"):
            self._index.hnsw.efSearch = max(HNSW_EF_SEARCH, self._index.hnsw.efSearch)
        faiss.omp_set_num_threads(1)

    @staticmethod
    def build(folder: Path, units: list[Unit], encoder: Encoder, cache: EmbeddingCache,
              progress: Callable[[int, int], None] = lambda done, total: None, batch: int = 32,
              previous: Path | None = None) -> BuildStats:
        """Embed what the cache lacks and write the index of the units' windows (and of each
        line of a unit of several lines, up to ``LINES_UP_TO`` units). Past ``HNSW_ABOVE``
        vectors, with the index folder of the ``previous`` build (same encoder), its graph is
        extended rather than built anew (:func:`_extend`)."""
        texts, owners, ordinals = [], [], []
        lines = len(units) <= LINES_UP_TO
        for unit in units:
            for ordinal, window in enumerate(windows(unit.words, lines=lines and not unit.table)):
                texts.append(_passage(unit, window))
                owners.append(unit.id)
                ordinals.append(ordinal)
        return VectorIndex.build_passages(folder, texts, owners, ordinals, encoder, cache, progress, batch, previous)

    @staticmethod
    def build_passages(folder: Path, texts: list[str], owners: list[str], ordinals: list[int], encoder: Encoder,
                       cache: EmbeddingCache, progress: Callable[[int, int], None] = lambda done, total: None,
                       batch: int = 32, previous: Path | None = None, centre: bool = False) -> BuildStats:
        """The index of any passages: ``texts[i]`` is passage ``ordinals[i]`` of unit
        ``owners[i]`` (the English readings of the units are one passage each). ``centre``:
        the vectors are indexed less their mean (recorded in ``vectors.json``; an extended
        graph keeps the mean it was built with), which its queries must be too, on theirs
        (:mod:`index.english_mean`)."""
        folder.mkdir(parents=True, exist_ok=True)
        keys = [EmbeddingCache.key(encoder.key, t) for t in texts]
        previous_keys = _previous_keys(previous, encoder.key) if previous is not None and len(keys) > HNSW_ABOVE \
            else None
        held = set(previous_keys or ())
        # windows the previous graph holds need no vector now: only the others are read or embedded
        known = cache.get_many([k for k in keys if k not in held])
        embedded = _embed(keys, texts, known, held, encoder, cache, progress, batch)
        mean = None
        if centre and previous_keys and previous is not None:  # the graph's own mean, if it has one
            recorded = json.loads((previous / "vectors.json").read_text(encoding="utf-8")).get("mean")
            mean = np.asarray(recorded, dtype=np.float32) if recorded is not None else None
        extended = _extend(previous, previous_keys, keys, owners, ordinals, known, mean) \
            if previous_keys and (mean is not None or not centre) else None
        if extended is not None:
            index, keys, owners, ordinals, added = extended
        else:
            if previous_keys:  # the graph is built anew after all: every vector is needed
                known.update(cache.get_many([k for k in keys if k not in known]))
                embedded += _embed(keys, texts, known, set(), encoder, cache, progress, batch)
            mean = _mean(keys, known, encoder.dim) if centre else None
            index = (approximate_index if len(keys) > HNSW_ABOVE else exact_index)(
                _matrix(keys, known, encoder.dim, mean))
            added = len(keys)
        faiss.write_index(index, str(folder / "vectors.faiss"))
        (folder / KEYS_FILE).write_bytes(b"".join(bytes.fromhex(k) for k in keys))
        meta = {"encoder": encoder.key, "spec": encoder.spec, "dim": encoder.dim, "units": owners, "ordinal": ordinals}
        if mean is not None:
            meta["mean"] = [float(x) for x in mean]
        (folder / "vectors.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return BuildStats(len(texts), embedded, len(texts) - embedded, added, extended is not None)

    def check(self, encoder: Encoder) -> None:
        if encoder.key != self.encoder_key:
            raise EncoderMismatch(
                f"the semantic index was built with {self.encoder_key}, not {encoder.key}: "
                f"query it with the same encoder, or rebuild with --encoder")

    def search(self, vector: np.ndarray, limit: int | None = None) -> list[tuple[str, float]]:
        """(unit id, best window cosine), best first, one entry per unit."""
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1).copy()
        faiss.normalize_L2(query)
        k = self._index.ntotal if limit is None else min(self._index.ntotal, limit * 4)
        if hasattr(self._index, "hnsw"):
            k = min(k, 1024)  # a graph search returns what efSearch reached; not the whole archive
        if k == 0:
            return []
        scores, rows = self._index.search(query, k)
        best: dict[str, float] = {}
        for score, row in zip(scores[0], rows[0]):
            if row < 0:
                continue
            unit = self.unit_of[row]
            if not unit:  # a tombstone: its text left the corpus
                continue
            if unit not in best:
                best[unit] = float(score)
        ranked = sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))
        return ranked if limit is None else ranked[:limit]
