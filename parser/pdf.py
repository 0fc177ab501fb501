"""A gazette printed as PDF, read into lines that know the page they were printed on.

PDFium (``pypdfium2``, BSD-3 and Apache-2.0) reads the text layer: every character with its
box. Chosen over pdfminer.six/pdfplumber (MIT) for speed: 370 pages a second against 27 on
the same typeset issue on 2 cores, the same characters; PDFium is the engine of Chromium's
viewer and reads CJK fonts as printers embed them. From the characters:

1. **lines**: characters on one baseline, cut where a gap wider than three characters
   opens (the two halves of a running header, the two columns of a page);
2. **columns**: a page whose line pieces leave one gutter free down most of its height is
   read left column first, then right;
3. **page furniture**: in the top and bottom bands of the page, a line that comes back on
   many pages (its digits aside) is a running header or footer and is left out; a page
   number at the foot (— 12 —, -12-, 第12页, 12) is taken as the page's printed number;
4. **tables**: rules drawn as thin rectangles make cells; a table row becomes the tab-table
   lines of a text file (a blank line, then one ``\\t`` line a cell);
5. **paragraphs**: a line that reaches the right margin goes on in the next line when that
   one starts at the left margin (Chinese has no hyphen: print breaks lines inside
   sentences; a new paragraph is indented or centred), across a page break too.

The result is the text a ``.txt`` of the issue would hold, the printed page of every line,
and the issue's facts read off its cover and running headers (name, year, issue, 总第N期).
A PDF with no text layer (a scan) is a :class:`~parser.errors.ParseError` naming its pages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .errors import ParseError

__all__ = ["PdfText", "page_ranges", "read_pdf"]

#: A printed page number: — 12 —, - 12 -, －12－, 第12页, 12.
_PAGE_NUMBER = re.compile(r"^[—\-－–\s]*(?:第\s*)?(?P<n>\d{1,4})(?:\s*页)?[—\-－–\s]*$")
#: The issue named on a cover or in a header: 《廊坊市人民政府公报》2021年第4号, 2021年第4期, 总第187期.
_GAZETTE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,30}公报)")
_ISSUE = re.compile(r"(?P<year>\d{4})\s*年\s*第\s*(?P<issue>\d{1,3})\s*[号期]")
_SERIAL = re.compile(r"总\s*第\s*(?P<serial>\d{1,5})\s*期")
_BAND = 0.10  # the top and bottom tenth of a page: where running headers and footers stand
_RULE = 1.5  # points: a path this thin is a rule of a table


@dataclass(frozen=True)
class PdfText:
    """What a PDF holds as text: lines, the printed page of each, and the issue's facts."""

    lines: tuple[str, ...]
    pages: tuple[int, ...]
    gazette: str = ""
    year: int | None = None
    issue: int | None = None
    serial: int | None = None  # 总第N期
    page_count: int = 0
    blank_pages: tuple[int, ...] = ()  # pages with no text layer (scanned among printed ones)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class _Piece:
    """Characters of one baseline with no wide gap between them."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float  # a character's width

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Row:
    """A table row: its cells' texts, left to right, and where it stands."""

    top: float
    cells: list[str]


