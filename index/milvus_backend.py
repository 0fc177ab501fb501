"""Milvus as the search backend past one machine: BM25 and dense vectors in one collection.

Milvus (through ``pymilvus``) holds, per search unit, the unit's words as the project's
analyzer segments them (jieba with the legal user dictionary, joined by spaces), a BM25
sparse vector computed by Milvus from them, the unit's dense vector (its first window, as
embedded by the build) and the metadata the filters read. The same client code reaches:

* **milvus-lite**, a file (``milvus-lite:///path/units.db`` or a path ending in ``.db``):
  what the tests run against;
* a **standalone or distributed server** (``milvus://host:19530``).

The two differ in ways this module handles: a server's ``standard`` analyzer splits
Chinese into single characters, so pre-segmented text needs its ``whitespace`` tokenizer,
which milvus-lite rejects (its ``standard`` analyzer keeps space-separated words as they
are); milvus-lite returns BM25 scores negated (``-score``), servers positive ones.

The adapters :class:`MilvusKeyword` and :class:`MilvusVectors` answer as the local keyword
and vector indexes do, so :class:`queries.search.SearchEngine` fuses their rankings with
the same weighted RRF and applies the same filters. A build writes a new collection and
then points the alias (``gazette_units`` unless told) at it: readers switch at once, and
the previous collection is dropped.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import analyzer
from .units import Unit

__all__ = ["Backend", "parse_backend", "write_collection", "MilvusKeyword", "MilvusVectors", "BackendError"]

ALIAS = "gazette_units"
_MAX_TEXT = 60_000  # bytes of UTF-8 kept of a unit's words: a VARCHAR holds at most 65,535
_BATCH = 500


class BackendError(ValueError):
    """A backend URI that cannot be used, or a backend that does not answer."""


@dataclass(frozen=True)
class Backend:
    uri: str  # what pymilvus is given: a file path (lite) or http://host:port (server)
    lite: bool
    alias: str = ALIAS

    @property
    def analyzer_params(self) -> dict[str, Any]:
        """Space-separated, pre-segmented words kept as they are, on either kind."""
        return {"type": "standard"} if self.lite else {"tokenizer": "whitespace"}

    def client(self) -> Any:
        try:
            from pymilvus import MilvusClient
        except ImportError:
            raise BackendError("the Milvus client is not installed: pip install 'gazette[milvus]'") from None

        try:
            return MilvusClient(self.uri)
        except Exception as error:  # pymilvus raises its own and grpc errors alike
            raise BackendError(f"cannot reach Milvus at {self.uri}: {error}") from None


def parse_backend(spec: str) -> Backend:
    """``milvus://host:port[/alias]``, ``milvus-lite:///path/file.db`` or ``path/file.db``."""
    if spec.startswith("milvus://"):
        rest = spec[len("milvus://"):]
        host, _, alias = rest.partition("/")
        if not host:
            raise BackendError(f"no host in {spec!r}: use milvus://HOST:PORT")
        return Backend(f"http://{host}", lite=False, alias=alias or ALIAS)
    path = spec[len("milvus-lite://"):] if spec.startswith("milvus-lite://") else spec
    if not path.endswith(".db"):
        raise BackendError(f"unknown backend {spec!r}: use milvus://HOST:PORT or milvus-lite:///path/file.db")
    return Backend(str(Path(path).resolve()), lite=True)


def _words(tokenize: Any, unit: Unit) -> str:
    words = " ".join(t.text for t in tokenize(" ".join((unit.title, *unit.path, unit.label, unit.words))))
    encoded = words.encode("utf-8")[:_MAX_TEXT]
    return encoded.decode("utf-8", "ignore")


