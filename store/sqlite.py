"""SQLite store: documents, provisions, sources with content hashes, line layout."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parser.errors import GazetteError

from .rows import (AgencyRow, AmendmentRow, DocumentRow, ExternalWorkRow, FineRow, LayoutRow, LifecycleRow,
                   PeriodRow, ProvisionRow, ReferenceRow, RepealRow, SourceRow, StatementRow, TimelineRow, VersionRow,
                   WarningRow)
from .statements import StatementRows, agency_slugs, compact_json, decode_statement, write_statements
from parser.ids import provision_id
from parser.history import History
from parser.levels import levels
from extract.lexicon import Lexicon, function_of
from parser.records import (
    DocNumber,
    DocType,
    Document,
    Gazette,
    HistoryEvent,
    Lifecycle,
    Provision,
    Reference,
    Relation,
    Repeal,
    Target,
)

__all__ = ["STORE_NAME", "SCHEMA_VERSION", "SCHEMA", "SourceInfo", "Store", "write_store", "DocumentNotFound",
           "ProvisionNotFound"]

STORE_NAME = "gazette.sqlite"  # the store's file name in a build folder
SCHEMA_VERSION = "4"  # 3: pages of documents and provisions, a page's metadata, an issue's serial number; 4: level

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, encoding TEXT NOT NULL, lines INTEGER NOT NULL,
    gazette TEXT NOT NULL, year INTEGER, issue INTEGER, serial INTEGER
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, type TEXT NOT NULL, genre TEXT NOT NULL,
    title TEXT NOT NULL, full_title TEXT NOT NULL, issuer TEXT NOT NULL,
    number TEXT, number_prefix TEXT, number_year INTEGER, number_seq INTEGER, is_order INTEGER,
    signed TEXT, signer TEXT NOT NULL, publication TEXT NOT NULL, addressees TEXT NOT NULL,
    history TEXT NOT NULL, history_text TEXT NOT NULL, attachment_titles TEXT NOT NULL,
    parent TEXT REFERENCES documents(id), relations TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES sources(path), first_line INTEGER NOT NULL, last_line INTEGER NOT NULL,
    fields TEXT NOT NULL, first_page INTEGER, last_page INTEGER, metadata TEXT NOT NULL,
    level TEXT NOT NULL  -- 效力级别 (parser.levels)
);
CREATE TABLE provisions (
    id TEXT PRIMARY KEY, document TEXT NOT NULL REFERENCES documents(id), eid TEXT NOT NULL,
    position INTEGER NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, number INTEGER,
    heading TEXT NOT NULL, text TEXT NOT NULL, parent TEXT, path TEXT NOT NULL,
    lines TEXT NOT NULL, cells TEXT NOT NULL, page INTEGER
);
CREATE INDEX provisions_by_document ON provisions(document, position);
CREATE TABLE layout (
    source TEXT NOT NULL, line INTEGER NOT NULL, document TEXT NOT NULL, role TEXT NOT NULL,
    target TEXT NOT NULL, PRIMARY KEY (source, line, document, role, target)
);
CREATE TABLE warnings (source TEXT NOT NULL, line INTEGER NOT NULL, message TEXT NOT NULL);
CREATE TABLE amendments (
    id TEXT PRIMARY KEY, decision TEXT NOT NULL, work_title TEXT NOT NULL, work TEXT, op TEXT NOT NULL,
    level TEXT NOT NULL, target TEXT NOT NULL, target_label TEXT NOT NULL, destination TEXT,
    old TEXT, new TEXT, adopted TEXT, in_force TEXT, applied INTEGER NOT NULL, note TEXT NOT NULL,
    source TEXT NOT NULL, line INTEGER NOT NULL, provisions TEXT NOT NULL
);
CREATE TABLE versions (
    work TEXT NOT NULL, period INTEGER NOT NULL, position INTEGER NOT NULL, eid TEXT NOT NULL,
    kind TEXT NOT NULL, label TEXT NOT NULL, heading TEXT NOT NULL, number INTEGER, parent TEXT,
    valid_from TEXT, valid_to TEXT, text TEXT, status TEXT NOT NULL, made_by TEXT NOT NULL,
    PRIMARY KEY (work, period, position)
);
CREATE INDEX versions_by_eid ON versions(work, eid);
CREATE TABLE timeline (
    work TEXT NOT NULL, date TEXT NOT NULL, event TEXT NOT NULL, act TEXT NOT NULL, act_id TEXT,
    operations_in_corpus INTEGER NOT NULL
);
CREATE TABLE lifecycle (
    document TEXT PRIMARY KEY, effective TEXT, effective_text TEXT NOT NULL, expires TEXT,
    repealed TEXT, repealed_by TEXT
);
CREATE TABLE refs (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, provision TEXT NOT NULL, start INTEGER NOT NULL,
    end INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL, normalized TEXT NOT NULL,
    target_document TEXT, target_provision TEXT, resolved INTEGER NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX refs_by_target ON refs(target_document, target_provision);
CREATE INDEX refs_by_source ON refs(document, provision);
CREATE TABLE repeals (
    title TEXT NOT NULL, number TEXT NOT NULL, target TEXT, repealed_by TEXT NOT NULL, date TEXT,
    source TEXT NOT NULL, line INTEGER NOT NULL
);
"""


