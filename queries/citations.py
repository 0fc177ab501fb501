"""Citations over a built store: resolve a citation string, link a text, the citation graph.

Resolving takes the forms people type: with or without 《》, Chinese, Arabic or full-width
numerals (第46条, 第４６条), 第十四条第一款, 第四十条第（二）项 or 第四十条第二项, a document
number, an order number (廊坊市人民政府令〔2021〕第3号), extra spaces. Three outcomes:

* ``match``: one target (document or provision) with id, url and text;
* ``ambiguous``: several candidates, best first (a bare 第十四条 names one in every
  regulation; a title that matches none exactly but several closely);
* ``none``: no target, with the reason (an external work, no such article, …).

A national work the knowledge base does not hold (《中华人民共和国民法典》, 《物业管理条例》) is
looked up in the shipped catalogue (:mod:`parser.national`): a match whose target is
marked ``external``, checked against the work's extent, with its status on the date asked
for, and a URL when a template is configured (``GAZETTE_NATIONAL_URL``, ``{title}`` and
``{article}`` filled in).

Text from other systems writes titles without 《》: :meth:`Resolver.link` recognizes a
known title (of the knowledge base or the catalogue) right before a provision, and after
依照, 根据, … a shorter form of a title that only one document of the knowledge base holds.
"""

from __future__ import annotations

import bisect
import difflib
import html
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TypedDict
from urllib.parse import quote

from parser.citations import Citation, find_citations
from parser.grammar import ARTICLE, EDITION_NOTE, OUTLINE_LABEL
from parser.national import NationalCatalogue, NationalWork
from parser.normalize import norm_title, squeeze
from parser.numerals import to_ascii_digits
from parser.records import Document, DocType
from parser.records import Target as Target_
from parser.references import (Catalog, by_pinpoint, canonical, outline_pinpoint, provision_for, resolve_citation,
                               target_of)
from store import Store
from store.rows import ProvisionRow

from .documents import provision_text, provision_url, document_url
from .records import LinkedText, NodeSpan, Resolution, Span, Target
from .history import (NOT_IN_SOURCE, InvalidDate, check_date, made_by, period_on, provision_versions,
                      valid_until)

__all__ = ["national_reference", "Resolver", "MATCH", "AMBIGUOUS", "NONE", "annotate", "annotate_html", "link_batch", "check_base_url",
           "UnsafeURL", "BatchError"]

MATCH, AMBIGUOUS, NONE = "match", "ambiguous", "none"
_PROVISION_TAIL = re.compile(rf"^(?P<title>.+?)(?P<prov>{ARTICLE}.*)$")
_MAX_CANDIDATES = 10
#: the labels of a provision outside articles (一、（一）1.（1）①, 第二章第一节), run together after 》 (and
#: after a document number in brackets): the pinpoint of :func:`parser.references.outline_pinpoint`
_OUTLINE_TAIL = re.compile(rf"》(?:[（(][^（()）]*[〔\[][^（()）]*[）)])?(?P<chain>{OUTLINE_LABEL}+)$")


#: A title without 《》 is read after these words only, unless it is a known title as written.
_TRIGGERED = re.compile(r"(?:依照|根据|依据|按照|参照|违反|适用|执行|遵守|对照|符合)"
                        r"(?P<title>[\u4e00-\u9fff]{2,40}?(?:法|条例|办法|规定|细则|规则|决定|解释|意见|方案))$")
#: What may stand right before a title written without 《》: not a character of a longer title.
_TITLE_STARTS = re.compile(r"(?:^|[^\u4e00-\u9fff]|依照|根据|依据|按照|参照|违反|适用|执行|遵守|对照|符合|援引|"
                           r"[和与及的据即是为经对于由按并了在])$")
_NOTE_TAIL = re.compile(rf"{EDITION_NOTE}$")
_SHORTEST_TITLE = 3  # 民法典; 办法 alone is no title


def _label_form(text: str) -> str:
    """A label as labels are compared: full-width brackets and points as ASCII, no spaces."""
    return unicodedata.normalize("NFKC", text).replace(" ", "")


