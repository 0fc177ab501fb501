"""JSON Lines export: one document a line, its provisions inside, keys sorted."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from parser.ids import provision_id
from dataclasses import asdict

from parser.history import History
from parser.levels import levels
from parser.records import Document, Gazette, Reference

__all__ = ["document_record", "write_jsonl", "write_history_jsonl"]


def _reference(r: Reference) -> dict[str, object]:
    return {"text": r.text, "start": r.start, "end": r.end, "kind": r.kind, "normalized": r.normalized,
            "target": None if r.target_document is None else (
                r.target_document + (f"/{r.target_provision}" if r.target_provision else "")),
            "resolved": r.resolved, "reason": r.reason}


def document_record(doc: Document, references: dict[str, list[Reference]] | None = None) -> dict[str, object]:
    references = references or {}
    return {
        "id": doc.id,
        "type": doc.type.value,
        "genre": doc.genre,
        "title": doc.title,
        "full_title": doc.full_title,
        "issuer": doc.issuer,
        "number": None if doc.number is None else {
            "text": doc.number.text, "prefix": doc.number.prefix, "year": doc.number.year,
            "seq": doc.number.seq, "is_order": doc.number.is_order},
        "addressees": list(doc.addressees),
        "signer": doc.signer,
        "signed": doc.signed,
        "publication": doc.publication,
        "history": [{"date": e.date, "act": e.act, "event": e.event} for e in doc.history],
        "attachment_titles": list(doc.attachment_titles),
        "parent": doc.parent,
        "relations": [{"kind": r.kind, "target": r.target, "resolved": r.resolved} for r in doc.relations],
        "source": {"file": doc.source, "first_line": doc.first_line, "last_line": doc.last_line,
                   "pages": list(doc.pages) if doc.pages else None},
        "metadata": dict(doc.metadata),
        "provisions": [
            {"id": provision_id(doc.id, p.eid), "eid": p.eid, "kind": p.kind, "label": p.label,
             "number": p.number, "heading": p.heading, "text": p.text, "parent": p.parent,
             "path": list(p.path), "lines": list(p.lines), "cells": list(p.cells), "page": p.page,
             "references": [_reference(r) for r in references.get(p.eid, [])]}
            for p in doc.provisions
        ],
    }


def write_jsonl(path: Path, gazettes: Iterable[Gazette], references: Iterable[Reference] = ()) -> int:
    """Write ``documents.jsonl`` (references inside their provisions); returns the line count."""
    by_provision: dict[str, dict[str, list[Reference]]] = {}
    for reference in references:
        by_provision.setdefault(reference.document, {}).setdefault(reference.provision, []).append(reference)
    count = 0
    gazettes = list(gazettes)
    level = levels([d for g in gazettes for d in g.documents])
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for gazette in gazettes:
            for doc in gazette.documents:
                record = document_record(doc, by_provision.get(doc.id, {})) | {"level": level[doc.id].value}
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def _write_records(path: Path, records: Iterable[object]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n")  # type: ignore[call-overload]


def write_history_jsonl(folder: Path, history: History) -> None:
    """``amendments.jsonl``, ``versions.jsonl`` and ``timeline.jsonl``."""
    _write_records(folder / "amendments.jsonl", history.amendments)
    _write_records(folder / "versions.jsonl", history.versions)
    _write_records(folder / "timeline.jsonl", history.timeline)
