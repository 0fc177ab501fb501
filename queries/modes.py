"""How a search ranks (a module of its own, light to import: the CLI names the modes
without loading the indexes)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Mode"]


class Mode(StrEnum):
    """By words (keyword), by meaning (semantic), or both fused (hybrid)."""

    KEYWORD = "keyword"
    SEMANTIC = "semantic"
    HYBRID = "hybrid"
