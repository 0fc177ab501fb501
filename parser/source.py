"""A gazette file as published, whatever its format, read into text the parser reads.

``read_source(data, name)`` is the one door from bytes to a :class:`Source`:

==========  ======================================================================
``.txt``    decoded (:mod:`parser.decode`: UTF-8, UTF-16, GB18030)
``.pdf``    its text layer, page furniture removed, lines broken by print joined,
            tables as tab tables, the printed page of every line (:mod:`parser.pdf`)
``.html``   a saved page of a gazette site: its content block as lines, its metadata
``.htm``    table and ``<meta>`` fields as the document's fields (:mod:`parser.html`)
==========  ======================================================================

:func:`parse_source` reads and parses in one call: the pages go to every document and
provision, the issue's facts read off a cover or a page stand where the text names none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePath

from .decode import decode
from .errors import ParseError
from .records import Gazette, ParseWarning

__all__ = ["FORMATS", "Source", "parse_source", "read_source"]

#: The suffixes read, by the format they hold.
FORMATS = {".txt": "text", ".pdf": "pdf", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Source:
    """What a file holds, ready for :func:`parser.parse_gazette`."""

    text: str
    encoding: str  # utf-8, gb18030 …; "pdf"; "html/utf-8"
    pages: tuple[int, ...] | None = None  # the printed page of each line of ``text``
    gazette: str = ""  # the issue's facts, where the file shows them outside the text
    year: int | None = None
    issue: int | None = None
    serial: int | None = None
    #: the page's own facts of its document (a saved web page's 索引号, 发文机关 …)
    metadata: tuple[tuple[str, str], ...] = field(default=())
    blank_pages: tuple[int, ...] = ()  # PDF pages with no text layer


def read_source(data: bytes, name: str) -> Source:
    """The text of a file of any format read (by its name's suffix), with what it tells besides."""
    kind = FORMATS.get(PurePath(name).suffix.lower(), "text")
    if kind == "pdf":
        from .pdf import read_pdf

        pdf = read_pdf(data, name)
        return Source(pdf.text, "pdf", pdf.pages, pdf.gazette, pdf.year, pdf.issue, pdf.serial,
                      blank_pages=pdf.blank_pages)
    if kind == "html":
        from .html import read_html

        page = read_html(data, name)
        return Source(page.text, f"html/{page.encoding}", metadata=page.metadata)
    decoded = decode(data, name)
    return Source(decoded.text, decoded.encoding)


def parse_source(data: bytes, name: str) -> tuple[Source, Gazette]:
    """Read a file (:func:`read_source`) and parse it (:func:`parser.parse_gazette`)."""
    from .gazette import parse_gazette

    source = read_source(data, name)
    if not source.text.strip():
        raise ParseError("the file holds no text", source=name, line=1)
    gazette = parse_gazette(source.text, source=name, pages=source.pages, metadata=source.metadata)
    if not gazette.title and source.gazette:
        gazette = replace(gazette, title=source.gazette, year=source.year, issue=source.issue)
    if source.serial is not None:
        gazette = replace(gazette, serial=source.serial)
    if source.blank_pages:
        from .pdf import page_ranges

        blank = ParseWarning(name, 1, f"pages {page_ranges(list(source.blank_pages))} have no text layer (scanned?): "
                                      "their text is not read; OCR them first (for example `ocrmypdf -l chi_sim`)")
        gazette = replace(gazette, warnings=(blank, *gazette.warnings))
    return source, gazette
