"""Questions asked of a built knowledge base: list, show, as-of texts, diffs, citations,
search and its evaluation. Each reads a store (and the indexes) and returns plain dicts in
the JSON shape of the public contract (README, DESIGN.md)."""

import importlib
from typing import Any

from .citations import Resolver, annotate
from .documents import document_url, list_documents, provision_text, provision_url, show
from .history import diff, text_as_of

_SEARCH = ("Filters", "QueryError", "SearchEngine")  # imported when first used: they load the indexes


def __getattr__(name: str) -> Any:
    if name not in _SEARCH:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".search", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "list_documents",
    "show",
    "text_as_of",
    "diff",
    "Resolver",
    "annotate",
    "SearchEngine",
    "Filters",
    "QueryError",
    "provision_text",
    "document_url",
    "provision_url",
]