class DocumentNotFound(GazetteError, KeyError):
    def __init__(self, document_id: str) -> None:
        self.document_id = document_id
        super().__init__(f"no document with id {document_id!r}")

    def __str__(self) -> str:
        return self.args[0]


class ProvisionNotFound(GazetteError, KeyError):
    def __init__(self, provision: str) -> None:
        self.provision = provision
        super().__init__(f"no provision with id {provision!r}")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class SourceInfo:
    path: str
    sha256: str
    encoding: str
    lines: int


def _document_row(position: int, doc: Document, level: str) -> tuple[Any, ...]:
    number = doc.number
    return (
        doc.id, position, doc.type.value, doc.genre, doc.title, doc.full_title, doc.issuer,
        number.text if number else None, number.prefix if number else None,
        number.year if number else None, number.seq if number else None,
        int(number.is_order) if number else None,
        doc.signed, doc.signer, doc.publication, compact_json(list(doc.addressees)),
        compact_json([[e.date, e.act, e.event] for e in doc.history]), doc.history_text,
        compact_json(list(doc.attachment_titles)), doc.parent,
        compact_json([[r.kind, r.target, r.resolved] for r in doc.relations]),
        doc.source, doc.first_line, doc.last_line, compact_json([[k, list(v)] for k, v in doc.fields]),
        doc.pages[0] if doc.pages else None, doc.pages[1] if doc.pages else None,
        compact_json([list(pair) for pair in doc.metadata]), level,
    )


def _target(target: Target | None) -> str | None:
    return None if target is None else compact_json([target.article, target.paragraph, target.item, target.point])


def _write_history(connection: sqlite3.Connection, history: History, lifecycle: Iterable[Lifecycle],
                   repeals: Iterable[Repeal]) -> None:
    connection.executemany(f"INSERT INTO amendments VALUES ({','.join('?' * 18)})", [
        (a.id, a.decision, a.work_title, a.work, a.op, a.level, _target(a.target), a.target.label,
         _target(a.destination), a.old, a.new, a.adopted, a.in_force, int(a.applied), a.note, a.source, a.line,
         compact_json(list(a.provisions)))
        for a in history.amendments])
    connection.executemany(f"INSERT INTO versions VALUES ({','.join('?' * 14)})", [
        (v.work, v.period, v.position, v.eid, v.kind, v.label, v.heading, v.number, v.parent, v.valid_from,
         v.valid_to, v.text, v.status, v.made_by) for v in history.versions])
    connection.executemany("INSERT INTO timeline VALUES (?,?,?,?,?,?)", [
        (e.work, e.date, e.event, e.act, e.act_id, int(e.operations_in_corpus)) for e in history.timeline])
    connection.executemany("INSERT INTO lifecycle VALUES (?,?,?,?,?,?)", [
        (x.document, x.effective, x.effective_text, x.expires, x.repealed, x.repealed_by) for x in lifecycle])
    connection.executemany("INSERT INTO repeals VALUES (?,?,?,?,?,?,?)", [
        (r.title, r.number, r.target, r.repealed_by, r.date, r.source, r.line) for r in repeals])
    connection.executemany("INSERT INTO warnings VALUES (?,?,?)",
                           [(w.source, w.line, w.message) for w in history.warnings])


