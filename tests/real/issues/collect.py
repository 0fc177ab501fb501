"""Assemble runs of real State Council documents from a crawl of gov.cn (no network).

Usage::

    python tests/real/issues/collect.py /path/to/ZhouYNF-platform-1.git

The source is the SQL dump ``db/ge_policy_raw20190217.sql`` of the public repository
ZhouYNF/platform-1 (commit :data:`COMMIT`): 60 pages of the State Council's policy library
(www.gov.cn/zhengce/content/…, crawled 2019-02-17), each row with the page's HTML. The
pages are those gov.cn posted from November 2018 to February 2019: orders (国务院令), 国发,
国函, 国办发, 国办函 documents and, re-posted in December 2018, older documents of 1981-2006
(several marked （本文有删减）). Each output file is a *run*: every page posted in one month,
in the order of posting (date of the page's address, then the dump's row order), as one
after another they were put out.

Changes, the same for every page (never the wording):

1. the SQL string literal of the ``html`` column unescaped;
2. only the text of ``<td id="UCAP-CONTENT">`` kept (the page's metadata table and footer
   are left out here; ``pages/`` keeps four pages' HTML as the dump holds it, unchanged);
3. tags removed: each ``<p>``, ``<div>``, ``<br>``, ``<h1>``…``<h6>``, ``<li>`` boundary is a
   line break, inline tags (``<span>``, ``<b>``, ``<a>``) are removed with their text kept;
   a table cell (``<td>``, ``<th>``) is one line that opens with a tab (the paragraphs
   inside it joined), each table row opens with a blank line (the tab-table layout the
   parser reads); line breaks in the HTML source are not line breaks;
4. entities decoded, ``&nbsp;`` as a space, a misspelt entity left in the text (``&sp;``)
   removed; ASCII spaces at the ends of lines stripped,
   empty lines dropped (full-width spaces kept where they stand);
5. pages joined with nothing between them.

``SOURCES.md`` lists, per run, the rows with their addresses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from lxml import html as lxml_html

REPOSITORY = "ZhouYNF/platform-1"
COMMIT = "2197df553eee3b0bc9989d91addadf2f4227fddc"
DUMP = "db/ge_policy_raw20190217.sql"
HERE = Path(__file__).resolve().parent
#: Pages kept whole (the HTML of the dump: metadata table, content, footer) for the HTML reader.
PAGES = {"58": "govcn-2018-order-706", "32": "govcn-2018-guofa-41", "44": "govcn-2006-guohan-132",
         "45": "govcn-1996-guohan-95"}

_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "center", "table", "tbody"}
_CELL = {"td", "th"}
_FIELDS = ("id", "crawl_url", "crawl_time", "index_number", "title", "release_office", "release_number",
           "policy_basis", "written_time", "release_time", "effect_time", "content", "image_url", "status", "html",
           "remark")


def sql_rows(dump: str) -> list[dict[str, str | None]]:
    """The rows of the dump's ``insert … values (…), (…)``: 16 fields, strings with backslash
    escapes or null."""
    token = re.compile(r"\s*(?:'((?:[^'\\]|\\.|'')*)'|(null|-?\d+))\s*([,)])", re.S)
    rows, i = [], 0
    while True:
        start = dump.find("(", dump.find("values", i) if i == 0 else i)
        if start < 0:
            break
        i, values = start + 1, []
        while True:
            match = token.match(dump, i)
            if match is None:
                break
            text, bare, end = match.groups()
            values.append(_unescape(text) if text is not None else (None if bare == "null" else bare))
            i = match.end()
            if end == ")":
                break
        if len(values) == len(_FIELDS):
            rows.append(dict(zip(_FIELDS, values)))
        nxt = re.compile(r"\s*,\s*\(|\s*;").match(dump, i)
        if nxt is None or nxt.group(0).strip() == ";":
            i = dump.find("values", i)
            if i < 0:
                break
        else:
            i = nxt.end() - 1
    return rows


#: An entity the page misspelt (``&sp;``), left as text by the HTML parser: markup, removed.
_STRAY_ENTITY = re.compile(r"&[A-Za-z]{2,8};")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)|''", lambda m: _ESCAPES.get(m.group(1), m.group(1)) if m.group(1) else "'", text)


def page_lines(page_html: str) -> list[str]:
    """The lines of the page's content cell (changes 2-4 of the module docstring)."""
    root = lxml_html.fromstring(page_html)
    cells = root.xpath('//td[@id="UCAP-CONTENT"]')
    if not cells:
        raise ValueError("no UCAP-CONTENT cell")
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _STRAY_ENTITY.sub("", "".join(current)).replace("\u00a0", " ").strip(" \r\n")
        if line.startswith("\t"):
            line = "\t" + line[1:].strip(" ")
        if line.strip(" \t\u3000"):
            lines.append(line)
        current.clear()

    def walk(node, in_cell: bool = False) -> None:  # noqa: ANN001
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style"):
            return
        if tag == "tr":
            flush()
            lines.append("")
        breaks = tag in _CELL or (tag in _BLOCK and not in_cell)  # a cell is one line
        if breaks:
            flush()
        if tag in _CELL:
            current.append("\t")
        if node.text:
            current.append(re.sub(r"[\r\n]+", "", node.text))
        for child in node:
            walk(child, in_cell or tag in _CELL)
            if child.tail:
                current.append(re.sub(r"[\r\n]+", "", child.tail))
        if breaks:
            flush()

    content = cells[0]
    if content.text:
        current.append(re.sub(r"[\r\n]+", "", content.text))
    for child in content:  # the content cell's own children: its paragraphs are lines
        walk(child)
        if child.tail:
            current.append(re.sub(r"[\r\n]+", "", child.tail))
    flush()
    out: list[str] = []
    for line in lines:  # a blank line only before a table row, never two, never at the start
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return [line for k, line in enumerate(out) if line or (k + 1 < len(out) and out[k + 1].startswith("\t"))]


