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

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from parser.html import content_lines  # noqa: E402

REPOSITORY = "ZhouYNF/platform-1"
COMMIT = "2197df553eee3b0bc9989d91addadf2f4227fddc"
DUMP = "db/ge_policy_raw20190217.sql"
HERE = Path(__file__).resolve().parent
#: Pages kept whole (the HTML of the dump: metadata table, content, footer) for the HTML reader.
PAGES = {"58": "govcn-2018-order-706", "32": "govcn-2018-guofa-41", "44": "govcn-2006-guohan-132",
         "45": "govcn-1996-guohan-95"}

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


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)|''", lambda m: _ESCAPES.get(m.group(1), m.group(1)) if m.group(1) else "'", text)


def page_lines(page_html: str) -> list[str]:
    """The lines of the page's content cell (changes 2-4 of the module docstring), as the
    product reads a saved page (:func:`parser.html.content_lines`)."""
    root = lxml_html.fromstring(page_html)
    cells = root.xpath('//td[@id="UCAP-CONTENT"]')
    if not cells:
        raise ValueError("no UCAP-CONTENT cell")
    return content_lines(cells[0])


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