def write_store(path: Path, gazettes: Iterable[Gazette], sources: Iterable[SourceInfo], history: History,
                lifecycle: Iterable[Lifecycle], repeals: Iterable[Repeal], references: Iterable[Reference],
                statements: Sequence[StatementRows] = (), lexicon: Lexicon | None = None) -> None:
    """Write a new store at ``path`` (which must not exist yet); the statements as rows
    (:func:`store.statements.statement_rows`, in chunks: a build keeps each document's)."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        by_path = {s.path: s for s in sources}
        gazettes = list(gazettes)
        level = levels([d for g in gazettes for d in g.documents])
        position = 0
        for gazette in gazettes:
            info = by_path[gazette.source]
            connection.execute("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?)", (
                info.path, info.sha256, info.encoding, info.lines, gazette.title, gazette.year, gazette.issue,
                gazette.serial))
            for doc in gazette.documents:
                connection.execute(f"INSERT INTO documents VALUES ({','.join('?' * 29)})",
                                   _document_row(position, doc, level[doc.id].value))
                position += 1
                connection.executemany(
                    "INSERT INTO provisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(provision_id(doc.id, p.eid), doc.id, p.eid, p.position, p.kind, p.label, p.number,
                      p.heading, p.text, p.parent, compact_json(list(p.path)), compact_json(list(p.lines)),
                      compact_json(list(p.cells)), p.page) for p in doc.provisions],
                )
            connection.executemany("INSERT INTO layout VALUES (?,?,?,?,?)",
                                   [(gazette.source, r.line, r.document, r.role, r.target) for r in gazette.layout])
            connection.executemany("INSERT INTO warnings VALUES (?,?,?)",
                                   [(w.source, w.line, w.message) for w in gazette.warnings])
        _write_history(connection, history, lifecycle, repeals)
        connection.executemany(f"INSERT INTO refs VALUES ({','.join('?' * 12)})", [
            (r.id, r.document, r.provision, r.start, r.end, r.text, r.kind, r.normalized, r.target_document,
             r.target_provision, int(r.resolved), r.reason) for r in references])
        write_statements(connection, statements, lexicon or Lexicon(()))
        connection.commit()
    finally:
        connection.close()


def _within(eid: str, ancestor: str) -> bool:
    return eid == ancestor or eid.startswith(ancestor + "__")


def _decode_document(row: sqlite3.Row) -> DocumentRow:
    doc = dict(row)
    for key in ("addressees", "history", "attachment_titles", "relations", "fields", "metadata"):
        doc[key] = json.loads(doc[key])
    doc["history"] = [dict(zip(("date", "act", "event"), e)) for e in doc["history"]]
    doc["relations"] = [dict(zip(("kind", "target", "resolved"), r)) for r in doc["relations"]]
    doc["fields"] = {k: v for k, v in doc["fields"]}
    doc["metadata"] = {k: v for k, v in doc["metadata"]}
    doc["is_order"] = bool(doc["is_order"]) if doc["is_order"] is not None else None
    return doc


def _decode_provision(row: sqlite3.Row) -> ProvisionRow:
    provision = dict(row)
    for key in ("path", "lines", "cells"):
        provision[key] = json.loads(provision[key])
    return provision


class Store:
    """Read access to a built store. Opens read-only; safe to share across threads."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise GazetteError(f"no knowledge base at {path}: run `gazette build` first")
        self.path = path
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._connection.row_factory = sqlite3.Row
        self._lock = threading.Lock()  # one statement at a time on the shared connection

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self._rows("SELECT key, value FROM meta")}

    def sources(self) -> list[SourceRow]:
        return [dict(row) for row in self._rows("SELECT * FROM sources ORDER BY path")]

    def source(self, path: str) -> SourceRow | None:
        rows = self._rows("SELECT * FROM sources WHERE path = ?", (path,))
        return dict(rows[0]) if rows else None

    def documents(self) -> list[DocumentRow]:
        return [_decode_document(row) for row in self._rows("SELECT * FROM documents ORDER BY position")]

    def document(self, document_id: str) -> DocumentRow:
        rows = self._rows("SELECT * FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise DocumentNotFound(document_id)
        return _decode_document(rows[0])

    def provisions(self, document_id: str) -> list[ProvisionRow]:
        return [_decode_provision(row) for row in self._rows(
            "SELECT * FROM provisions WHERE document = ? ORDER BY position", (document_id,))]

    def provision(self, provision: str) -> ProvisionRow:
        rows = self._rows("SELECT * FROM provisions WHERE id = ?", (provision,))
        if not rows:
            raise ProvisionNotFound(provision)
        return _decode_provision(rows[0])

    def all_provisions(self) -> Iterator[ProvisionRow]:
        yield from (_decode_provision(row) for row in self._rows("SELECT * FROM provisions ORDER BY document, position"))

    def layout(self, source: str) -> list[LayoutRow]:
        return [dict(row) for row in self._rows(
            "SELECT * FROM layout WHERE source = ? ORDER BY line, document, role, target", (source,))]

    def warnings(self) -> list[WarningRow]:
        return [dict(row) for row in self._rows("SELECT * FROM warnings ORDER BY source, line")]

    # --- history ----------------------------------------------------------------

    def amendments(self, work: str | None = None) -> list[AmendmentRow]:
        sql = "SELECT * FROM amendments" + (" WHERE work = ? OR decision = ?" if work else "") + " ORDER BY id"
        rows = [dict(r) for r in self._rows(sql, (work, work) if work else ())]
        for row in rows:
            row["applied"] = bool(row["applied"])
            row["target"] = json.loads(row["target"])
            row["destination"] = json.loads(row["destination"]) if row["destination"] else None
            row["provisions"] = json.loads(row["provisions"])
        return rows

    def periods(self, work: str) -> list[PeriodRow]:
        """The version periods of a work, newest first: period, valid_from, valid_to, made_by."""
        return [dict(r) for r in self._rows(
            "SELECT DISTINCT period, valid_from, valid_to, made_by FROM versions WHERE work = ? ORDER BY period",
            (work,))]

    def versions(self, work: str) -> list[VersionRow]:
        return [dict(r) for r in self._rows(
            "SELECT * FROM versions WHERE work = ? ORDER BY period, position", (work,))]

    def snapshot(self, work: str, period: int) -> list[VersionRow]:
        return [dict(r) for r in self._rows(
            "SELECT * FROM versions WHERE work = ? AND period = ? ORDER BY position", (work, period))]

    def versions_of(self, work: str, eid: str) -> list[VersionRow]:
        return [dict(r) for r in self._rows(
            "SELECT * FROM versions WHERE work = ? AND eid = ? ORDER BY period", (work, eid))]

    def timeline(self, work: str) -> list[TimelineRow]:
        rows = [dict(r) for r in self._rows("SELECT * FROM timeline WHERE work = ? ORDER BY date", (work,))]
        for row in rows:
            row["operations_in_corpus"] = bool(row["operations_in_corpus"])
        return rows

    def lifecycle(self, document: str) -> LifecycleRow | None:
        rows = self._rows("SELECT * FROM lifecycle WHERE document = ?", (document,))
        return dict(rows[0]) if rows else None

    def repeals(self) -> list[RepealRow]:
        return [dict(r) for r in self._rows("SELECT * FROM repeals ORDER BY source, line")]

    # --- references -------------------------------------------------------------

    @staticmethod
    def _refs(rows: list[sqlite3.Row]) -> list[ReferenceRow]:
        out = [dict(r) for r in rows]
        for row in out:
            row["resolved"] = bool(row["resolved"])
        return out

    def references_from(self, document: str, provision: str | None = None) -> list[ReferenceRow]:
        """Citations made in a document, or in one provision's subtree."""
        rows = self._refs(self._rows("SELECT * FROM refs WHERE document = ? ORDER BY provision, start",
                                     (document,)))
        return [r for r in rows if provision is None or _within(r["provision"], provision)]

    def cited_by(self, document: str, provision: str | None = None) -> list[ReferenceRow]:
        """Citations from elsewhere that point at a document, or at one provision's subtree."""
        rows = self._refs(self._rows(
            "SELECT * FROM refs WHERE target_document = ? ORDER BY document, provision, start", (document,)))
        if provision is None:
            return [r for r in rows if r["document"] != document]
        return [r for r in rows if r["target_provision"] and _within(r["target_provision"], provision)
                and not (r["document"] == document and _within(r["provision"], provision))]

    def all_references(self) -> list[ReferenceRow]:
        return self._refs(self._rows("SELECT * FROM refs ORDER BY document, provision, start"))

    def external_works(self) -> list[ExternalWorkRow]:
        """Works and numbers cited but not in the knowledge base, most cited first."""
        rows = self._rows(
            "SELECT normalized, kind, COUNT(*) AS citations, COUNT(DISTINCT document) AS documents, "
            "MIN(document || '/' || provision) AS first_citing FROM refs "
            "WHERE NOT resolved AND kind IN ('work', 'docno', 'order') AND target_document IS NULL "
            "GROUP BY normalized, kind ORDER BY citations DESC, normalized")
        return [dict(r) for r in rows]

    # --- statements (who does what) ----------------------------------------------

    def statements(self, document: str, eid: str | None = None) -> list[StatementRow]:
        """The statements of a document, or of one provision's subtree, in reading order (a
        subtree read by its range of eIds: ``eid`` and those under it, ``eid__…``)."""
        if eid is None:
            rows = self._rows("SELECT * FROM statements WHERE document = ? ORDER BY position", (document,))
        else:
            rows = self._rows("SELECT * FROM statements WHERE document = ? AND (eid = ? OR (eid >= ? AND eid < ?)) "
                              "ORDER BY position", (document, eid, eid + "__", eid + "_`"))  # '`' follows '_'
        return [decode_statement(r) for r in rows]

    def statements_of_units(self, units: list[str]) -> dict[str, list[StatementRow]]:
        """Search unit id (document/eid) -> its statements."""
        out: dict[str, list[StatementRow]] = {u: [] for u in units}
        pairs = [u.split("/", 1) for u in units if "/" in u]
        for document, unit in pairs:
            for row in self._rows("SELECT * FROM statements WHERE document = ? AND unit = ? ORDER BY position",
                                  (document, unit.split("@", 1)[0])):
                out[f"{document}/{unit}"].append(decode_statement(row))
        return out

    def agencies(self) -> list[AgencyRow]:
        """Each canonical agency that holds a statement: kind, names written, counts by modality,
        the slug of its site page, and for a department its function at every level
        (市物业管理行政主管部门 -> 物业管理行政主管部门; :func:`extract.lexicon.function_of`)."""
        kinds = {r["canonical"]: r["kind"] for r in self._rows("SELECT canonical, kind FROM agencies")}
        rows = self._rows("SELECT agency, modality, COUNT(*) AS n FROM actors GROUP BY agency, modality")
        names = self._rows("SELECT DISTINCT agency, text FROM actors ORDER BY agency, text")
        out: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = out.setdefault(row["agency"], {"agency": row["agency"], "kind": kinds.get(row["agency"], "party"),
                                                   "names": [], "counts": {}, "statements": 0})
            entry["counts"][row["modality"]] = row["n"]
            entry["statements"] += row["n"]
        for row in names:
            out[row["agency"]]["names"].append(row["text"])
        for agency, slug in agency_slugs(out).items():
            out[agency]["slug"] = slug
            out[agency]["function"] = function_of(agency) if out[agency]["kind"] == "government" else None
        return sorted(out.values(), key=lambda e: (-e["statements"], e["agency"]))

    def agency_kinds(self) -> dict[str, str]:
        """Canonical agency -> its kind: government, body, party or noise."""
        return {r["canonical"]: r["kind"] for r in self._rows("SELECT DISTINCT canonical, kind FROM agencies")}

    def canonical_agency(self, name: str) -> str:
        """The canonical name of any spelling (市卫健委) or of a site slug (市-县-市-区-…)."""
        name = name.strip()
        rows = self._rows("SELECT canonical FROM agencies WHERE name = ?", (name,))
        if rows:
            return rows[0]["canonical"]
        return next((a["agency"] for a in self.agencies() if a["slug"] == name), name)

    def statements_by_agency(self, agency: str, modality: str | None = None) -> list[StatementRow]:
        sql = ("SELECT s.* FROM statements s JOIN actors a ON a.statement = s.id WHERE a.agency = ?"
               + (" AND a.modality = ?" if modality else "") + " ORDER BY s.document, s.position")
        return [decode_statement(r) for r in self._rows(sql, (agency, modality) if modality else (agency,))]

    def statements_by_modality(self, modality: str) -> list[StatementRow]:
        return [decode_statement(r) for r in self._rows(
            "SELECT * FROM statements WHERE modality = ? ORDER BY document, position", (modality,))]

    def fines(self) -> list[FineRow]:
        """Every statement with a fine, the fines as numbers, highest maximum first."""
        out = []
        for row in self._rows("SELECT * FROM statements WHERE amounts LIKE '%\"FINE\"%' ORDER BY document, position"):
            statement = decode_statement(row)
            for fine in (a for a in statement["amounts"] if a["label"] == "FINE"):
                out.append({"low": fine["low"], "high": fine["high"], "unit": fine.get("unit", "yuan"),
                            "text": fine["text"], "statement": statement})
        return sorted(out, key=lambda f: (-f["high"], -f["low"], f["statement"]["id"]))

    # --- records ----------------------------------------------------------------

    def load_documents(self) -> list[Document]:
        """The documents as parser records (for resolving citations against the store)."""
        provisions: dict[str, list[Provision]] = {}
        for row in self._rows("SELECT * FROM provisions ORDER BY document, position"):
            provisions.setdefault(row["document"], []).append(Provision(
                eid=row["eid"], kind=row["kind"], label=row["label"], number=row["number"], heading=row["heading"],
                text=row["text"], parent=row["parent"], path=tuple(json.loads(row["path"])),
                position=row["position"], lines=tuple(json.loads(row["lines"])),
                cells=tuple(json.loads(row["cells"])), page=row["page"]))
        out = []
        for doc in self.documents():
            number = None if doc["number"] is None else DocNumber(
                doc["number"], doc["number_prefix"], doc["number_year"], doc["number_seq"], bool(doc["is_order"]))
            out.append(Document(
                id=doc["id"], type=DocType(doc["type"]), title=doc["title"], issuer=doc["issuer"], number=number,
                addressees=tuple(doc["addressees"]), signer=doc["signer"], signed=doc["signed"],
                publication=doc["publication"], history=tuple(HistoryEvent(**e) for e in doc["history"]),
                history_text=doc["history_text"], attachment_titles=tuple(doc["attachment_titles"]),
                parent=doc["parent"], relations=tuple(Relation(**r) for r in doc["relations"]),
                source=doc["source"], first_line=doc["first_line"], last_line=doc["last_line"],
                provisions=tuple(provisions.get(doc["id"], [])), genre=doc["genre"],
                pages=(doc["first_page"], doc["last_page"]) if doc["first_page"] is not None else None,
                metadata=tuple(doc["metadata"].items())))
        return out
