"""Search units: the pieces of text the indexes hold, built from finished records.

* an article (第N条) with everything under it, so that 第二十四条 answers as a whole;
* outside articles, each provision with text of its own (a paragraph, an item, a point),
  with the headings above it as context (一、总体要求 › （二）基本原则);
* each row of a table or list, its cells named by the header row (牵头单位：市人社局);
* for amended works, the earlier text of every provision whose text changed, marked with
  the dates it was in force, so that old versions can be searched on request.

Each unit carries what the filters need: document type, level (效力级别), issuer, date, and
its validity.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from parser.ids import article_eid, provision_id
from parser.levels import levels
from parser.records import Document, Lifecycle, Provision, Version, dated
from parser.references import outline_pinpoint

__all__ = ["Unit", "build_units", "WINDOW", "OVERLAP", "windows"]

MIN_TEXT = 10  # characters: shorter pieces (a lone cell such as 市教育局) are fragments, not answers
WINDOW = 400  # characters; multilingual-e5-small reads at most 512 tokens (about a character each)
OVERLAP = 80
MIN_LINE = 15  # characters: shorter lines are embedded only as part of their unit


@dataclass(frozen=True)
class Unit:
    id: str  # provision id; earlier versions: <provision id>@<valid_from>
    document: str
    eid: str
    title: str  # document title
    doc_type: str
    issuer: str
    date: str | None  # the document's date (its own or its parent's)
    label: str
    path: tuple[str, ...]
    text: str  # what is shown and highlighted
    effective: str | None
    expires: str | None
    repealed: str | None
    valid_from: str | None = None  # for versions: when this text took effect
    valid_to: str | None = None  # exclusive; None for the text in force now
    current: bool = True
    table: bool = False  # a whole table or list (its rows are units too)
    header: str = ""  # a whole table's header row, cells separated by tabs
    # what names it after 《title》 in a citation string: 第十四条, or 四、（四）3.（7） outside
    # articles (parser.references.outline_pinpoint); "" for units built before it was kept
    pinpoint: str = ""
    level: str = ""  # 效力级别 of its document (parser.levels)

    @property
    def context(self) -> str:
        """Title and headings, prepended to the text for the semantic index."""
        return f"《{self.title}》 " + " ".join((*self.path, self.label)).strip()

    @property
    def words(self) -> str:
        """What the indexes hold besides the context: a whole table by its header row only
        (its rows, units of their own, would otherwise match every question about one row
        twice, and crowd out other answers)."""
        return self.header if self.table else self.text

    def as_json(self) -> dict[str, object]:
        # the fields are plain values: read them (dataclasses.asdict deep-copies each one, the
        # most of the time writing an archive's 150,000 units took)
        return {name: getattr(self, name) for name in _FIELDS}

    @staticmethod
    def from_json(text: str) -> Unit:
        """The unit :meth:`as_json` wrote, as one JSON text."""
        data = json.loads(text)
        data["path"] = tuple(data["path"])
        return Unit(**data)


_FIELDS = tuple(f.name for f in fields(Unit))


def windows(text: str, size: int = WINDOW, overlap: int = OVERLAP, lines: bool = True) -> list[str]:
    """The pieces of a unit that are embedded: overlapping windows of the whole text (so
    the end of a long provision is embedded too), and, for a unit of several lines, each
    line on its own (a question about one 项 matches that 项 better than the article; not
    for a whole table, whose lines are its rows, units of their own)."""
    if len(text) <= size:
        pieces = [text]
    else:
        step = size - overlap
        pieces = [text[i:i + size] for i in range(0, max(1, len(text) - overlap), step)]
    rows = [line for line in text.split("\n") if len(line) >= MIN_LINE] if lines else []
    if len(rows) > 1:
        pieces += [line[:size] for line in rows]
    return pieces


def _subtree_text(subtree: list[Provision]) -> str:
    """An article and everything under it, one line each (labels of items and points kept)."""
    lines = []
    for p in subtree:
        label = p.label if p.kind not in ("paragraph", "article") else ""
        text = p.text or ("\t".join(p.cells) if p.cells else "")
        if text:
            lines.append(f"{label}{text}")
    return "\n".join(lines)


def build_units(documents: Iterable[Document], lifecycle: dict[str, Lifecycle],
                versions: Iterable[Version] = ()) -> list[Unit]:
    documents = list(documents)
    by_id = {d.id: d for d in documents}
    level = {doc_id: value.value for doc_id, value in levels(documents).items()}
    units: list[Unit] = []
    for doc in documents:
        life = lifecycle.get(doc.id)
        common = dict(document=doc.id, title=doc.title, doc_type=doc.type.value, issuer=doc.issuer,
                      level=level[doc.id],
                      date=dated(doc, by_id), effective=life.effective if life else None,
                      expires=life.expires if life else None, repealed=life.repealed if life else None)
        provisions = list(doc.provisions)
        articles = [p for p in provisions if p.kind == "article"]
        members: dict[str, list[Provision]] = {}  # an article's eId -> it and what lies in it, in order
        for p in provisions:
            members.setdefault(article_eid(p.eid), []).append(p)
        inside = set()
        for article in articles:
            subtree = members.get(article.eid, [])
            inside.update(p.eid for p in subtree)
            text = f"{article.label}　{_subtree_text(subtree)}"
            units.append(Unit(id=provision_id(doc.id, article.eid), eid=article.eid, label=article.label,
                              path=article.path, text=text, pinpoint=outline_pinpoint(doc, article.eid), **common))
        headers: dict[str, tuple[str, ...]] = {}
        rows: dict[str, list[str]] = {}
        for p in provisions:
            if p.eid in inside:
                continue
            if p.kind == "row":
                table = p.eid.rsplit("__row_", 1)[0]
                is_table = table.rsplit("__", 1)[-1].startswith("table_")  # lists have no header row
                if is_table and table not in headers:
                    headers[table] = p.cells
                    if p.eid.endswith("__row_1") and len(p.cells) > 1:
                        continue  # the header row names the columns of the others
                header = headers.get(table, ())
                cells = p.cells
                if len(header) == len(cells) and len(cells) > 1 and header != cells:
                    text = "；".join(f"{h}：{c}" for h, c in zip(header, cells) if c)
                else:
                    text = " ".join(c for c in cells if c)
            elif p.text:
                text = (f"{p.label}{p.text}" if p.label and p.kind not in ("paragraph",) else p.text)
            else:
                continue
            if p.kind == "row":
                rows.setdefault(table, []).append(text)
            if len(text.strip()) < MIN_TEXT:
                continue
            units.append(Unit(id=provision_id(doc.id, p.eid), eid=p.eid, label=p.label, path=p.path,
                              text=text, pinpoint=outline_pinpoint(doc, p.eid), **common))
        # A table or list as a whole as well as row by row: "which table lists …" and counting
        # questions are answered by the table, which its rows alone do not show.
        for p in provisions:
            if p.eid in rows and len(rows[p.eid]) > 1:
                cells = headers.get(p.eid, ())
                header = "\t".join(cells) if len(cells) > 1 else ""
                text = "\n".join(([header] if header else []) + rows[p.eid])
                units.append(Unit(id=provision_id(doc.id, p.eid), eid=p.eid, label=p.label, path=p.path,
                                  text=text, table=True, header=header, pinpoint=outline_pinpoint(doc, p.eid),
                                  **common))
    # Earlier texts of amended works: only what differs from the current text.
    current_text = {(u.document, u.eid): u.text for u in units}
    old_articles: dict[tuple[str, int, str], list[Version]] = {}
    for version in versions:
        if version.period == 0 or version.kind == "work":
            continue
        old_articles.setdefault((version.work, version.period, article_eid(version.eid)), []).append(version)
    for (work, _period, eid), rows in sorted(old_articles.items()):
        doc = by_id.get(work)
        if doc is None:
            continue
        head = next((r for r in rows if r.eid == eid), rows[0])
        body = "\n".join((r.label if r.kind not in ("paragraph", "article") else "") + r.text
                         for r in rows if r.text)
        if not body:
            continue
        text = f"{head.label}　{body}"
        if current_text.get((work, eid), "") == text:
            continue
        life = lifecycle.get(work)
        units.append(Unit(
            id=f"{provision_id(work, eid)}@{head.valid_from}", document=work, eid=eid, title=doc.title,
            doc_type=doc.type.value, issuer=doc.issuer, date=dated(doc, by_id), label=head.label,
            path=next((p.path for p in doc.provisions if p.eid == eid), ()), text=text,
            effective=life.effective if life else None, expires=life.expires if life else None,
            repealed=life.repealed if life else None, valid_from=head.valid_from, valid_to=head.valid_to,
            current=False, pinpoint=head.label, level=level[work]))
    # The current text of a provision with an earlier version holds from the newest change.
    newest = {(u.document, u.eid): u.valid_to for u in units if not u.current and u.valid_to}
    return [replace(u, valid_from=newest[(u.document, u.eid)]) if u.current and (u.document, u.eid) in newest
            else u for u in units]
