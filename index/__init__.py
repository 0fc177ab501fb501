"""Search indexes built from the records: keyword (whoosh + jieba) and semantic (faiss).

``build_indexes(folder, documents, lifecycle, versions, encoder, cache)`` writes, in one
folder: ``units.jsonl`` (what is indexed, inspectable), ``userdict.txt`` (the legal terms
harvested for jieba), ``keyword/`` (whoosh) and ``vectors.faiss`` + ``vectors.json``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from parser.records import Document, Lifecycle, Version

from .analysis import harvest_terms, write_user_dict
from .crosslingual import TermVectors, build_term_vectors
from .encoders import E5Encoder, Encoder, EncoderError, SentenceTransformerEncoder, encoder_from_spec
from .fusion import RRF_K, rrf
from .keyword import KeywordIndex
from .units import Unit, build_units
from .vectors import EmbeddingCache, EncoderMismatch, VectorIndex

__all__ = [
    "IndexReport",
    "build_indexes",
    "load_units",
    "Unit",
    "KeywordIndex",
    "VectorIndex",
    "EmbeddingCache",
    "Encoder",
    "E5Encoder",
    "SentenceTransformerEncoder",
    "encoder_from_spec",
    "EncoderError",
    "EncoderMismatch",
    "rrf",
    "RRF_K",
    "TermVectors",
]


@dataclass(frozen=True)
class IndexReport:
    units: int
    terms: int
    vectors: int
    embedded: int
    cached: int
    keyword_seconds: float
    semantic_seconds: float


def build_indexes(folder: Path, documents: Iterable[Document], lifecycle: dict[str, Lifecycle],
                  versions: Iterable[Version], encoder: Encoder, cache: EmbeddingCache,
                  progress: Callable[[int, int], None] = lambda done, total: None) -> IndexReport:
    folder.mkdir(parents=True, exist_ok=True)
    documents = list(documents)
    units = build_units(documents, lifecycle, versions)
    with (folder / "units.jsonl").open("w", encoding="utf-8", newline="\n") as out:
        for unit in units:
            out.write(json.dumps(unit.as_json(), ensure_ascii=False, sort_keys=True) + "\n")
    started = time.perf_counter()
    terms = harvest_terms(p.text for doc in documents for p in doc.provisions)
    write_user_dict(folder / "userdict.txt", terms)
    KeywordIndex.build(folder / "keyword", units, folder / "userdict.txt")
    keyword_seconds = time.perf_counter() - started
    started = time.perf_counter()
    stats = VectorIndex.build(folder, units, encoder, cache, progress)
    keyword = KeywordIndex(folder / "keyword")
    try:
        term_embedded = build_term_vectors(folder, units, terms, keyword.analyzer, encoder, cache)
    finally:
        keyword.close()
    semantic_seconds = time.perf_counter() - started
    return IndexReport(len(units), len(terms), stats.vectors, stats.embedded + term_embedded, stats.cached,
                       keyword_seconds, semantic_seconds)


def load_units(folder: Path) -> list[Unit]:
    units = []
    with (folder / "units.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            data["path"] = tuple(data["path"])
            units.append(Unit(**data))
    return units
