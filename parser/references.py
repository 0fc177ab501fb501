"""Resolving citations to documents and provisions of the knowledge base.

``link_corpus(documents, history) -> list[Reference]`` finds the citations of every
provision (:mod:`parser.citations`) and resolves each:

* 本办法第N条 and a bare 第N条 -> article N of the citing document; in an amendment
  decision a bare 第N条 names the amended work's article as numbered *before* the
  decision, so it goes through the derived older text;
* 本条, 本款, 前款, 前两款, 本项, 前项, 前条, and a bare 第二款 -> relative to the citing
  provision;
* 《X》 -> the document titled X (with or without its issuer), 《X》第N条 -> its article;
  in a 政策解读, a short 《方案》 names the document it interprets;
* 廊政字〔2021〕12号 -> the document with exactly that number (a bare 〔2021〕8号 of
  another issuer is a different number); 廊坊市人民政府令〔2021〕第3号 -> that order.

What cannot be resolved stays a reference with ``resolved=False`` and a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .citations import Citation, find_citations
from .normalize import norm_title
from .history import History
from .numerals import int_to_cn
from .records import DocType, Document, Provision, Reference, Target

__all__ = ["Catalog", "document_citations", "link_corpus", "resolve_citation", "provision_for", "canonical", "target_of",
           "pinpoint", "outline_pinpoint", "by_pinpoint"]

_PREFERRED = (DocType.LAW, DocType.REGULATION, DocType.DECISION, DocType.PLAN, DocType.OPINION, DocType.MEASURES,
              DocType.NOTICE, DocType.APPROVAL, DocType.ORDER, DocType.LIST, DocType.ATTACHMENT, DocType.OTHER,
              DocType.INTERPRETATION)


@dataclass(frozen=True)
class Catalog:
    """Lookup tables over all documents, built once per build."""

    by_id: dict[str, Document]
    by_title: dict[str, list[Document]]
    by_number: dict[str, list[Document]]

    @classmethod
    def of(cls, documents: Iterable[Document]) -> Catalog:
        by_id, by_title, by_number = {}, {}, {}
        for doc in documents:
            by_id[doc.id] = doc
            for title in {norm_title(doc.title), norm_title(doc.full_title)}:
                by_title.setdefault(title, []).append(doc)
            if doc.number is not None:
                by_number.setdefault(doc.number.text, []).append(doc)
        for docs in by_title.values():
            docs.sort(key=lambda d: _PREFERRED.index(d.type))
        return cls(by_id, by_title, by_number)

    def titled(self, title: str) -> list[Document]:
        return self.by_title.get(norm_title(title), [])


def provision_for(doc: Document, target: Target) -> tuple[str | None, str]:
    """The eId a target names in a document's current text, or (None, reason)."""
    tree = doc.tree
    articles = tree.articles.get(target.article, []) if target.article is not None else []
    if target.article is not None and not articles:
        return None, f"《{doc.title}》 has no 第{int_to_cn(target.article)}条 (it has {tree.highest_article} articles)"
    node = articles[0] if articles else None
    children = tree.children
    if target.paragraph is not None and node is not None:
        paras = [c for c in children.get(node.eid, []) if c.kind == "paragraph" and c.number == target.paragraph]
        if not paras:
            return None, f"{target.label} is not in 《{doc.title}》"
        node = paras[0]
    if target.item is not None and node is not None:
        holders = [node] if node.kind == "paragraph" else [c for c in children.get(node.eid, [])
                                                            if c.kind == "paragraph"]
        items = [c for h in holders for c in children.get(h.eid, []) if c.kind == "item" and c.number == target.item]
        if not items:
            return None, f"{target.label} is not in 《{doc.title}》"
        node = items[0]
    return (node.eid, "") if node is not None else (None, "no provision named")


