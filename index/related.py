"""Related provisions: for each article, the closest units of *other* documents in the vector
index (not of its own family: an order, its decision and the regulation they carry are one).

Computed once when the indexes are built and written to ``related.json`` (article id -> the
ids of its related units, closest first), so that readers (the site) need not open the index.
When a build extends the previous build's graph (an archive with a file added), only the
articles whose lists the new rows can change are searched again (:func:`_kept`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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


def build_related(folder: Path, documents: Iterable[Document], per_article: int = 3,
                  previous: Path | None = None) -> int:
    """Write ``folder/related.json`` from ``vectors.faiss``; the number of articles given related
    units. With ``previous``, the index folder of the build whose graph this one's extends
    (:func:`index.vectors._extend`), only the articles the new rows can change are searched
    again (:func:`_kept`); the others keep the previous build's lists."""
    import faiss

    from .vectors import first_rows

    parents = {doc.id: doc.parent for doc in documents}
    families: dict[str, str] = {}

    def family(doc_id: str) -> str:
        if doc_id not in families:
            root = doc_id
            while parents.get(root):
                root = parents[root]  # type: ignore[assignment]
            families[doc_id] = root
        return families[doc_id]

    meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
    index = faiss.read_index(str(folder / "vectors.faiss"))
    faiss.omp_set_num_threads(1)
    owners: list[str] = meta["units"]
    first = first_rows(meta)
    articles = [(u, r) for u, r in first.items() if ("/art_" in u or "__art_" in u) and "@" not in u]
    related: dict[str, list[str]] = {}
    candidates = CANDIDATES_EXACT
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = EF_SEARCH_HNSW  # this pass only: the index file is not written again
        candidates = CANDIDATES_HNSW
    vectors = _vectors(index)
    if previous is not None and index.ntotal:
        kept = _kept(vectors, first, articles, previous, per_article)
        related.update(kept)
        articles = [(u, r) for u, r in articles if u not in kept]
    if articles and index.ntotal:
        query = vectors[[r for _, r in articles]]
        _, found = index.search(query, min(index.ntotal, candidates))
        for (unit, _), rows in zip(articles, found):
            own = family(unit.split("/", 1)[0])
            picks: list[str] = []
            for row in rows:
                other = owners[row] if row >= 0 else ""
                other_doc = other.split("/", 1)[0]
                if other and other_doc in parents and "@" not in other and other not in picks \
                        and family(other_doc) != own:
                    picks.append(other)
                if len(picks) == per_article:
                    break
            related[unit] = picks
    (folder / RELATED_FILE).write_text(json.dumps(related, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return len(related)


def _vectors(index: Any) -> Any:
    """Every vector of a flat or HNSW-over-flat index, as one array (read, not searched)."""
    import faiss
    import numpy as np

    flat = faiss.downcast_index(index.storage if isinstance(index, faiss.IndexHNSW) else index)
    return faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d) if flat.ntotal \
        else np.zeros((0, flat.d), dtype="float32")


def _kept(vectors: Any, first: dict[str, int], articles: list[tuple[str, int]], previous: Path,
          per_article: int) -> dict[str, list[str]]:
    """The previous lists that the rows added since ``previous`` cannot change. An article is
    searched again when it is new or changed (its first row is new), when a unit of its list
    is gone or its list is short, or when a new row is as close to it as the first window of
    the last unit of its list (a lower bound of that unit's score, the best of its windows):
    only then can a new unit enter the list. The closest new row of every article is found
    exactly (one product of the articles and the new rows)."""
    import faiss
    import numpy as np

    before = load_related(previous)
    try:
        old_rows = len(json.loads((previous / "vectors.json").read_text(encoding="utf-8"))["units"])
    except (OSError, ValueError, KeyError):
        return {}
    # a unit still in the index has a first window (``first``); one that left has none
    redo = {u for u, r in articles if r >= old_rows or u not in before or len(before[u]) < per_article
            or any(p not in first for p in before[u])}
    checked = [(u, r) for u, r in articles if u not in redo]
    if len(vectors) > old_rows and checked:
        added = faiss.IndexFlatIP(vectors.shape[1])
        added.add(np.ascontiguousarray(vectors[old_rows:]))
        for start in range(0, len(checked), 20_000):  # 20,000 articles: 30 MB of vectors at a time
            chunk = checked[start:start + 20_000]
            mine = np.ascontiguousarray(vectors[[r for _, r in chunk]])
            closest, _ = added.search(mine, 1)
            last = np.einsum("ij,ij->i", mine, vectors[[first[before[u][-1]] for u, _ in chunk]])
            redo.update(u for (u, _), new, bound in zip(chunk, closest[:, 0], last) if new >= bound)
    return {u: before[u] for u, _ in articles if u not in redo}


def load_related(folder: Path) -> dict[str, list[str]]:
    path = folder / RELATED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