def posted(url: str) -> tuple[str, str]:
    """(month, day) gov.cn posted a page, from its address: …/content/2018-12/24/…"""
    match = re.search(r"/content/(\d{4}-\d{2})/(\d{2})/", url)
    if match is None:
        raise ValueError(f"no date in {url}")
    return match.group(1), match.group(2)


def main() -> int:
    repo = Path(sys.argv[1])
    dump = subprocess.run(["git", "-C", str(repo), "show", f"{COMMIT}:{DUMP}"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    rows = sql_rows(dump)
    runs: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (posted(r["crawl_url"] or ""), int(r["id"] or 0))):
        runs[posted(row["crawl_url"] or "")[0]].append(row)
    table = ["| file | row | posted | address | title | number |", "|---|---|---|---|---|---|"]
    for month, members in sorted(runs.items()):
        name = f"govcn-{month}.txt"
        text: list[str] = []
        for row in members:
            text.extend(page_lines(row["html"] or ""))
            day = "-".join(posted(row["crawl_url"] or ""))
            table.append(f"| `{name}` | {row['id']} | {day} | {row['crawl_url']} | {row['title']} | "
                         f"{row['release_number']} |")
        (HERE / name).write_text("\n".join(text) + "\n", encoding="utf-8", newline="\n")
        print(f"{name}: {len(members)} pages, {len(text)} lines")
    (HERE / "pages").mkdir(exist_ok=True)
    for row in rows:
        if row["id"] in PAGES:
            (HERE / "pages" / f"{PAGES[row['id']]}.html").write_text(row["html"] or "", encoding="utf-8", newline="\n")
    (HERE / "ROWS.md").write_text(
        f"# Rows of {REPOSITORY} `{DUMP}` at `{COMMIT}`, by run\n\nMade by `collect.py`.\n\n"
        + "\n".join(table) + "\n", encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
