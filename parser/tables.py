"""Tables and lists inside a document body.

* Tab tables: every cell stands on its own line after a tab; a cell that wraps goes
  on in lines without a tab, often after a blank line; a blank line followed by a
  tab line starts a new group of cells. Groups become rows; in a table whose first
  header cell is 序号, a group that does not start with a row number continues the
  row before it (the source breaks long rows apart).
* Member lists: 组　长：马志永　市政府副市长 / 刘凤顺　市政府副秘书长 become rows of
  (role, name, title); a row without a role has the role of the row before it.
* Plain lists: runs of short lines without sentence punctuation (an enterprise list),
  with group lines such as 三河市（14家） and 监测合格企业13家; rows carry their groups.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import patterns as P
from .lines import Line
from .normalize import squeeze

__all__ = ["TableRow", "table_end", "table_rows", "member_row", "is_plain_list_line", "list_group"]

_ENDS_TABLE = (P.BOOK, P.CHAPTER, P.SECTION, P.ARTICLE, P.DIVISION, P.ITEM, P.ATTACHMENT_HEADER)


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    lines: tuple[int, ...]


def _ends_table(line: Line) -> bool:
    return any(p.match(line.squeezed) for p in _ENDS_TABLE)


def table_end(lines: tuple[Line, ...], start: int) -> int:
    """Index after the table that starts (with a tab line) at ``start``."""
    j = start
    while j < len(lines):
        if lines[j].is_tab:
            j += 1
            continue
        ahead = lines[j : j + 4]
        if _ends_table(lines[j]) or not any(line.is_tab for line in ahead[1:]):
            break
        if any(_ends_table(line) for line in ahead[1:] if not line.is_tab):
            break
        j += 1
    return j


def table_rows(lines: tuple[Line, ...]) -> list[TableRow]:
    """Cells and rows of one table (``lines`` as cut by :func:`table_end`)."""
    groups: list[tuple[list[str], list[int]]] = []
    for line in lines:
        text = squeeze(line.raw) if not line.is_tab else line.raw[1:].strip(" \u3000")
        if line.is_tab and (not groups or line.blank_before):
            groups.append(([text], [line.no]))
        elif line.is_tab:
            groups[-1][0].append(text)
            groups[-1][1].append(line.no)
        elif groups:  # a wrapped cell goes on
            groups[-1][0][-1] += squeeze(line.raw)
            groups[-1][1].append(line.no)
        else:  # a caption line before the first cell
            groups.append(([squeeze(line.raw)], [line.no]))
    if not groups:
        return []
    header = groups[0][0]
    numbered = squeeze(header[0]) == "序号"
    rows: list[tuple[list[str], list[int]]] = []
    for cells, numbers in groups:
        starts_row = (
            not rows
            or not numbered
            or cells[0].strip().isdigit()
            or (len(cells) == 1 and len(rows[-1][0]) >= len(header))
        )
        if starts_row:
            rows.append((list(cells), list(numbers)))
        else:
            rows[-1][0].extend(cells)
            rows[-1][1].extend(numbers)
    return [TableRow(tuple(c.strip() for c in cells), tuple(sorted(numbers))) for cells, numbers in rows]


def member_row(line: Line, *, loose: bool = False) -> tuple[str, str, str] | None:
    """(role, name, title) of a member-list line, or None.

    A job title must end in a word such as 局长 or 调研员, unless ``loose`` (the line
    continues a list already recognised), when the shape alone is enough.
    """
    if line.is_tab:
        return None
    match = P.MEMBER.match(line.text)
    if not match:
        return None
    name = squeeze(match["name"])
    title = squeeze(match["title"])
    if not 2 <= len(name) <= 4 or not (loose or P.MEMBER_TITLE_WORDS.search(title)):
        return None
    return squeeze(match["role"] or ""), name, title


_SENTENCE_MARKS = set("。，；：:,;！？")


def is_plain_list_line(line: Line) -> bool:
    text = line.squeezed
    return (not line.is_tab and 2 <= len(text) <= 30 and not (_SENTENCE_MARKS & set(text)))


def list_group(line: Line) -> tuple[int, str] | None:
    """(level, name) of a group line: 三河市（14家） -> (1, 三河市); 新认定企业1家 -> (2, …)."""
    match = P.LIST_GROUP.match(line.squeezed)
    if not match:
        return None
    level = 1 if "（" in line.squeezed or "(" in line.squeezed else 2
    return level, match["name"]
