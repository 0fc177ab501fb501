"""Statements (who does what) in the store and in JSON Lines: one row a sentence, plus one
row per actor so that an agency's page is one indexed query."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import count
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from extract.lexicon import Lexicon
from extract.records import Entity, Statement
from parser.ids import article_eid, provision_id

from .rows import QuantityRow, StatementRow

__all__ = ["STATEMENTS_SCHEMA", "StatementRows", "statement_rows", "write_statements", "write_statements_jsonl",
           "statement_record",
           "decode_statement", "agency_slugs", "compact_json"]

STATEMENTS_SCHEMA = """
CREATE TABLE statements (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, eid TEXT NOT NULL, unit TEXT NOT NULL, idx INTEGER NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, modality TEXT NOT NULL, actors TEXT NOT NULL,
    action TEXT NOT NULL, object TEXT NOT NULL, inherited INTEGER NOT NULL, deadlines TEXT NOT NULL,
    amounts TEXT NOT NULL, entities TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE INDEX statements_by_provision ON statements(document, eid);
CREATE TABLE actors (
    statement TEXT NOT NULL REFERENCES statements(id), agency TEXT NOT NULL, text TEXT NOT NULL,
    modality TEXT NOT NULL
);
CREATE INDEX actors_by_agency ON actors(agency, modality);
CREATE TABLE agencies (name TEXT PRIMARY KEY, canonical TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL);
"""


def agency_slugs(names: Iterable[str]) -> dict[str, str]:
    """Agency name -> its slug, the last part of its site URL (``/agencies/<slug>/``).

    The name with punctuation made ``-`` (市、县（市、区）物业管理行政主管部门 ->
    市-县-市-区-物业管理行政主管部门); two names that would meet (市、县 and 市县) both take a
    hash of the name instead, so a slug depends on no other agency beyond such a clash.
    """
    base = {n: re.sub(r"[^\w]+", "-", n).strip("-") or "agency" for n in names}
    clashes = Counter(base.values())
    return {n: b if clashes[b] == 1 else f"{b}-{hashlib.sha1(n.encode()).hexdigest()[:6]}" for n, b in base.items()}


#: An entity's fields are plain values: read them directly (``dataclasses.asdict`` deep-copies
#: each one, and took two thirds of the time of writing an archive's 790,000 statements).
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity))


def _entities(entities: Iterable[Entity]) -> list[QuantityRow]:
    return [{k: v for k in _ENTITY_FIELDS if (v := getattr(e, k)) not in ("", None)} for e in entities]


def statement_record(s: Statement) -> StatementRow:
    """The statement as the store returns it (and ``statements.jsonl`` writes it)."""
    return {
        "id": s.id, "document": s.document, "eid": s.eid, "provision": provision_id(s.document, s.eid),
        "unit": provision_id(s.document, article_eid(s.eid)), "index": s.index, "start": s.start, "end": s.end,
        "text": s.text, "modality": s.modality.value, "actors": list(s.actors), "action": s.action,
        "object": s.object, "inherited": s.inherited, "deadlines": _entities(s.deadlines),
        "amounts": _entities(s.amounts), "entities": _entities(s.entities),
    }


_COMPACT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def compact_json(value: Any) -> str:
    """JSON for a column: keys sorted, no spaces, characters as they are (deterministic)."""
    if isinstance(value, list) and not value:
        return "[]"  # most columns of most statements: no deadlines, no amounts
    return _COMPACT.encode(value)


@dataclass(frozen=True)
class StatementRows:
    """Statements as the store and the export write them: each one's row (its position in
    the corpus aside), its actors' rows and its JSON line. A build keeps each document's
    (they are most of the time that writing an archive's 400,000 statements takes)."""

    rows: tuple[tuple[Any, ...], ...]
    actors: tuple[tuple[str, str, str, str], ...]
    lines: tuple[str, ...]


def statement_rows(statements: Iterable[Statement]) -> StatementRows:
    """``statements`` (any run of them: a build makes one per document) as they are written."""
    rows, actors, lines = [], [], []
    for s in statements:
        r = statement_record(s)
        rows.append((r["id"], s.document, s.eid, article_eid(s.eid), s.index, s.start, s.end, s.text, r["modality"],
                     compact_json(r["actors"]), s.action, s.object, int(s.inherited), compact_json(r["deadlines"]),
                     compact_json(r["amounts"]), compact_json(r["entities"])))
        written = {a.canonical: a.text for a in s.actor_spans}
        actors += [(r["id"], agency, written.get(agency, agency), r["modality"]) for agency in s.actors]
        lines.append(_LINE.encode(r) + "\n")
    return StatementRows(tuple(rows), tuple(actors), tuple(lines))


def write_statements(connection: sqlite3.Connection, statements: Sequence[StatementRows], lexicon: Lexicon) -> None:
    """The statements' rows, chunk after chunk (:func:`statement_rows`), numbered in that order."""
    connection.executescript(STATEMENTS_SCHEMA)
    position = count()
    connection.executemany(f"INSERT INTO statements VALUES ({','.join('?' * 17)})",
                           (row + (next(position),) for chunk in statements for row in chunk.rows))
    connection.executemany("INSERT INTO actors VALUES (?,?,?,?)", (a for chunk in statements for a in chunk.actors))
    connection.executemany("INSERT INTO agencies VALUES (?,?,?,?)",
                           [(a.name, a.canonical, a.kind, a.count) for a in lexicon.entries])


def decode_statement(row: sqlite3.Row) -> StatementRow:
    out = dict(row)
    for key in ("actors", "deadlines", "amounts", "entities"):
        out[key] = json.loads(out[key])
    out["inherited"] = bool(out["inherited"])
    out["index"] = out.pop("idx")
    out.pop("position", None)
    out["provision"] = provision_id(out["document"], out["eid"])
    out["unit"] = provision_id(out["document"], out["unit"])
    return out


#: What ``json.dumps(value, ensure_ascii=False, sort_keys=True)`` writes, with one encoder for
#: every line (``json.dumps`` with options builds an encoder per call).
_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def write_statements_jsonl(path: Path, statements: Sequence[StatementRows]) -> None:
    """``statements.jsonl``: the statements' lines, chunk after chunk (:func:`statement_rows`)."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for chunk in statements:
            out.writelines(chunk.lines)
