"""A document's provisions as a tree: children, ancestors and articles by number, each map
built once per document (:attr:`parser.records.Document.tree`), so that every lookup of the
linker, the history and the site is a dictionary access, not a walk over the provisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .records import Provision

__all__ = ["ProvisionTree"]


@dataclass(frozen=True)
class ProvisionTree:
    """The provisions of one document by eId, by parent (``""`` for the top) and, for
    articles, by number; all in reading order."""

    by_eid: dict[str, Provision]
    children: dict[str, list[Provision]]
    articles: dict[int, list[Provision]]

    @classmethod
    def of(cls, provisions: Iterable[Provision]) -> ProvisionTree:
        by_eid: dict[str, Provision] = {}
        children: dict[str, list[Provision]] = {}
        articles: dict[int, list[Provision]] = {}
        for provision in provisions:
            by_eid[provision.eid] = provision
            children.setdefault(provision.parent or "", []).append(provision)
            if provision.kind == "article" and provision.number is not None:
                articles.setdefault(provision.number, []).append(provision)
        return cls(by_eid, children, articles)

    def children_of(self, eid: str | None, kind: str | None = None) -> list[Provision]:
        """The children of a provision (of the document with ``None``), of one kind if given."""
        found = self.children.get(eid or "", [])
        return [p for p in found if p.kind == kind] if kind else list(found)

    def ancestors(self, eid: str) -> list[Provision]:
        """The provision and its ancestors, innermost first."""
        chain = []
        node = self.by_eid.get(eid)
        while node is not None:
            chain.append(node)
            node = self.by_eid.get(node.parent) if node.parent else None
        return chain

    def ancestor(self, eid: str, kind: str, parent: str | None = None) -> Provision | None:
        """The nearest provision of ``kind`` from ``eid`` up (itself included); with ``parent``,
        the nearest whose parent is that provision."""
        return next((p for p in self.ancestors(eid) if p.kind == kind and (parent is None or p.parent == parent)),
                    None)

    @property
    def highest_article(self) -> int:
        return max(self.articles, default=0)