def _chars(page) -> list[tuple[str, float, float, float, float]]:  # type: ignore[no-untyped-def]
    """(character, left, bottom, right, top) of every printed character of a page."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        exact = len(text) == count
        out = []
        for k in range(count):
            ch = text[k] if exact else textpage.get_text_range(k, 1)
            if not ch or ch in "\r\n" or ch.isspace():
                continue
            left, bottom, right, top = textpage.get_charbox(k, loose=True)
            if right - left <= 0 or top - bottom <= 0:
                continue
            out.append((ch, left, bottom, right, top))
        return out
    finally:
        textpage.close()


def _pieces(chars: list[tuple[str, float, float, float, float]], height: float, gaps: bool = True) -> list[_Piece]:
    """Characters grouped by baseline, cut at gaps wider than three characters; page
    coordinates turned so that ``top`` grows downwards. Without ``gaps``, no layout space
    and no cut (the lines of a table cell)."""
    if not chars:
        return []
    sizes = [c[3] - c[1] for c in chars if not c[0].isascii()] or [c[3] - c[1] for c in chars]
    size = statistics.median(sizes)
    by_line: list[list[tuple[str, float, float, float, float]]] = []
    for char in sorted(chars, key=lambda c: (-round((c[2] + c[4]) / 2 / (size * 0.5)), c[1])):
        middle = (char[2] + char[4]) / 2
        if by_line and abs((by_line[-1][0][2] + by_line[-1][0][4]) / 2 - middle) < size * 0.45:
            by_line[-1].append(char)
        else:
            by_line.append([char])
    pieces = []
    for line in by_line:
        line.sort(key=lambda c: c[1])
        start = 0
        for k in range(1, len(line) + 1):
            if k == len(line) or (gaps and line[k][1] - line[k - 1][3] > 3 * size):
                part = line[start:k]
                text = ""
                for j, (ch, left, _, _, _) in enumerate(part):
                    if gaps and j and left - part[j - 1][3] > 0.6 * size:
                        text += "\u3000"  # a layout space, as a text file prints it
                    text += ch
                pieces.append(_Piece(part[0][1], part[-1][3], height - max(c[4] for c in part),
                                     height - min(c[2] for c in part), text, size))
                start = k
    return pieces


def _rules(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:  # type: ignore[no-untyped-def]
    """The horizontal rules (y, x0, x1) and vertical rules (x, top, bottom) of a page."""
    import pypdfium2.raw as pdfium_c

    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= _RULE and right - left > _RULE:
            horizontal.append((height - (top + bottom) / 2, left, right))
        elif right - left <= _RULE and top - bottom > _RULE:
            vertical.append(((left + right) / 2, height - top, height - bottom))
    return horizontal, vertical


Char = tuple[str, float, float, float, float]


def _table_rows(chars: list[Char], page, height: float) -> tuple[list[_Row], list[Char]]:  # type: ignore[no-untyped-def]
    """The table rows a page's rules make (each cell's characters read line by line and
    joined), and the characters outside every table."""
    horizontal, vertical = _rules(page, height)
    if not vertical or len(horizontal) < 2:
        return [], chars
    ys = sorted({round(y, 1) for y, _, _ in horizontal})
    rows: list[_Row] = []
    taken: set[int] = set()
    for top, bottom in zip(ys, ys[1:]):
        walls = sorted({round(x, 1) for x, t, b in vertical if t <= top + 1 and b >= bottom - 1})
        if len(walls) < 2:
            continue
        cells = []
        for left, right in zip(walls, walls[1:]):
            held = [(k, c) for k, c in enumerate(chars) if left <= (c[1] + c[3]) / 2 <= right
                    and top <= height - (c[2] + c[4]) / 2 <= bottom]
            taken.update(k for k, _ in held)
            cells.append("".join(p.text for p in _pieces([c for _, c in held], height, gaps=False)))
        rows.append(_Row(top, cells))
    return rows, [c for k, c in enumerate(chars) if k not in taken]


def _columns(pieces: list[_Piece], width: float) -> list[list[_Piece]]:
    """The page's pieces in reading order, a list a column (one, or two when a gutter runs
    down the page); in a column, the pieces of one baseline joined into one line (组　　长：…
    printed with wide spaces)."""
    columns = [pieces]
    body = [p for p in pieces if p.x1 - p.x0 < width * 0.6]
    if len(pieces) >= 8 and len(body) >= len(pieces) * 0.8:
        for gutter in sorted({round(p.x1 + 1) for p in body}):
            left = [p for p in pieces if p.x1 <= gutter]
            right = [p for p in pieces if p.x0 > gutter]
            if len(left) + len(right) == len(pieces) and len(left) >= 3 and len(right) >= 3:
                columns = [left, right]
                break
    return [_baselines(column) for column in columns]


def _baselines(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces in reading order, those of one baseline joined with a layout space."""
    out: list[_Piece] = []
    for piece in sorted(pieces, key=lambda p: (round(p.middle / (p.size * 0.5)), p.x0)):
        last = out[-1] if out else None
        if last is not None and abs(last.middle - piece.middle) < piece.size * 0.45 and piece.x0 >= last.x1:
            out[-1] = _Piece(last.x0, piece.x1, min(last.top, piece.top), max(last.bottom, piece.bottom),
                             f"{last.text}\u3000{piece.text}", last.size)
        else:
            out.append(piece)
    return out