def _relative(doc: Document, eid: str, citation: Citation) -> tuple[str | None, str]:
    """本条, 前款, 第二款 (bare), … from the citing provision."""
    rel = citation.relative or ""
    children = doc.tree.children
    article = doc.tree.ancestor(eid, "article")
    # the article's own paragraph: a paragraph can also stand under an item (（五）…。\n前款…)
    paragraph = doc.tree.ancestor(eid, "paragraph", parent=article.eid if article is not None else None)
    item = doc.tree.ancestor(eid, "item")
    if rel in ("本条", "前条") or rel == "第款":
        if article is None:
            return None, f"{citation.text} outside an article"
        if rel == "前条":
            target = Target(article=(article.number or 0) - 1)
            return provision_for(doc, target)
        if citation.target is not None:
            return provision_for(doc, Target(article.number, citation.target.paragraph, citation.target.item))
        return article.eid, ""
    if rel in ("本款", "前款", "前两款", "前三款"):
        if paragraph is None or article is None:
            return None, f"{citation.text} outside a paragraph of an article"
        siblings = [c for c in children.get(article.eid, []) if c.kind == "paragraph"]
        index = siblings.index(paragraph)
        back = {"本款": 0, "前款": 1, "前两款": 1, "前三款": 1}[rel]
        if index - back < 0:
            return None, f"{citation.text} in the first paragraph"
        found = siblings[index - back]
        if citation.target is not None and citation.target.item is not None:  # 前款第（二）项
            items = [c for c in children.get(found.eid, []) if c.kind == "item" and c.number == citation.target.item]
            return (items[0].eid, "") if items else (None, f"{citation.text}: no such item")
        return found.eid, ""
    if rel in ("本项", "前项", "前两项", "第项"):
        holder = paragraph
        if holder is None:
            return None, f"{citation.text} outside a paragraph"
        items = [c for c in children.get(holder.eid, []) if c.kind == "item"]
        if rel == "第项":
            found = [c for c in items if c.number == (citation.target.item if citation.target else None)]
            return (found[0].eid, "") if found else (None, f"{citation.text} is not in this paragraph")
        if item is None:
            return None, f"{citation.text} outside an item"
        index = items.index(item) - (0 if rel == "本项" else 1)
        return (items[index].eid, "") if index >= 0 else (None, f"{citation.text} in the first item")
    return None, f"{citation.text}: unknown relative reference"


def canonical(doc: Document | None, target: Target | None, fallback: str) -> str:
    """《廊坊市物业管理办法》第三十一条: the citation string other systems can resolve."""
    if doc is None:
        return fallback
    return f"《{doc.title}》{target.label if target else ''}"


#: the label of a 编, 章 or 节: left out of an article's pinpoint (articles are numbered through the document)
_DIVISION_LABEL = re.compile(r"^第.+[编章节]$")
_ARTICLE_LABEL = re.compile(r"^第.+条$")


def _pinpoint_labels(labels: Iterable[str]) -> list[str]:
    labels = [label for label in labels if label]
    if any(_ARTICLE_LABEL.match(label) for label in labels):
        return [label for label in labels if not _DIVISION_LABEL.match(label)]
    return labels


def pinpoint(labels: Iterable[str]) -> str:
    """The labels of a provision and of its ancestors, outermost first, as one pinpoint:
    第三十一条第二款 (the 编, 章 and 节 above an article left out), 第二章第一节, or outside
    articles 四、（四）3.（7）; empty labels (a table row, a paragraph of a plan) left out."""
    return "".join(_pinpoint_labels(labels))


def _ancestry(doc: Document, eid: str) -> list[str]:
    """The labels of a provision and its ancestors, outermost first."""
    return [p.label for p in reversed(doc.tree.ancestors(eid))]


def outline_pinpoint(doc: Document, eid: str) -> str:
    """The pinpoint (:func:`pinpoint`) of a document's provision, by its ancestors' labels:
    the part of a citation string after 《title》 that names it where 第N条 cannot (a
    provision outside articles: 《廊坊市高质量发展引导基金设立方案》四、（四）3.（7））."""
    return pinpoint(_ancestry(doc, eid))


