"""Documents and provisions as the public JSON contract (DESIGN.md), read from a store."""

from __future__ import annotations

from collections.abc import Sequence

from parser.ids import split_provision_id
from parser.records import HEADINGS
from store import Store
from store.rows import DocumentRow, ProvisionRow, ReferenceRow, SourceRow, TextNode

from .records import Citing, DocumentDetail, DocumentSummary, ProvisionDetail, ProvisionOut, ReferenceOut, Shown

__all__ = ["document_url", "provision_url", "list_documents", "show", "provision_text", "gazette_citation",
           "suggestions", "summary", "document_status_today"]


def document_url(document_id: str) -> str:
    """Site URL of a document page; stable because ids are."""
    return f"/documents/{document_id}/"


def provision_url(document_id: str, eid: str) -> str:
    return f"{document_url(document_id)}#{eid}"


def summary(doc: DocumentRow) -> DocumentSummary:
    return {
        "id": doc["id"], "type": doc["type"], "title": doc["title"], "number": doc["number"],
        "issuer": doc["issuer"], "signed": doc["signed"], "parent": doc["parent"],
        "url": document_url(doc["id"]), "level": doc["level"],
    }


def gazette_citation(source: SourceRow | None, page: int | None) -> str | None:
    """Where a text was printed, as a lawyer cites it: 《廊坊市人民政府公报》2021年第4号第12页
    (the page only for an issue read from PDF); None when the issue is not known."""
    if not source or not source.get("gazette") or source.get("year") is None or source.get("issue") is None:
        return None
    return f"《{source['gazette']}》{source['year']}年第{source['issue']}号" + (f"第{page}页" if page else "")


def list_documents(store: Store, doc_type: str | None = None, level: str | None = None) -> list[DocumentSummary]:
    """Documents in reading order, optionally of one type and of one level (效力级别)."""
    return [summary(d) for d in store.documents()
            if (doc_type is None or d["type"] == doc_type) and (level is None or d["level"] == level)]


def _display(provision: TextNode) -> str:
    return " ".join(part for part in (provision["label"], provision["heading"]) if part)


def provision_text(provisions: Sequence[TextNode] | Sequence[ProvisionRow], root_eid: str | None = None) -> str:
    """The readable text of a subtree (or of a whole document), one node a line.

    Labels stand before their text as in the gazette: 第十九条 二次供水设施… ; the
    cells of a row are joined by tabs.
    """
    if root_eid is None:
        chosen = provisions
    else:
        chosen = [p for p in provisions if p["eid"] == root_eid or p["eid"].startswith(root_eid + "__")]
    lines: list[str] = []
    pending_label = ""
    for p in chosen:
        if p["kind"] in ("table", "list"):
            continue
        if p["kind"] == "row":
            lines.append("\t".join(p["cells"]))
            continue
        if p["kind"] == "article" and not p["text"]:
            pending_label = p["label"]
            continue
        label = "" if p["kind"] == "paragraph" else _display(p)
        separator = "　" if p["kind"] in HEADINGS else ""
        if pending_label and p["kind"] == "paragraph":
            label, pending_label, separator = pending_label, "", "　"
        text = p["text"]
        lines.append(f"{label}{separator}{text}" if label and text else (label or text))
    if pending_label:
        lines.append(pending_label)
    return "\n".join(lines)


def _document_detail(store: Store, doc: DocumentRow) -> DocumentDetail:
    provisions = store.provisions(doc["id"])
    return DocumentDetail(
        **doc,
        url=document_url(doc["id"]),
        provisions=[ProvisionOut(id=p["id"], eid=p["eid"], kind=p["kind"], label=p["label"], heading=p["heading"],
                                 text=p["text"], parent=p["parent"], path=p["path"], cells=p["cells"], page=p["page"],
                                 url=provision_url(doc["id"], p["eid"])) for p in provisions],
        gazette_citation=gazette_citation(store.source(doc["source"]), doc["first_page"]),
        text=provision_text(provisions),
        references=[_reference(r) for r in store.references_from(doc["id"])],
        cited_by=[_citing(r) for r in store.cited_by(doc["id"])],
        lifecycle=store.lifecycle(doc["id"]),
        status=document_status_today(store, doc["id"]),
        timeline=store.timeline(doc["id"]),
        amendments=store.amendments(doc["id"]),
    )