@dataclass
class Resolver:
    """Resolves citation strings against one store. Loads the documents once; read-only
    afterwards, so one instance can serve many threads. ``national_url``: the URL template
    of national works (empty: they are recognized and checked, not linked)."""

    store: Store
    national_url: str = ""

    def __post_init__(self) -> None:
        self.documents = self.store.load_documents()
        self.catalog = Catalog.of(self.documents)
        self.national = NationalCatalogue.load()
        self._text_cache: dict[str, list[ProvisionRow]] = {}
        known = {title: title for title in self.national.titles() if len(title) >= _SHORTEST_TITLE}
        known.update({norm_title(t): norm_title(t) for d in self.documents for t in (d.title, d.full_title)})
        self._known = known
        self._lengths = sorted({len(t) for t in known}, reverse=True)

    def title_before(self, before: str) -> tuple[int, str] | None:
        """The title without 《》 that ends ``before`` (see :func:`parser.citations.find_citations`):
        a known title as written, or after 依照/根据/… the end of one title of the knowledge base
        (二次供水管理办法: 《廊坊市城镇二次供水管理办法》, not the notice that publishes it)."""
        note = _NOTE_TAIL.search(before)
        noted = len(note.group()) if note else 0
        head = before[:len(before) - noted]
        for length in self._lengths:
            if length <= len(head) and head[-length:] in self._known:
                if not _TITLE_STARTS.search(head[:-length]):
                    break  # 北京市物业管理条例: the end of a longer title, not 《物业管理条例》
                return length + noted, self._known[head[-length:]]
        triggered = _TRIGGERED.search(head)
        if triggered:
            wanted = triggered["title"]
            holders = {d.title for d in self.documents if norm_title(d.title).endswith(wanted)}
            if len(holders) == 1:
                return len(wanted) + noted, holders.pop()
        return None

    # --- one citation string ------------------------------------------------------

    def resolve(self, query: str, as_of: str | None = None) -> Resolution:
        text = squeeze(to_ascii_digits(query)).replace(" ", "")
        if not text:
            return {"status": NONE, "query": query, "reason": "empty citation"}
        citation = self._main_citation(text)
        if citation is None:
            return {"status": NONE, "query": query, "reason": "no citation found in the text"}
        result = self._outlined(text, citation, as_of) or self._resolve_one(citation, as_of)
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

    def _outlined(self, text: str, citation: Citation, as_of: str | None) -> Resolution | None:
        """A provision outside articles named by its labels after the title (《X》四、（四）3.（7））,
        as a search hit's ``citation`` names it; None where the text is not such a citation."""
        tail = _OUTLINE_TAIL.search(text)
        if tail is None or citation.kind not in ("work", "alias") or citation.target is not None \
                or citation.end > tail.start("chain"):
            return None
        doc, _, _ = resolve_citation(citation, None, None, self.catalog)
        if doc is None:
            return None
        chain = tail["chain"]
        eids = by_pinpoint(doc, chain, _label_form)
        if not eids:
            return {"status": NONE, "reason": f"《{doc.title}》 has no provision labelled {chain}"}
        targets = [self.target(doc, eid) for eid in eids]
        if as_of:
            targets = [self._worded_on(target, doc, eid, as_of) for target, eid in zip(targets, eids, strict=True)]
        if len(targets) == 1:
            return {"status": MATCH, "target": targets[0]}
        return {"status": AMBIGUOUS, "candidates": targets[:_MAX_CANDIDATES],
                "reason": f"{chain} names {len(targets)} provisions of 《{doc.title}》: give the labels above it"}

    def _held(self, citation: Citation) -> Citation:
        """The citation under the title the knowledge base holds its work by, when it names a
        national work by another (民法典 for 中华人民共和国民法典, a text read from a national
        folder)."""
        if citation.kind in ("work", "alias") and citation.title and not self.catalog.titled(citation.title):
            work = self.national.find(citation.title)
            if work is not None and self.catalog.titled(work.title):
                return replace(citation, title=work.title)
        return citation

    def _resolve_one(self, citation: Citation, as_of: str | None) -> Resolution:
        if citation.kind == "internal" and citation.self_word is None:
            return self._everywhere(citation, as_of)
        citation = self._held(citation)
        if citation.kind in ("work", "alias") and citation.title and not self.catalog.titled(citation.title):
            work = self.national.find(citation.title)
            if work is not None:
                problem = work.problem(citation.target)
                if problem:
                    return {"status": NONE, "reason": problem, "national": work.as_json(as_of)}
                return {"status": MATCH, "target": self.national_target(work, citation, as_of)}
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

    def _worded_on(self, target: Target, doc: Document, eid: str | None, as_of: str) -> Target:
        """The target as numbered and worded on ``as_of``: that version's label, text and URL."""
        period = period_on(self.store, doc.id, as_of)
        target = Target(**target, as_of=as_of)
        if period is None or eid is None:
            return target
        version = next((v for v in provision_versions(self.store, doc.id, eid)
                        if v["valid_from"] == period["valid_from"]), None)
        target["version"] = {"valid_from": period["valid_from"], "valid_until": valid_until(period["valid_to"]),
                             **made_by(self.store, period["made_by"])}
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

    def _everywhere(self, citation: Citation, as_of: str | None) -> Resolution:
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

    def _fuzzy_title(self, citation: Citation, as_of: str | None) -> Resolution:
        wanted = norm_title(citation.title or "")
        scored = []
        for doc in self.documents:
            for title in {norm_title(doc.title), norm_title(doc.full_title)}:
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

    def national_target(self, work: NationalWork, citation: Citation, as_of: str | None) -> Target:
        """A national work (or one of its provisions) outside the knowledge base."""
        target = citation.target
        label = (target.label + (citation.sub or "")) if target is not None and target.article is not None else ""
        return {"id": f"national/{work.title}" + (f"/art_{target.article}" if label and target else ""),
                "url": work.url(self.national_url, target), "external": True,
                "document": {"id": None, "title": work.title, "number": None, "type": work.level},
                "eid": None, "label": label, "citation": f"《{work.title}》{label}",
                "national": work.as_json(as_of)}

    def _provisions(self, doc_id: str) -> list[ProvisionRow]:
        if doc_id not in self._text_cache:
            self._text_cache[doc_id] = self.store.provisions(doc_id)
        return self._text_cache[doc_id]

    def target(self, doc: Document, eid: str | None) -> Target:
        provisions = self._provisions(doc.id)
        document = {"id": doc.id, "title": doc.title, "number": doc.number.text if doc.number else None,
                    "type": doc.type.value}
        if eid is None:
            return {"id": doc.id, "url": document_url(doc.id), "document": document, "eid": None,
                    "citation": f"《{doc.title}》", "text": provision_text(provisions)[:2000]}
        label = next((p["label"] for p in provisions if p["eid"] == eid), "")
        numbered = target_of(doc, eid)
        # 《X》第N条第M款; outside articles, the labels above it too: 《X》四、（四）3.（7）
        citation = canonical(doc, numbered, "") if numbered.article is not None else \
            f"《{doc.title}》{outline_pinpoint(doc, eid)}"
        return {"id": f"{doc.id}/{eid}", "url": provision_url(doc.id, eid), "document": document, "eid": eid,
                "label": label, "citation": citation,
                "text": provision_text(provisions, eid)}

    # --- whole texts ------------------------------------------------------------

    def link(self, text: str, as_of: str | None = None) -> list[Span]:
        """Every citation in a text from elsewhere, with its span (code points, and UTF-16
        units as a browser counts) and target. ``as_of``: the citing text's date, for the
        status of national works on it."""
        spans = []
        utf16 = _Utf16(text)
        for citation in find_citations(text, self.title_before):
            doc, eid, reason = resolve_citation(self._held(citation), None, None, self.catalog)
            target = self.target(doc, eid) if doc is not None and not reason else None
            if doc is None and citation.kind in ("work", "alias") and citation.title:
                work = self.national.find(citation.title)
                if work is not None:
                    reason = work.problem(citation.target) or ""
                    target = None if reason else self.national_target(work, citation, as_of)
            span = {"start": citation.start, "end": citation.end,
                    "start_utf16": utf16.offset(citation.start), "end_utf16": utf16.offset(citation.end),
                    "text": citation.text, "kind": citation.kind, "resolved": target is not None, "reason": reason,
                    "target": {k: v for k, v in target.items() if k != "text"} if target is not None else None}
            if citation.inferred:
                span["inferred"] = citation.inferred
            if citation.note:
                span["edition"] = citation.note
            spans.append(span)
        return spans