def write_collection(backend: Backend, units: list[Unit], vectors: dict[str, np.ndarray], user_dict: Path,
                     name: str | None = None) -> str:
    """Write ``units`` into a new collection, point the alias at it, drop the one before.
    ``vectors``: unit id -> its dense vector (L2-normalised). Returns the collection's name."""
    client = backend.client()
    from pymilvus import DataType, Function, FunctionType

    dim = len(next(iter(vectors.values()))) if vectors else 384
    name = name or f"{backend.alias}_{time.strftime('%Y%m%d%H%M%S')}_{int(time.time() * 1000) % 1000:03d}"
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=512)
    schema.add_field("words", DataType.VARCHAR, max_length=65_535, enable_analyzer=True,
                     analyzer_params=backend.analyzer_params)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("document", DataType.VARCHAR, max_length=512)
    schema.add_field("doc_type", DataType.VARCHAR, max_length=64)
    schema.add_field("meta", DataType.JSON)  # issuer, date, validity: for filters on the server side
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["words"],
                                 output_field_names=["sparse"]))
    index = client.prepare_index_params()
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    index.add_index("dense", index_type="FLAT" if backend.lite else "HNSW", metric_type="IP",
                    **({} if backend.lite else {"params": {"M": 32, "efConstruction": 80}}))
    client.create_collection(name, schema=schema, index_params=index)
    tokenize = analyzer(str(user_dict))
    rows = []
    zero = [0.0] * dim
    for unit in units:
        vector = vectors.get(unit.id)
        rows.append({"id": unit.id, "words": _words(tokenize, unit),
                     "dense": vector.tolist() if vector is not None else zero, "document": unit.document,
                     "doc_type": unit.doc_type,
                     "meta": {"issuer": unit.issuer, "date": unit.date, "effective": unit.effective,
                              "expires": unit.expires, "repealed": unit.repealed, "current": unit.current}})
        if len(rows) == _BATCH:
            client.insert(name, rows)
            rows = []
    if rows:
        client.insert(name, rows)
    client.flush(name)
    client.load_collection(name)
    before = _aliased(client, backend.alias)
    if before is None:
        client.create_alias(name, backend.alias)
    else:
        client.alter_alias(name, backend.alias)
        client.drop_collection(before)
    return name


def _aliased(client: Any, alias: str) -> str | None:
    """The collection the alias points at (asked collection by collection: describing a
    missing alias makes pymilvus log an error)."""
    for collection in client.list_collections():
        if alias in client.list_aliases(collection).get("aliases", []):
            return collection
    return None


class MilvusKeyword:
    """BM25 over the collection, with the interface of :class:`index.keyword.KeywordIndex`."""

    def __init__(self, backend: Backend, user_dict: Path) -> None:
        self.backend = backend
        self._client = backend.client()
        self._client.load_collection(backend.alias)
        self.analyzer = analyzer(str(user_dict) if user_dict.exists() else None)

    def terms(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def _bm25(self, words: list[str], limit: int) -> list[tuple[str, float]]:
        if not words:
            return []
        found = self._client.search(self.backend.alias, data=[" ".join(words)], anns_field="sparse", limit=limit,
                                    search_params={"metric_type": "BM25"}, output_fields=["id"])
        # milvus-lite gives -score, servers score: either way, higher is better here
        hits = [(hit["id"], abs(float(hit["distance"]))) for hit in found[0]]
        return sorted(hits, key=lambda pair: (-pair[1], pair[0]))

    def search(self, query: str, limit: int = 200) -> list[tuple[str, float]]:
        return self._bm25(list(dict.fromkeys(self.terms(query))), limit)

    def search_terms(self, terms: list[str], limit: int = 200) -> list[tuple[str, float]]:
        return self._bm25(list(dict.fromkeys(terms)), limit)

    def close(self) -> None:
        self._client.close()


class MilvusVectors:
    """Dense search over the collection, with the interface of :class:`index.vectors.VectorIndex`
    (one vector per unit: its first window)."""

    def __init__(self, backend: Backend, folder: Path) -> None:
        meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
        self.encoder_key: str = meta["encoder"]
        self.encoder_spec: str = meta.get("spec", "e5")
        self.dim: int = meta["dim"]
        self.backend = backend
        self._client = backend.client()
        self._client.load_collection(backend.alias)

    def check(self, encoder: Any) -> None:
        from .vectors import EncoderMismatch

        if encoder.key != self.encoder_key:
            raise EncoderMismatch(f"the collection was built with {self.encoder_key}, not {encoder.key}")

    def search(self, vector: np.ndarray, limit: int | None = None) -> list[tuple[str, float]]:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        found = self._client.search(self.backend.alias, data=[query.tolist()], anns_field="dense",
                                    limit=limit or 200, search_params={"metric_type": "IP"}, output_fields=["id"])
        hits = [(hit["id"], float(hit["distance"])) for hit in found[0]]
        return sorted(hits, key=lambda pair: (-pair[1], pair[0]))

    def close(self) -> None:
        self._client.close()


def first_vectors(folder: Path) -> dict[str, np.ndarray]:
    """Unit id -> the vector of its first window, read back from a build's faiss index."""
    import faiss

    from .vectors import first_rows

    meta = json.loads((folder / "vectors.json").read_text(encoding="utf-8"))
    index = faiss.read_index(str(folder / "vectors.faiss"))
    return {unit: index.reconstruct(row) for unit, row in first_rows(meta).items()}