def _provision_detail(store: Store, document_id: str, eid: str) -> ProvisionDetail:
    from .history import provision_versions

    provision = store.provision(f"{document_id}/{eid}")
    doc = store.document(document_id)
    provisions = store.provisions(document_id)
    text = provision_text(provisions, eid)
    return {
        "id": provision["id"],
        "eid": eid,
        "url": provision_url(document_id, eid),
        "document": {"id": doc["id"], "title": doc["title"], "number": doc["number"], "type": doc["type"],
                     "level": doc["level"]},
        "status": document_status_today(store, document_id),
        "lifecycle": store.lifecycle(document_id),
        "kind": provision["kind"],
        "label": provision["label"],
        "heading": provision["heading"],
        "path": provision["path"],
        "text": text,
        "own_text": provision["text"],
        "cells": provision["cells"],
        "children": [p["id"] for p in provisions if p["parent"] == eid],
        "references": [_reference(r) for r in store.references_from(document_id, eid)],
        "cited_by": [_citing(r) for r in store.cited_by(document_id, eid)],
        "source": {"file": doc["source"], "lines": sorted(
            n for p in provisions if p["eid"] == eid or p["eid"].startswith(eid + "__") for n in p["lines"])},
        "page": provision["page"],
        "gazette_citation": gazette_citation(store.source(doc["source"]), provision["page"]),
        "versions": provision_versions(store, document_id, eid),
    }


def document_status_today(store: Store, document_id: str) -> str:
    """The document's status today (in_force, not_yet_in_force, expired, repealed, unknown)."""
    from datetime import date

    from .history import document_status

    return document_status(store, document_id, date.today().isoformat())


def _reference(row: ReferenceRow) -> ReferenceOut:
    """A citation made in the text: where, what, and its target (or why none)."""
    target = None
    if row["target_document"]:
        target = row["target_document"] + (f"/{row['target_provision']}" if row["target_provision"] else "")
    return {"provision": f"{row['document']}/{row['provision']}", "start": row["start"], "end": row["end"],
            "text": row["text"], "kind": row["kind"], "normalized": row["normalized"], "target": target,
            "url": (provision_url(row["target_document"], row["target_provision"]) if row["target_provision"]
                    else document_url(row["target_document"]) if row["target_document"] else None),
            "resolved": row["resolved"], "reason": row["reason"]}


def _citing(row: ReferenceRow) -> Citing:
    """A citation elsewhere that points here."""
    return {"from": f"{row['document']}/{row['provision']}", "url": provision_url(row["document"], row["provision"]),
            "text": row["text"], "kind": row["kind"]}


def show(store: Store, identifier: str, as_of: str | None = None) -> Shown:
    """A document (``langfang-2021-lzz-12``) or a provision (``…/art_14__para_1``); with
    ``as_of``, also the text in force on that date."""
    from .history import text_as_of

    document_id, eid = split_provision_id(identifier)
    result: Shown
    if eid is None:
        result = {"kind": "document", "document": _document_detail(store, store.document(document_id))}
    else:
        result = {"kind": "provision", "provision": _provision_detail(store, document_id, eid)}
    if as_of is not None:
        result["as_of"] = text_as_of(store, document_id, as_of, eid)
    return result


def suggestions(store: Store, identifier: str, limit: int = 5) -> list[str]:
    """The ids of the documents (or the provisions) whose id or title is close to an
    unknown ``identifier``: what a 404 of the API and an error of the CLI suggest."""
    import difflib

    document_id, eid = split_provision_id(identifier)
    documents = store.documents()
    names = {d["id"]: d["id"] for d in documents} | {d["title"]: d["id"] for d in documents}
    close = difflib.get_close_matches(document_id, list(names), n=limit, cutoff=0.5)
    found = list(dict.fromkeys(names[c] for c in close))
    if eid is not None and document_id in names:  # a known document, an unknown eId
        eids = [p["eid"] for p in store.provisions(document_id)]
        found = [f"{document_id}/{e}" for e in difflib.get_close_matches(eid, eids, n=limit, cutoff=0.5)]
    return found
