"""Provision trees: 编/章/节/条/款/项/目 and 一、/（一）/1./（1）/①, mixed as the source mixes them.

Rules, in the order the builder applies them:

* A labelled line opens a node of its level and closes every open node of the same
  or a lower level. Levels, outermost first: 编 book, 分编 part, 章 chapter, 节 section,
  条 article, 一、 division, （一） item, 1. point, （1） subpoint, ① indent.
* Text after 第十四条 is the article's first 款 (``para_1``); an unlabelled line inside
  an article is its next 款. 项 (（一）) inside an article belong to the 款 before them,
  so 第十九条第（三）项 is ``art_19__para_1__item_3``.
* Outside articles, an unlabelled line belongs to the nearest open *heading* (a
  label with a short title and no sentence: 一、总体要求, （一）指导思想); a label
  followed by a sentence (（一）指导思想。以…) holds only its own text.
* In a text of articles, a heading-only 一、 (二、技术开发合同 between 第十六条 and 第十七条
  of a judicial interpretation) heads a part of the text: it closes the article before it
  and stands beside the articles, which keep their eIds (``art_17``, not ``div_2__art_17``:
  a citation names 第十七条 whatever part it stands in).
* Tab tables, member lists and plain lists (see :mod:`parser.tables`) are nodes
  placed like a paragraph, with one ``row`` child per row.

eIds follow the Akoma Ntoso naming convention (see :mod:`parser.ids`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P
from .ids import eid_component
from .lines import Line
from .normalize import squeeze
from .numerals import cn_to_int, int_to_cn
from .records import HEADINGS, Provision
from .tables import is_plain_list_line, list_group, member_row, table_end, table_rows

__all__ = ["build_provisions", "LEVELS"]

#: (kind, pattern, rank): lower rank is further out.
LEVELS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("book", P.BOOK, 0),
    ("part", P.SUBBOOK, 0.5),
    ("chapter", P.CHAPTER, 1),
    ("section", P.SECTION, 2),
    ("article", P.ARTICLE, 3),
    ("division", P.DIVISION, 4),
    ("item", P.ITEM, 5),
    ("point", P.POINT, 6),
    ("subpoint", P.SUBPOINT, 7),
    ("indent", P.INDENT, 8),
)
_PARA_IN_ARTICLE = 3.5  # between 条 and 项: items belong to the 款 before them
_PART = 3.0  # a heading-only 一、 in a text of articles: beside the 条
_LEAF = 99.0
_ALWAYS_OPEN = {*HEADINGS, "article"}
_HEADING_MAX = 30


@dataclass
class _Node:
    """Mutable while the tree is built; frozen into :class:`Provision` at the end."""

    kind: str
    rank: float
    eid: str
    label: str
    number: int | None
    heading: str
    text: str
    lines: list[int]
    parent: _Node | None
    accepts: bool
    cells: tuple[str, ...] = ()
    children: dict[str, int] = field(default_factory=dict)  # component counters
    used: set[str] = field(default_factory=set)
    suffixes: dict[str, int] = field(default_factory=dict)  # next free -k of a repeated component


def _number(kind: str, raw: str) -> int:
    if kind == "indent":
        return ord(raw) - ord("①") + 1
    return cn_to_int(raw)


def _is_heading(rest: str) -> bool:
    return bool(rest) and len(rest) <= _HEADING_MAX and "。" not in rest and not rest.endswith(
        ("；", ";", "：", ":", "，", ",", "、"))


def _match_label(text: str) -> tuple[str, float, re.Match[str]] | None:
    for kind, pattern, rank in LEVELS:
        match = pattern.match(text)
        if match:
            return kind, rank, match
    return None


def _label_of(kind: str, match: re.Match[str], text: str) -> str:
    rest = match["rest"] or ""
    return text[: len(text) - len(rest)].rstrip() if rest else text  # whatever space the pattern let through


class _Builder:
    """Holds the open nodes of one document while its body is read, nothing more."""

    def __init__(self, articles: bool = False) -> None:
        self.articles = articles  # the text is written in articles (第N条)
        self.root = _Node("root", -1, "", "", None, "", "", [], None, True)
        self.stack: list[_Node] = [self.root]
        self.nodes: list[_Node] = []

    def _new(self, parent: _Node, kind: str, rank: float, number: int | None, **fields: object) -> _Node:
        if number is None:
            parent.children[kind] = parent.children.get(kind, 0) + 1
            number = parent.children[kind]
            ordinal = True
        else:
            ordinal = False
        component = eid_component(kind, number)
        base, k = component, parent.suffixes.get(component, 1)
        while component in parent.used:
            k += 1
            component = f"{base}-{k}"
        parent.suffixes[base] = k
        parent.used.add(component)
        eid = f"{parent.eid}__{component}" if parent.eid else component
        node = _Node(kind=kind, rank=rank, eid=eid, number=number, parent=parent, **fields)  # type: ignore[arg-type]
        if ordinal and kind == "paragraph" and parent.kind == "article":
            node.label = f"第{int_to_cn(number)}款"
        self.nodes.append(node)
        return node

    def _open_for_paragraph(self) -> _Node:
        while not self.stack[-1].accepts:
            self.stack.pop()
        return self.stack[-1]

    def labelled(self, line: Line, kind: str, rank: float, match: re.Match[str]) -> None:
        if kind == "division" and self.articles and _is_heading((match["rest"] or "").strip(" \u3000")):
            rank = _PART
        while self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1]
        text = line.text
        rest = (match["rest"] or "").strip(" \u3000")
        label = _label_of(kind, match, text)
        number = _number(kind, match["n"])
        if kind in HEADINGS:
            node = self._new(parent, kind, rank, number, label=label, heading=squeeze(rest), text="",
                             lines=[line.no], accepts=True)
            self.stack.append(node)
            return
        if kind == "article":
            node = self._new(parent, kind, rank, number, label=label, heading="", text="",
                             lines=[line.no] if not rest else [], accepts=True)
            self.stack.append(node)
            if rest:
                para = self._new(node, "paragraph", _PARA_IN_ARTICLE, None, label="", heading="",
                                 text=rest, lines=[line.no], accepts=False)
                self.stack.append(para)
            return
        heading = _is_heading(rest)
        node = self._new(parent, kind, rank, number, label=label, heading=rest if heading else "",
                         text="" if heading else rest, lines=[line.no], accepts=heading)
        self.stack.append(node)

    def paragraph(self, line: Line) -> None:
        parent = self._open_for_paragraph()
        rank = _PARA_IN_ARTICLE if parent.kind == "article" else _LEAF
        node = self._new(parent, "paragraph", rank, None, label="", heading="", text=line.text,
                         lines=[line.no], accepts=False)
        self.stack.append(node)

    def container(self, kind: str, rows: list[tuple[tuple[str, ...], list[int], tuple[str, ...]]]) -> None:
        """A table or list: rows of (cells, lines, groups)."""
        parent = self._open_for_paragraph()
        node = self._new(parent, kind, _LEAF, None, label="", heading="", text="", lines=[], accepts=False)
        groups: dict[tuple[str, ...], _Node] = {}
        for cells, lines, path in rows:
            holder = node
            for depth in range(1, len(path) + 1):
                key = path[:depth]
                if key not in groups:
                    groups[key] = self._new(holder, "group", _LEAF, None, label="", heading=key[-1],
                                            text="", lines=[], accepts=False)
                holder = groups[key]
            text = " ".join(c for c in cells if c)
            self._new(holder, "row", _LEAF, None, label="", heading="", text=text, lines=list(lines),
                      accepts=False, cells=cells)
        self.stack.append(node)

    def freeze(self) -> tuple[Provision, ...]:
        out = []
        for position, node in enumerate(self.nodes):
            path: list[str] = []
            ancestor = node.parent
            while ancestor is not None and ancestor is not self.root:
                path.append(_display(ancestor))
                ancestor = ancestor.parent
            out.append(Provision(
                eid=node.eid, kind=node.kind, label=node.label, number=node.number,
                heading=node.heading, text=node.text,
                parent=node.parent.eid if node.parent is not None and node.parent is not self.root else None,
                path=tuple(reversed(path)), position=position, lines=tuple(node.lines), cells=node.cells,
            ))
        return tuple(out)


def _display(node: _Node) -> str:
    return " ".join(part for part in (node.label, node.heading) if part)


def _member_run(body: tuple[Line, ...], i: int) -> int:
    """Index after a run of member-list lines starting at i (0 if none: two or more, or
    one with a role, make a list)."""
    j = i
    while j < len(body) and member_row(body[j], loose=j - i >= 2) is not None:
        j += 1
    if j - i >= 2 or (j - i == 1 and member_row(body[i])[0]):  # type: ignore[index]
        return j
    return 0


def _plain_run(body: tuple[Line, ...], i: int) -> int:
    j = i
    while j < len(body) and is_plain_list_line(body[j]) and not _match_label(body[j].text) \
            and member_row(body[j]) is None:
        j += 1
    return j if j - i >= 5 else 0


def build_provisions(body: tuple[Line, ...]) -> tuple[Provision, ...]:
    """The provision tree of a document body, as a flat tuple in reading order."""
    builder = _Builder(articles=sum(1 for line in body if P.ARTICLE.match(line.text)) >= 2)
    i = 0
    while i < len(body):
        line = body[i]
        if line.is_tab:
            end = table_end(body, i)
            rows = [(row.cells, list(row.lines), ()) for row in table_rows(body[i:end])]
            builder.container("table", rows)
            i = end
            continue
        end = _member_run(body, i)
        if end:
            rows, role = [], ""
            for member in body[i:end]:
                found = member_row(member, loose=True)
                assert found is not None
                role = found[0] or role
                rows.append(((role, found[1], found[2]), [member.no], ()))
            builder.container("list", rows)
            i = end
            continue
        end = _plain_run(body, i)
        if end:
            rows, path, group_lines = [], {}, []
            for item in body[i:end]:
                group = list_group(item)
                if group is not None:  # path: level -> (name, heading line as written)
                    level, name = group
                    path = {k: v for k, v in path.items() if k < level}
                    path[level] = (name, item.squeezed)
                    group_lines.append((tuple(path[k][1] for k in sorted(path)), item.no))
                    continue
                names = tuple(path[k][0] for k in sorted(path))
                headings = tuple(path[k][1] for k in sorted(path))
                rows.append(((*names, item.squeezed), [item.no], headings))
            builder.container("list", rows)
            _attach_group_lines(builder, group_lines)
            i = end
            continue
        label = _match_label(line.text)
        if label is not None:
            builder.labelled(line, *label)
        else:
            builder.paragraph(line)
        i += 1
    return builder.freeze()


def _attach_group_lines(builder: _Builder, group_lines: list[tuple[tuple[str, ...], int]]) -> None:
    """Give each group node of the list just built the source line of its heading."""
    lst = builder.stack[-1]
    by_path: dict[tuple[str, ...], _Node] = {}
    for node in builder.nodes:
        if node.kind == "group":
            chain, walk = [], node
            while walk is not None and walk is not lst:
                chain.append(walk.heading)
                walk = walk.parent
            if walk is lst:
                by_path[tuple(reversed(chain))] = node
    for path, number in group_lines:
        node = by_path.get(path)
        if node is None:  # a group with no rows: keep its line on the list itself
            lst.lines.append(number)
        else:
            node.lines.append(number)
