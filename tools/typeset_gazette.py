"""Typeset a gazette text file as a printed issue: a PDF with a gazette's layout.

Usage::

    python tools/typeset_gazette.py corpus/langfang-gazette-2021-04.txt out.pdf [--serial 123]

No public repository holds the PDF of a gazette issue whose text we also hold, so the PDF
reader is tested on real texts typeset as gazettes print them: a cover (the gazette's name,
year and issue, 总第N期), a 目录 with the page of each document, then the
documents with what a printed page carries and a text file does not:

* running headers that alternate by side (市政府文件 … 《…公报》2021年第4号 on odd pages, the
  other way round on even ones), a page number at the foot (— 12 —);
* paragraphs broken into lines of 38 characters (inside sentences, as print breaks them),
  justified to the right margin, each paragraph's first line indented by two characters,
  titles centred;
* tables (the text's tab tables) drawn with rules, one row a row;
* pages of short lines (member lists, lists of names) set in two columns.

The gazette's name, year and issue are read from the text's running headers. Pages are laid
out here (a fixed number of lines a page), then printed by headless Chromium
(``/usr/bin/chromium``, via Playwright): the text layer holds each line as it is laid out.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser import parse_gazette  # noqa: E402
from parser.grammar import LABEL_AT_START  # noqa: E402
from parser.lines import Line, is_title_like  # noqa: E402
from parser.normalize import BLANK  # noqa: E402
from parser.tables import table_end, table_rows  # noqa: E402
from parser.patterns import PAGE_HEADER  # noqa: E402
from parser.segment import header_kind  # noqa: E402

WIDTH = 38  # characters a line
LINES = 34  # lines a page
COLUMN = 17  # characters a line of a two-column page
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Block:
    kind: str  # para, title, table, short
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0  # the source line it starts at


def blocks_of(text: str) -> list[Block]:
    """The blocks of the text (paragraphs, titles, tables, runs of short lines), the running
    headers left out."""
    lines: list[Line] = []
    blank = True
    for no, raw in enumerate(text.split("\n"), 1):
        if BLANK.match(raw) and not raw.startswith("\t"):
            blank = True
            continue
        if not PAGE_HEADER.match(re.sub(r"[\s\u3000]+", "", raw)):
            lines.append(Line(no, raw, blank))
        blank = False
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.is_tab:  # a tab table, read as the parser reads it: one printed row a row
            end = table_end(tuple(lines), i)
            rows = [list(row.cells) for row in table_rows(tuple(lines[i:end]))]
            blocks.append(Block("table", rows=rows, line=line.no))
            i = end
            continue
        short = [ln for ln in lines[i:i + 8] if len(ln.squeezed) <= COLUMN and not ln.is_tab]
        if len(short) == 8 and all(ln.no == lines[i].no + k * (lines[i + 1].no - lines[i].no) for k, ln in
                                   enumerate(lines[i:i + 8])):
            run = []
            while i < len(lines) and len(lines[i].squeezed) <= COLUMN and not lines[i].is_tab \
                    and header_kind(lines, i) is None:
                run.append(lines[i].text)
                i += 1
            blocks.append(Block("short", text="\n".join(run), line=line.no))
            continue
        kind = "title" if is_title_like(line) and len(line.squeezed) <= WIDTH \
            and not LABEL_AT_START.match(line.squeezed) else "para"
        blocks.append(Block(kind, text=line.text, line=line.no))
        i += 1
    return blocks


def wrap(text: str, width: int) -> list[str]:
    """A paragraph broken into lines of ``width`` characters (an ASCII letter or digit a bit
    over half: a line never runs past the margin)."""
    out, current, size = [], "", 0.0
    for ch in text:
        step = 0.62 if ord(ch) < 128 else 1.0
        if size + step > width:
            out.append(current)
            current, size = "", 0.0
        current += ch
        size += step
    if current:
        out.append(current)
    return out


@dataclass
class Page:
    kind: str  # cover, contents, body, columns
    lines: list[tuple[str, str]] = field(default_factory=list)  # (class, text): l, first, last, title
    size: int = 0
    first_line: int = 0  # the first source line set on it


def paginate(blocks: list[Block]) -> list[Page]:
    pages = [Page("body")]

    def room(needed: int) -> Page:
        if pages[-1].kind != "body" or pages[-1].size + needed > LINES:
            pages.append(Page("body"))
        if not pages[-1].first_line:
            pages[-1].first_line = block.line
        return pages[-1]

    for block in blocks:
        if block.kind == "table":
            for row in block.rows:
                size = 10.0  # points: a row too tall for a page is set smaller until it fits one
                while size > 4 and _row_height(row, size) > LINES:
                    size -= 0.5
                height = _row_height(row, size)
                page = room(height)
                page.lines.append(("row", f"{size}\u0001" + "\u0000".join(row)))
                page.size += height
        elif block.kind == "short":
            items = block.text.split("\n")
            per_page = 2 * LINES
            for start in range(0, len(items), per_page):
                pages.append(Page("columns", [("l", item) for item in items[start:start + per_page]],
                                  first_line=block.line))
        else:
            parts = wrap(block.text, WIDTH - (2 if block.kind == "para" else 0))
            for k, part in enumerate(parts):
                page = room(1)
                css = "title" if block.kind == "title" else (
                    ("first " if k == 0 else "") + ("last" if k == len(parts) - 1 else "full"))
                page.lines.append((css, part))
                page.size += 1
    return [page for page in pages if page.lines]


def _row_height(row: list[str], size: float) -> int:
    """The body lines (of 12 pt at 1.55) a table row takes with its cells set at ``size`` points."""
    cell_width = 38 * 12 / max(1, len(row)) - 6  # points, less the padding and rules
    per_line = max(1, int(cell_width / size))
    lines = max((len(wrap(cell, per_line)) for cell in row), default=1)
    return int(lines * size * 1.3 / (12 * 1.55)) + 2


STYLE = """
@page { size: A4; margin: 0 }
body { margin: 0; font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 12pt }
.page { position: relative; width: 210mm; height: 297mm; page-break-after: always; overflow: hidden }
.head { position: absolute; top: 14mm; left: 22mm; right: 22mm; font-size: 9pt; display: flex;
        justify-content: space-between; border-bottom: 0.5pt solid #000 }
.foot { position: absolute; bottom: 14mm; left: 0; right: 0; text-align: center; font-size: 10pt }
.body { position: absolute; top: 28mm; left: 22mm; width: 38em; line-height: 1.55 }
.l { white-space: pre; height: 1.55em }
.full { text-align: justify; text-align-last: justify }
.first { padding-left: 2em }
.first.full { width: 36em }
.title { text-align: center; font-weight: bold }
table { border-collapse: collapse; width: 456pt; margin: 2pt 0; table-layout: fixed }
td { border: 0.5pt solid #000; padding: 1pt 2pt; vertical-align: top; word-break: break-all; line-height: 1.3 }
.columns { column-count: 2; column-gap: 4em; column-fill: auto; height: 240mm }
.cover { text-align: center; padding-top: 70mm }
.cover h1 { font-size: 30pt; letter-spacing: 0.3em }
.contents .l { white-space: pre }
"""


def _page_html(page: Page, number: int, header: tuple[str, str]) -> str:
    left, right = header if number % 2 else header[::-1]
    parts = [f'<div class="page"><div class="head"><span>{html.escape(left)}</span>'
             f'<span>{html.escape(right)}</span></div><div class="body">']
    if page.kind == "columns":
        parts.append('<div class="columns">' + "".join(f'<div class="l">{html.escape(t)}</div>'
                                                     for _, t in page.lines) + "</div>")
    else:
        for css, text in page.lines:
            if css == "row":
                size, _, row = text.partition("\u0001")
                cells = row.split("\u0000")
                parts.append(f'<table style="font-size: {size}pt"><tr>'
                             + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr></table>")
            else:
                parts.append(f'<div class="l {css}">{html.escape(text)}</div>')
    parts.append(f'</div><div class="foot">— {number} —</div></div>')
    return "".join(parts)


def typeset(text: str, serial: int | None = None) -> str:
    """The issue as one HTML document, a page a ``.page``."""
    header_line = next(line for line in text.split("\n") if PAGE_HEADER.match(re.sub(r"[\s\u3000]+", "", line)))
    match = PAGE_HEADER.match(re.sub(r"[\s\u3000]+", "", header_line))
    assert match is not None
    gazette, year, issue = match["gazette"], match["year"], match["issue"]
    side = re.sub(r"《.*", "", re.sub(r"[\s\u3000]+", "", header_line)) or "政府文件"
    header = (side, f"《{gazette}》{year}年第{issue}号")
    body = paginate(blocks_of(text))
    # the 目录: each document (not those printed under another) and the page it starts on
    documents = [d for d in parse_gazette(text, "typeset").documents if d.parent is None]
    contents_pages = max(1, -(-len(documents) // (LINES - 2)))  # pages the 目录 takes
    starts = [page.first_line for page in body]
    entries = []
    for doc in documents:
        at = max((k for k, first in enumerate(starts) if first and first <= doc.first_line), default=0)
        entries.append(f"{doc.full_title[:30]}……{2 + contents_pages + at}")
    cover = (f'<div class="page"><div class="cover"><h1>{html.escape(gazette)}</h1><p>{year}年第{issue}号</p>'
             + (f"<p>（总第{serial}期）</p>" if serial else "") + f"<p>{year}年</p></div></div>")
    contents = []
    for start in range(0, len(entries), LINES - 2):
        chunk = entries[start:start + LINES - 2]
        contents.append(Page("contents", [("title", "目　　录")] + [("l", e) for e in chunk]))
    pages = [_page_html(p, 2 + k, header) for k, p in enumerate(contents)]
    pages += [_page_html(p, 2 + len(contents) + k, header) for k, p in enumerate(body)]
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>{cover}" \
           f"{''.join(pages)}</body></html>"


def print_pdf(document: str, out: Path, chromium: str = CHROMIUM) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(document, wait_until="load")
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=False)
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--serial", type=int, help="总第N期, printed on the cover")
    args = parser.parse_args()
    print_pdf(typeset(args.text.read_text(encoding="utf-8"), args.serial), args.out)
    print(f"{args.out}: typeset from {args.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
