"""The static site's own search index, bounded: past a size, titles and headings only.

MkDocs Material writes every page's text into ``search/search_index.json``, which the
browser downloads whole: 3.8 MB for one gazette issue, hundreds for an archive. Past
``SEARCH_TEXT_BUDGET`` bytes of text the index keeps each entry's title (page titles and
the headings of articles and sections) and drops the text; the site's search page then
says that its own index covers titles, and a served site searches the full text through
the API.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SEARCH_TEXT_BUDGET", "bound_search_index"]

SEARCH_TEXT_BUDGET = 16_000_000  # bytes of UTF-8 text in the index before it keeps titles only


def bound_search_index(index: dict[str, Any], budget: int = SEARCH_TEXT_BUDGET) -> dict[str, Any]:
    """The index as it is when its text fits ``budget``, else titles and headings only
    (``config.gazette_titles_only`` set, for the search page to say so)."""
    docs = index.get("docs", [])
    if sum(len(d.get("text", "").encode("utf-8")) for d in docs) <= budget:
        return index
    return {**index, "config": {**index.get("config", {}), "gazette_titles_only": True},
            "docs": [{**d, "text": ""} for d in docs]}
