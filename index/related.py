"""Related provisions: for each article, the closest units of *other* documents in the vector
index (not of its own family: an order, its decision and the regulation they carry are one).

Computed once when the indexes are built and written to ``related.json`` (article id -> the
ids of its related units, closest first), so that readers (the site) need not open the index.
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
#: Nearest rows of each row added to an extended graph whose articles are searched again:
#: as deep as the forward pass reads (a new row can enter an article's list only if it is
#: among that article's CANDIDATES_HNSW nearest; it finds the article from its side at the
#: same depth). On 380 units with a quarter of them new, 20 kept the full pass's lists for
#: 0.90 of the articles, 50 for 0.95, 100 for all.
REVERSE = 100
CANDIDATES_HNSW = 100
EF_SEARCH_HNSW = 128


def build_related(folder: Path, documents: Iterable[Document], per_article: int = 3,
                  previous: Path | None = None) -> int:
    """Write ``folder/related.json`` from ``vectors.faiss``; the number of articles given related
    units. With ``previous``, the index folder of the build whose graph this one's extends
    (:func:`index.vectors._extend`), only the articles the new rows can change are searched
    again (:func:`_kept`); the others keep the previous build's lists."""
    import faiss
    import numpy as np

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
    if previous is not None and index.ntotal:
        kept = _kept(index, owners, first, articles, previous, per_article)
        related.update(kept)
        articles = [(u, r) for u, r in articles if u not in kept]
    if articles and index.ntotal:
        query = np.vstack([index.reconstruct(r) for _, r in articles]).astype("float32")
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


def _kept(index: Any, owners: list[str], first: dict[str, int], articles: list[tuple[str, int]], previous: Path,
          per_article: int) -> dict[str, list[str]]:
    """The previous lists that the rows added since ``previous`` cannot change. An article is
    searched again when it is new or changed (its first row is new), when a unit of its list
    is gone, or when a new row may enter its list: the article is among the ``REVERSE``
    nearest rows of a new row (a new row can enter only the lists of articles it is near;
    it finds them from its side at the depth the forward pass reads) and is closer to the
    article than the first window of its last related unit (a lower bound of that unit's
    score, which is the best of its windows)."""
    import numpy as np

    before = load_related(previous)
    try:
        old_rows = len(json.loads((previous / "vectors.json").read_text(encoding="utf-8"))["units"])
    except (OSError, ValueError, KeyError):
        return {}
    live = set(owners)
    live.discard("")
    redo = {u for u, r in articles if r >= old_rows or u not in before or any(p not in live for p in before[u])}
    near: set[str] = set()
    if index.ntotal > old_rows:
        added = np.vstack([index.reconstruct(r) for r in range(old_rows, index.ntotal)]).astype("float32")
        _, found = index.search(added, min(index.ntotal, REVERSE))
        near = {owners[row] for rows in found for row in rows if row >= 0} - redo
        row_of = dict(articles)
        reached = sorted(u for u in near if u in row_of)
        for start in range(0, len(reached), 2_000):
            chunk = reached[start:start + 2_000]
            vectors = np.vstack([index.reconstruct(row_of[u]) for u in chunk]).astype("float32")
            best_new = (vectors @ added.T).max(axis=1)
            for unit, vector, best in zip(chunk, vectors, best_new):
                picks = before[unit]
                last = first.get(picks[-1]) if len(picks) == per_article else None
                if last is None or best >= float(vector @ index.reconstruct(last)):
                    redo.add(unit)
    return {u: before[u] for u, _ in articles if u not in redo}


def load_related(folder: Path) -> dict[str, list[str]]:
    path = folder / RELATED_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
