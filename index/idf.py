"""The one BM25 idf of the keyword engines (whoosh's and tantivy's term searches, plain BM25)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["idf"]


def idf(documents: int, frequency: Any) -> Any:
    """Lucene's BM25 idf, ``log(1 + (N − df + 0.5) / (df + 0.5))``, never negative: of one
    document frequency or of an array of them."""
    return np.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))