class NationalReference(TypedDict):
    work: NationalWork
    problem: str | None  # why the provision cannot exist (None when it can)
    target: Target_ | None  # the provision it names, if any
    status_on: str  # the work's status on the day


def national_reference(cited: str, catalogue: NationalCatalogue, day: str | None = None
                       ) -> NationalReference | None:
    """For the text of a citation the knowledge base could not resolve (《中华人民共和国物权法》
    第七十条): the national work it names, its status on ``day`` (the citing text's date), and
    why the provision cannot exist if it cannot; None when the catalogue lacks the work."""
    found = [c for c in find_citations(cited) if c.kind in ("work", "alias") and c.title]
    work = catalogue.find(found[0].title) if found else None  # type: ignore[arg-type]
    if work is None:
        return None
    return {"work": work, "problem": work.problem(found[0].target), "target": found[0].target,
            "status_on": work.status_on(day)}


class _Utf16:
    """Code-point offsets to UTF-16 offsets (characters beyond the BMP count twice)."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def offset(self, index: int) -> int:
        return index + bisect.bisect_left(self._wide, index)


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


def annotate(text: str, spans: list[Span], fmt: str, base_url: str = "") -> str:
    """The text with its resolved citations as Markdown or HTML links. Every piece of the text
    is escaped for the format (HTML: entities; Markdown: entities for ``<>&"`` and backslashes
    for Markdown's own characters), so the output renders to text and links only."""
    base_url = check_base_url(base_url)
    out, last = [], 0
    for span in spans:
        out.append(_escape(text[last:span["start"]], fmt))
        piece = _escape(span["text"], fmt)
        if span["resolved"] and span["target"].get("url"):
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


#: Markup a text node is not linked inside: an existing link, scripts, styles, code.
_SKIP_INSIDE = ("a", "script", "style", "code", "pre", "textarea", "title")
_MARKUP = re.compile(r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^<>]*>)", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/)?\s*>")


