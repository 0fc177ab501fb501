"""Citations over a built store: resolve a citation string, link a text, the citation graph.

Resolving takes the forms people type: with or without 《》, Chinese, Arabic or full-width
numerals (第46条, 第４６条), 第十四条第一款, 第四十条第（二）项 or 第四十条第二项, a document
number, an order number (廊坊市人民政府令〔2021〕第3号), extra spaces. Three outcomes:

* ``match``: one target (document or provision) with id, url and text;
* ``ambiguous``: several candidates, best first (a bare 第十四条 names one in every
  regulation; a title that matches none exactly but several closely);
* ``none``: no target, with the reason (an external work, no such article, …).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from parser.citations import Citation, find_citations, normalize_title
from parser.normalize import squeeze
from parser.numerals import NUMBER, to_ascii_digits
from parser.records import Document, DocType
from parser.references import Catalog, canonical, provision_for, resolve_citation, target_of
from store import Store

from .documents import provision_text, provision_url, document_url
from .history import NOT_IN_SOURCE, period_on, provision_versions

__all__ = ["Resolver", "MATCH", "AMBIGUOUS", "NONE", "annotate", "check_base_url", "UnsafeURL"]

MATCH, AMBIGUOUS, NONE = "match", "ambiguous", "none"
_PROVISION_TAIL = re.compile(rf"^(?P<title>.+?)(?P<prov>第{NUMBER}条.*)$")
_MAX_CANDIDATES = 10


@dataclass
class Resolver:
    """Resolves citation strings against one store. Loads the documents once; read-only
    afterwards, so one instance can serve many threads."""

    store: Store

    def __post_init__(self) -> None:
        self.documents = self.store.load_documents()
        self.catalog = Catalog.of(self.documents)
        self._text_cache: dict[str, list[dict[str, Any]]] = {}

    # --- one citation string ------------------------------------------------------

    def resolve(self, query: str, as_of: str | None = None) -> dict[str, Any]:
        text = squeeze(to_ascii_digits(query)).replace(" ", "")
        if not text:
            return {"status": NONE, "query": query, "reason": "empty citation"}
        citation = self._main_citation(text)
        if citation is None:
            return {"status": NONE, "query": query, "reason": "no citation found in the text"}
        result = self._resolve_one(citation, as_of)
        result["query"] = query
        result["citation"] = {"kind": citation.kind, "text": citation.text}
        return result

    def _main_citation(self, text: str) -> Citation | None:
        found = find_citations(text)
        if not found or (len(found) == 1 and found[0].kind == "internal" and not text.startswith(("第", "本"))):
            tail = _PROVISION_TAIL.match(text)  # 廊坊市物业管理办法第46条: a title without 《》
            if tail and not tail["title"].startswith("《"):
                found = find_citations(f"《{tail['title']}》{tail['prov']}")
            elif not found:
                found = find_citations(f"《{text}》")
        if not found:
            return None
        return max(found, key=lambda c: (c.end - c.start, -c.start))

    def _resolve_one(self, citation: Citation, as_of: str | None) -> dict[str, Any]:
        if citation.kind == "internal" and citation.self_word is None:
            return self._everywhere(citation, as_of)
        if citation.kind in ("work", "alias") and citation.title and not self.catalog.titled(citation.title):
            return self._fuzzy_title(citation, as_of)
        doc, eid, reason = resolve_citation(citation, None, None, self.catalog)
        if doc is None:
            return {"status": NONE, "reason": reason}
        if as_of and citation.target is not None:
            doc_eid = self._as_of(doc, citation, as_of)
            if isinstance(doc_eid, str) and doc_eid.startswith("!"):
                return {"status": NONE, "reason": doc_eid[1:]}
            eid = doc_eid or eid
        if reason:
            return {"status": NONE, "reason": reason}
        target = self.target(doc, eid)
        if as_of:
            target = self._worded_on(target, doc, eid, as_of)
        return {"status": MATCH, "target": target}

    def _worded_on(self, target: dict[str, Any], doc: Document, eid: str | None, as_of: str) -> dict[str, Any]:
        """The target as numbered and worded on ``as_of``: that version's label, text and URL."""
        period = period_on(self.store, doc.id, as_of)
        target = {**target, "as_of": as_of}
        if period is None or eid is None:
            return target
        version = next((v for v in provision_versions(self.store, doc.id, eid)
                        if v["valid_from"] == period["valid_from"]), None)
        target["version"] = {"valid_from": period["valid_from"], "valid_to": period["valid_to"],
                             "made_by": period["made_by"]}
        if version is not None and period["valid_to"] is not None:  # an earlier text, not today's
            target.update(label=version["label"], url=version["url"],
                          text=version["text"] if version["text"] is not None else NOT_IN_SOURCE)
            target["citation"] = f"《{doc.title}》（{period['valid_from']}起施行的文本）{version['label']}"
        return target

    def _as_of(self, doc: Document, citation: Citation, as_of: str) -> str | None:
        """The identity of the article numbered N on that date (numbering may have moved)."""
        period = period_on(self.store, doc.id, as_of)
        if period is None or citation.target is None or citation.target.article is None:
            return None
        rows = self.store.snapshot(doc.id, period["period"])
        articles = [r for r in rows if r["kind"] == "article" and r["number"] == citation.target.article]
        if not articles:
            return f"!《{doc.title}》 had no 第{citation.target.article}条 on {as_of}"
        eid = articles[0]["eid"]
        if not any(p.eid == eid for p in doc.provisions):
            return f"!第{citation.target.article}条 of {as_of} is not in the current text of 《{doc.title}》"
        return eid

    def _everywhere(self, citation: Citation, as_of: str | None) -> dict[str, Any]:
        """A bare 第十四条: every document that has it, regulations first."""
        candidates = []
        for doc in sorted(self.documents, key=lambda d: _rank(d)):
            if not any(p.kind == "article" for p in doc.provisions) or citation.target is None:
                continue
            eid, _ = provision_for(doc, citation.target)
            if eid:
                candidates.append(self.target(doc, eid))
        if not candidates:
            return {"status": NONE, "reason": f"no document in the knowledge base has {citation.text}"}
        if len(candidates) == 1:
            return {"status": MATCH, "target": candidates[0]}
        return {"status": AMBIGUOUS, "candidates": candidates[:_MAX_CANDIDATES],
                "reason": f"{citation.text} without a title names a provision of {len(candidates)} documents"}

    def _fuzzy_title(self, citation: Citation, as_of: str | None) -> dict[str, Any]:
        wanted = normalize_title(citation.title or "")
        scored = []
        for doc in self.documents:
            for title in {normalize_title(doc.title), normalize_title(doc.full_title)}:
                score = difflib.SequenceMatcher(None, wanted, title, autojunk=False).ratio()
                if wanted in title or title in wanted:
                    score = max(score, 0.8)
                scored.append((score, doc))
        best: dict[str, tuple[float, Document]] = {}
        for score, doc in scored:
            if score >= 0.6 and score > best.get(doc.id, (0.0, doc))[0]:
                best[doc.id] = (score, doc)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], _rank(pair[1])))
        if not ranked:
            return {"status": NONE, "reason": f"《{citation.title}》 is not in the knowledge base"}
        targets = []
        for score, doc in ranked[:_MAX_CANDIDATES]:
            eid = None
            if citation.target is not None:
                eid, _ = provision_for(doc, citation.target)
                if eid is None:
                    continue
            target = self.target(doc, eid)
            target["score"] = round(score, 3)
            targets.append(target)
        if not targets:
            return {"status": NONE, "reason": f"no document close to 《{citation.title}》 has {citation.target.label}"}
        if len(targets) == 1 and targets[0]["score"] >= 0.8:
            return {"status": MATCH, "target": targets[0],
                    "note": f"no document is titled exactly 《{citation.title}》; the one close title is taken"}
        return {"status": AMBIGUOUS, "candidates": targets,
                "reason": f"no document is titled exactly 《{citation.title}》; closest first"}

    # --- targets ----------------------------------------------------------------

    def _provisions(self, doc_id: str) -> list[dict[str, Any]]:
        if doc_id not in self._text_cache:
            self._text_cache[doc_id] = self.store.provisions(doc_id)
        return self._text_cache[doc_id]

    def target(self, doc: Document, eid: str | None) -> dict[str, Any]:
        provisions = self._provisions(doc.id)
        document = {"id": doc.id, "title": doc.title, "number": doc.number.text if doc.number else None,
                    "type": doc.type.value}
        if eid is None:
            return {"id": doc.id, "url": document_url(doc.id), "document": document, "eid": None,
                    "citation": f"《{doc.title}》", "text": provision_text(provisions)[:2000]}
        label = next((p["label"] for p in provisions if p["eid"] == eid), "")
        return {"id": f"{doc.id}/{eid}", "url": provision_url(doc.id, eid), "document": document, "eid": eid,
                "label": label, "citation": canonical(doc, target_of(doc, eid), ""),
                "text": provision_text(provisions, eid)}

    # --- whole texts ------------------------------------------------------------

    def link(self, text: str) -> list[dict[str, Any]]:
        """Every citation in a text from elsewhere, with its span and target."""
        spans = []
        for citation in find_citations(text):
            doc, eid, reason = resolve_citation(citation, None, None, self.catalog)
            spans.append({
                "start": citation.start, "end": citation.end, "text": citation.text, "kind": citation.kind,
                "resolved": doc is not None and not reason, "reason": reason,
                "target": self.target(doc, eid) if doc is not None and not reason else None,
            })
        for span in spans:
            if span["target"] is not None:
                span["target"] = {k: v for k, v in span["target"].items() if k != "text"}
        return spans