def _furniture(pages: list[list[_Piece]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, piece) of the running headers and footers: in the top or bottom band, their
    text (digits aside) on at least a third of the pages, or a page number alone."""
    def key(piece: _Piece) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s", "", piece.text))

    banded = [(k, j, p) for k, pieces in enumerate(pages) for j, p in enumerate(pieces)
              if p.bottom < heights[k] * _BAND or p.top > heights[k] * (1 - _BAND)]
    counts = Counter(key(p) for _, _, p in banded)
    many = max(2, len(pages) // 3)
    return {(k, j) for k, j, p in banded if counts[key(p)] >= many or _PAGE_NUMBER.match(p.text)}


def read_pdf(data: bytes, source: str) -> PdfText:
    """The lines of a PDF issue with the printed page of each (see the module's rules)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ParseError(f"not a readable PDF ({error})", source=source) from None
    try:
        pages, heights, widths, tables = [], [], [], []
        for page in document:
            width, height = page.get_size()
            rows, chars = _table_rows(_chars(page), page, height)
            pieces = _pieces(chars, height)
            pages.append(pieces)
            tables.append(rows)
            heights.append(height)
            widths.append(width)
            page.close()
        count = len(pages)
    finally:
        document.close()
    blank = [k + 1 for k, (pieces, rows) in enumerate(zip(pages, tables)) if not pieces and not rows]
    if count == 0 or len(blank) == count:
        raise ParseError(f"no text layer on any of its {count} page(s): a scanned PDF? It needs OCR first "
                         "(for example `ocrmypdf -l chi_sim`), then build again", source=source)
    if len(blank) > count // 2:
        raise ParseError(f"no text layer on pages {page_ranges(blank)} of {count}: a scan in part? Those pages "
                         "need OCR first (for example `ocrmypdf -l chi_sim`)", source=source, line=None)
    furniture = _furniture(pages, heights)
    printed = _printed_numbers(pages, furniture)
    facts = _issue_facts(pages, furniture)
    lines, line_pages, kinds = [], [], []  # kinds: (piece or None for table lines, page index)
    for k, pieces in enumerate(pages):
        kept = [p for j, p in enumerate(pieces) if (k, j) not in furniture]
        columns = _columns(kept, widths[k])
        flow: list[_Piece | _Row]
        if len(columns) == 1:  # table rows stand between the lines, where they were printed
            flow = sorted([*columns[0], *tables[k]], key=lambda item: item.top)
        else:
            flow = [p for column in columns for p in column] + tables[k]
        for item in flow:
            if isinstance(item, _Row):
                lines.append("")
                line_pages.append(printed[k])
                kinds.append((None, k))
                for cell in item.cells:
                    lines.append("\t" + cell)
                    line_pages.append(printed[k])
                    kinds.append((None, k))
            else:
                lines.append(item.text)
                line_pages.append(printed[k])
                kinds.append((item, k))
    joined_lines, joined_pages = _paragraphs(lines, line_pages, kinds)
    return PdfText(tuple(joined_lines), tuple(joined_pages), *facts, page_count=count, blank_pages=tuple(blank))


def _printed_numbers(pages: list[list[_Piece]], furniture: set[tuple[int, int]]) -> list[int]:
    """The number printed at the foot of each page, else its place in the file."""
    numbers = []
    for k, pieces in enumerate(pages):
        found = [int(m["n"]) for j, p in enumerate(pieces) if (k, j) in furniture
                 for m in [_PAGE_NUMBER.match(p.text)] if m]
        numbers.append(found[-1] if found else k + 1)
    return numbers


def _issue_facts(pages: list[list[_Piece]], furniture: set[tuple[int, int]]) -> tuple[str, int | None, int | None,
                                                                                      int | None]:
    """The gazette's name, year, issue and serial number, from the cover and the headers."""
    texts = [re.sub(r"[\s\u3000]", "", p.text) for p in (pages[0] if pages else [])]
    texts += [re.sub(r"[\s\u3000]", "", p.text) for k, pieces in enumerate(pages[:6]) for j, p in enumerate(pieces)
              if (k, j) in furniture]
    joined = " ".join(texts)
    name = _GAZETTE.search(joined)
    issue = _ISSUE.search(joined)
    serial = _SERIAL.search(joined)
    return (name["name"] if name else "", int(issue["year"]) if issue else None,
            int(issue["issue"]) if issue else None, int(serial["serial"]) if serial else None)


def _paragraphs(lines: list[str], pages: list[int], kinds: list[tuple[object, int]]) -> tuple[list[str], list[int]]:
    """Lines broken by print joined again: a line that reaches the right margin goes on in
    the next when that one starts at the left margin."""
    pieces = [piece for piece, _ in kinds if isinstance(piece, _Piece)]
    if not pieces:
        return lines, pages
    left = Counter(round(p.x0) for p in pieces).most_common(1)[0][0]
    right = sorted(p.x1 for p in pieces)[int(len(pieces) * 0.95) - 1 if len(pieces) > 1 else 0]
    out_lines: list[str] = []
    out_pages: list[int] = []
    previous: _Piece | None = None
    for line, page, (piece, _) in zip(lines, pages, kinds):
        if (isinstance(piece, _Piece) and previous is not None and out_lines
                and previous.x1 >= right - 0.8 * previous.size and abs(piece.x0 - left) <= 0.5 * piece.size):
            out_lines[-1] += line
        else:
            out_lines.append(line)
            out_pages.append(page)
        previous = piece if isinstance(piece, _Piece) else None
    return out_lines, out_pages


def page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> 1-3, 7."""
    parts, start = [], None
    for k, n in enumerate(numbers):
        if start is None:
            start = n
        if k + 1 == len(numbers) or numbers[k + 1] != n + 1:
            parts.append(f"{start}-{n}" if n != start else str(n))
            start = None
    return ", ".join(parts)