def annotate_html(document: str, resolver: Resolver, base_url: str = "", as_of: str | None = None
                  ) -> tuple[str, list[NodeSpan]]:
    """An HTML text with the citations of its text nodes linked; tags, attributes and
    comments are kept as they are, text inside ``<a>``, ``<script>``, ``<style>``, … is left
    alone. A citation split by markup (《<b>…</b>》) is not seen. Returns the HTML and the
    spans (offsets into each text node's text, with ``node`` its index)."""
    check_base_url(base_url)
    out, spans, open_tags = [], [], []
    for index, piece in enumerate(_MARKUP.split(document)):
        if index % 2:  # markup
            tag = _TAG.fullmatch(piece)
            if tag and tag.group(2).lower() in _SKIP_INSIDE:
                name = tag.group(2).lower()
                if tag.group(1):
                    if name in open_tags:
                        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name)]
                elif not tag.group(3):
                    open_tags.append(name)
            out.append(piece)
            continue
        if not piece or open_tags or not piece.strip():
            out.append(piece)
            continue
        text = html.unescape(piece)
        found = resolver.link(text, as_of)
        if not any(span["resolved"] and span["target"].get("url") for span in found):
            out.append(piece)  # nothing to link: the text node as it was, entities and all
        else:
            out.append(annotate(text, found, "html", base_url))
        spans += [{**span, "node": index // 2} for span in found]
    return "".join(out), spans


class BatchError(ValueError):
    """A line of a JSON Lines batch that is not {"text": "…"}: names the line."""


def link_batch(lines: list[str], resolver: Resolver, as_of: str | None = None, source: str = "<stdin>"
               ) -> list[LinkedText]:
    """JSON Lines in (``{"id": …, "text": …, "date": …}`` per line; id and date optional),
    one result per text out, in order, each with the text's id (or its line number)."""
    import json

    results = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise BatchError(f"{source}, line {number}: not JSON ({str(error)[:80]})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise BatchError(f'{source}, line {number}: expected {{"id": …, "text": "…"}}')
        if "id" in item and (isinstance(item["id"], bool) or not isinstance(item["id"], (str, int))):
            raise BatchError(f"{source}, line {number}: the id must be a string or an integer")
        date = item.get("date", as_of)
        try:
            if "date" in item and not isinstance(date, str):  # null is not "no date": leave the key out
                raise TypeError
            date = check_date(date) if date is not None else None
        except (InvalidDate, TypeError):
            raise BatchError(f"{source}, line {number}: date must be a day as YYYY-MM-DD, not {date!r}") from None
        spans = resolver.link(item["text"], date)
        results.append({"id": item.get("id", number), "citations": spans,
                        "resolved": sum(s["resolved"] for s in spans), "total": len(spans)})
    return results
