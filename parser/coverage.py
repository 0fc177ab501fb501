"""What each line of a gazette file became: the figures ``gazette check`` prints.

Every non-blank line has exactly one role in :attr:`Gazette.layout` (a test proves it), so
the coverage adds up to the file's non-blank lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .records import Gazette

__all__ = ["Coverage", "coverage"]


@dataclass(frozen=True)
class Coverage:
    """Non-blank lines of one file by what they became."""

    documents: int  # in a document: a field (title, number, …), a provision or a table row
    page_headers: int
    front_matter: int  # masthead or 目录 before the first document
    unclassified: int  # placed nowhere (a parser bug: also a warning)

    @property
    def total(self) -> int:
        return self.documents + self.page_headers + self.front_matter + self.unclassified


def coverage(gazette: Gazette, nonblank_lines: int) -> Coverage:
    roles = Counter()
    seen: set[int] = set()
    for role in gazette.layout:
        if role.line in seen:
            continue
        seen.add(role.line)
        roles["page-header" if role.role == "page-header" else
              "front-matter" if role.role == "front-matter" else "document"] += 1
    return Coverage(roles["document"], roles["page-header"], roles["front-matter"],
                    max(0, nonblank_lines - len(seen)))