def by_pinpoint(doc: Document, wanted: str, normal: Callable[[str], str] = lambda text: text) -> list[str]:
    """The eIds of the provisions whose pinpoint is ``wanted`` (each label read through
    ``normal``); if none, those whose pinpoint ends with it, label by label (a （一） named
    without its 三、). In reading order; table rows, which have no labels, are left out."""
    wanted = normal(wanted)
    if not wanted:
        return []
    named = [(p.eid, [normal(label) for label in _pinpoint_labels(_ancestry(doc, p.eid))])
             for p in doc.provisions if p.label and p.kind != "row"]
    exact = [eid for eid, labels in named if "".join(labels) == wanted]
    return exact or [eid for eid, labels in named
                     if any("".join(labels[start:]) == wanted for start in range(1, len(labels)))]


def _amended_work(doc: Document, catalog: Catalog) -> Document | None:
    for relation in doc.relations:
        if relation.kind in ("republishes", "amends") and relation.target in catalog.by_id:
            return catalog.by_id[relation.target]
    return None


def _old_eid(history: History | None, work: Document, target: Target) -> str | None:
    """The identity (eId) of the provision a target names in the text before the newest
    decision: 第十八条第二款 then may be a paragraph the decision deleted."""
    if history is None:
        return None
    old = history.before_newest.get(work.id)
    if old is None:
        return None
    node = None
    for kind, number in (("article", target.article), ("paragraph", target.paragraph), ("item", target.item)):
        if number is None:
            continue
        found = [v for v in old.by_number.get((kind, number), []) if node is None or old.within(v, node.eid)]
        if not found:
            return None
        node = found[0]
    return node.eid if node is not None else None


def _interpreted(doc: Document, catalog: Catalog) -> Document | None:
    for relation in doc.relations:
        if relation.kind == "interprets":
            return catalog.by_id.get(relation.target)
    return None


def resolve_citation(citation: Citation, citing: Document | None, eid: str | None, catalog: Catalog,
                     history: History | None = None) -> tuple[Document | None, str | None, str]:
    """(target document, target eId, reason) for one citation; reason empty when resolved."""
    if citation.kind == "relative":
        if citing is None or eid is None:
            return None, None, f"{citation.text} needs the citing provision"
        target_eid, reason = _relative(citing, eid, citation)
        return (citing if target_eid else None), target_eid, reason
    if citation.kind == "internal":
        if citing is None:
            return None, None, f"{citation.text} refers to the citing document, which is not in the knowledge base"
        doc, target = citing, citation.target
        if citation.self_word is None and citing.type is DocType.DECISION and not citation.renumbered:
            work = _amended_work(citing, catalog)
            if work is not None and target is not None:
                doc = work
                old_eid = _old_eid(history, work, target)
                if old_eid is not None:  # numbering before the decision: follow the identity
                    if any(p.eid == old_eid for p in work.provisions):
                        return work, old_eid, ""
                    return work, None, f"{citation.text} (as numbered before the decision) no longer exists"
        elif citation.renumbered and citing.type is DocType.DECISION:
            doc = _amended_work(citing, catalog) or citing
        if target is None:
            return doc, None, ""
        if not any(p.kind == "article" for p in doc.provisions):
            return None, None, f"《{doc.title}》 has no articles for {citation.text}"
        target_eid, reason = provision_for(doc, target)
        return (doc if target_eid else None), target_eid, reason
    if citation.kind in ("work", "alias"):
        if citation.title is None:
            return None, None, f"defined term {citation.text}"
        docs = catalog.titled(citation.title)
        if not docs and citing is not None and len(citation.title) <= 8:
            interpreted = _interpreted(citing, catalog)
            if interpreted is not None and citation.title.strip("《》") in interpreted.title:
                docs = [interpreted]
        if not docs:
            return None, None, f"《{citation.title}》 is not in the knowledge base"
        if citation.number is not None and citation.kind == "work":  # 《X》（廊政〔2016〕90号）
            numbered = {d.id for d in catalog.by_number.get(citation.number, [])}
            docs = [d for d in docs if d.id in numbered or (d.parent or "") in numbered]
            if not docs:
                return None, None, (f"《{citation.title}》（{citation.number}） is another document than the one of "
                                    "that title in the knowledge base")
        doc = docs[0]
        if citation.target is None:
            return doc, None, ""
        if citation.sub:  # 第十条之一: an inserted article, found by its label
            label = f"第{int_to_cn(citation.target.article or 0)}条{citation.sub}"
            inserted = next((p for p in doc.provisions if p.kind == "article" and p.label == label), None)
            if inserted is None:
                return None, None, f"《{doc.title}》 has no {label}"
            return doc, inserted.eid, ""
        target_eid, reason = provision_for(doc, citation.target)
        return (doc if target_eid else None), target_eid, reason
    if citation.kind == "docno":
        docs = catalog.by_number.get(citation.number or "", [])
        if not docs:
            return None, None, f"{citation.number} is not in the knowledge base"
        return docs[0], None, ""
    if citation.kind == "order":
        numbered = (catalog.by_number.get(citation.number or "", []) if (citation.number or "").startswith("〔")
                    else [d for n, found in catalog.by_number.items() if n.endswith(citation.number or "?")
                          for d in found])  # 第1号令: any year
        docs = [d for d in numbered if d.number is not None
                and d.number.is_order and (not citation.issuer or d.issuer == citation.issuer)]
        if len(docs) > 1 and not (citation.number or "").startswith("〔"):
            return None, None, f"{citation.text} has no year: {len(docs)} orders have that number"
        if not docs:
            return None, None, f"{citation.issuer or ''}令{citation.number} is not in the knowledge base"
        return docs[0], None, ""
    return None, None, f"unknown citation kind {citation.kind}"


