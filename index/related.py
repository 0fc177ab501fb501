"""Related provisions: for each article, the closest units of *other* documents in the vector
index (not of its own family: an order, its decision and the regulation they carry are one).

Computed once when the indexes are built and written to ``related.json`` (article id -> the
ids of its related units, closest first), so that readers (the site) need not open the index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from parser.records import Document

__all__ = ["RELATED_FILE", "build_related", "load_related"]

RELATED_FILE = "related.json"
#: Neighbours read per article: all of them from an exact index (a family of an order, its
#: decision and the regulation they carry can fill the first hundred); from an HNSW graph
#: (an archive, past 100,000 vectors) fewer, and with a narrower search than queries get:
#: there a pass over 140,000 articles took 1.7 ms each at efSearch 1024 and k 400, 0.18 ms
#: at 128 and 100 (measured on 372,497 clustered vectors), minutes against seconds.
CANDIDATES_EXACT = 400
CANDIDATES_HNSW = 100
EF_SEARCH_HNSW = 128


def build_related(folder: Path, documents: Iterable[Document], per_article: int = 3) -> int:
    """Write ``folder/related.json`` from ``vectors.faiss``; the number of articles given related units."""
    import faiss
    import numpy as np

    parents = {doc.id: doc.parent for doc in documents}

    def family(doc_id: str) -> str:
        while parents.get(doc_id):
            doc_id = parents[doc_id]  # type: ignore[assignment]
        return doc_id

    meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
    index = faiss.read_index(str(folder / "vectors.faiss"))
    faiss.omp_set_num_threads(1)
    owners: list[str] = meta["units"]
    first_row: dict[str, int] = {}
    for row, unit in enumerate(owners):
        first_row.setdefault(unit, row)
    articles = [(u, r) for u, r in first_row.items() if ("/art_" in u or "__art_" in u) and "@" not in u]
    related: dict[str, list[str]] = {}
    if articles and index.ntotal:
        vectors = index.reconstruct_n(0, index.ntotal)
        query = np.vstack([vectors[r] for _, r in articles]).astype("float32")
        candidates = CANDIDATES_EXACT
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = EF_SEARCH_HNSW  # this pass only: the index file is not written again
            candidates = CANDIDATES_HNSW
        _, found = index.search(query, min(index.ntotal, candidates))
        for (unit, _), rows in zip(articles, found):
            document = unit.split("/", 1)[0]
            picks: list[str] = []
            for row in rows:
                other = owners[row] if row >= 0 else ""
                other_doc = other.split("/", 1)[0]
                if other and other_doc in parents and family(other_doc) != family(document) and "@" not in other \
                        and other not in picks:
                    picks.append(other)
                if len(picks) == per_article:
                    break
            related[unit] = picks
    (folder / RELATED_FILE).write_text(json.dumps(related, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return len(related)


def load_related(folder: Path) -> dict[str, list[str]]:
    path = folder / RELATED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