def _rank(doc: Document) -> tuple[int, str]:
    order = [DocType.LAW, DocType.REGULATION, DocType.DECISION, DocType.ATTACHMENT]
    return (order.index(doc.type) if doc.type in order else len(order), doc.id)


class UnsafeURL(ValueError):
    """A link prefix that is neither relative nor http(s)."""


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_base_url(base_url: str) -> str:
    """``base_url`` when it is relative (``/kb/``, ``../``, empty) or http(s); else
    :class:`UnsafeURL`. Browsers ignore tabs, line breaks and leading blanks in a scheme, so
    ``java\tscript:`` counts as ``javascript:``."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", base_url)
    scheme = _SCHEME.match(cleaned)
    if scheme and scheme.group(0).lower() not in ("http:", "https:"):
        raise UnsafeURL(f"links may only start with http://, https:// or a relative path, not {scheme.group(0)!r}")
    if cleaned != base_url:
        raise UnsafeURL("link prefixes may not contain blanks or control characters")
    return base_url


def annotate(text: str, spans: list[dict[str, Any]], fmt: str, base_url: str = "") -> str:
    """The text with its resolved citations as Markdown or HTML links. Every piece of the text
    is escaped for the format (HTML: entities; Markdown: entities for ``<>&"`` and backslashes
    for Markdown's own characters), so the output renders to text and links only."""
    base_url = check_base_url(base_url)
    out, last = [], 0
    for span in spans:
        out.append(_escape(text[last:span["start"]], fmt))
        piece = _escape(span["text"], fmt)
        if span["resolved"]:
            url = quote(_join(base_url, span["target"]["url"]), safe=_URL_SAFE)
            piece = (f'<a href="{html.escape(url)}">{piece}</a>' if fmt == "html" else f"[{piece}]({url})")
        out.append(piece)
        last = span["end"]
    out.append(_escape(text[last:], fmt))
    return "".join(out)


_URL_SAFE = ":/?#=&%~.-_+@!$,;"


def _join(base_url: str, path: str) -> str:
    """https://kb.example/ + /documents/x/ -> https://kb.example/documents/x/ (one slash)."""
    return base_url.rstrip("/") + path if base_url and path.startswith("/") else base_url + path
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def _escape(text: str, fmt: str) -> str:
    if fmt == "html":
        return html.escape(text)
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=True)