def document_citations(doc: Document) -> list[list[Citation]]:
    """The citations of each provision of ``doc``, in order: what :func:`link_corpus` resolves.
    A pure function of the provisions' texts, so a build may keep it per document."""
    return [find_citations(provision.text) for provision in doc.provisions]


def link_corpus(documents: Iterable[Document], history: History | None = None,
                found: Callable[[Document], list[list[Citation]]] = document_citations) -> list[Reference]:
    """Every citation of every provision, resolved against the corpus. ``found`` gives a
    document's citations (:func:`document_citations`, or what a build kept of it)."""
    documents = list(documents)
    catalog = Catalog.of(documents)
    references = []
    for doc in documents:
        for provision, citations in zip(doc.provisions, found(doc), strict=True):
            for citation in citations:
                target_doc, target_eid, reason = resolve_citation(citation, doc, provision.eid, catalog, history)
                if citation.kind in ("work", "alias", "internal") and target_doc is not None:
                    target = None
                    if target_eid:
                        target = target_of(target_doc, target_eid)
                    normalized = canonical(target_doc, target, citation.text)
                elif citation.kind == "docno" or citation.kind == "order":
                    normalized = (f"{citation.issuer}令" if citation.kind == "order" and citation.issuer else "") + (
                        citation.number or citation.text)
                elif citation.kind == "work" and citation.title:
                    normalized = f"《{citation.title}》{citation.target.label if citation.target else ''}"
                else:
                    normalized = canonical(target_doc, target_of(target_doc, target_eid) if target_doc and target_eid
                                           else None, citation.text)
                references.append(Reference(
                    id=f"{doc.id}/{provision.eid}#{citation.start}", document=doc.id, provision=provision.eid,
                    start=citation.start, end=citation.end, text=citation.text, kind=citation.kind,
                    normalized=normalized, target_document=target_doc.id if target_doc else None,
                    target_provision=target_eid, resolved=target_doc is not None and not reason, reason=reason,
                ))
    return references


def target_of(doc: Document, eid: str) -> Target:
    """The Target (numbers) of a provision, for its canonical citation string."""
    tree = doc.tree
    article = paragraph = item = None
    for node in tree.ancestors(eid):
        if node.kind == "article":
            article = node.number
        elif node.kind == "paragraph" and node.label:
            paragraph = node.number
        elif node.kind == "item":
            item = node.number
    own = tree.by_eid.get(eid)
    siblings = tree.children_of(own.parent, "paragraph") if own is not None and own.kind == "paragraph" else []
    if paragraph == 1 and len(siblings) <= 1 and item is None:
        paragraph = None  # 第三十一条, not 第三十一条第一款, when the article has one 款
    return Target(article, paragraph, item)
