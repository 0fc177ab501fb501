"""A saved page of a gazette site (www.gov.cn/gongbao, www.gov.cn/zhengce, a province's or a
city's gazette pages) read into lines and the page's facts of its document.

* **the content block**: the element a government site puts the document in
  (``#UCAP-CONTENT`` of gov.cn, ``#zoom``, ``.pages_content``, ``.TRS_Editor``, ``article``),
  else the element with the most text; its paragraphs are lines: each ``<p>``, ``<div>``,
  ``<br>``, ``<li>`` boundary a line break, inline tags dropped with their text kept, a table
  cell a line that opens with a tab and each row a blank line before it (the tab tables of a
  text file), a misspelt entity left as text (``&sp;``) removed;
* **the page's facts**: its metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号,
  发布日期, 主题词, labels spaced or not) and its ``<meta>`` fields (ArticleTitle, PubDate,
  ContentSource …), each as a (name, value) pair in the order the page gives them.

:func:`parser.parse_gazette` gives the facts to the first document of the page and warns
where they disagree with what the text itself says (a title, a number, an issuer, a date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decode import decode
from .errors import ParseError

__all__ = ["HtmlPage", "content_lines", "read_html", "FIELD_NAMES"]

#: The labels of a gazette page's metadata table, as the fields they fill.
FIELD_NAMES = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "主题词", "文号", "发布机构",
               "公布日期", "施行日期", "有效性", "来源")
#: ``<meta name=…>`` fields and the label they stand for.
_META_FIELDS = {"articletitle": "标题", "pubdate": "发布日期", "contentsource": "来源", "firstpublishedtime": "发布日期",
                "keywords": "主题词"}
_CONTENT_IDS = ("UCAP-CONTENT", "zoom", "content", "mainText", "article")
_CONTENT_CLASSES = ("pages_content", "TRS_Editor", "article-content", "article_content", "content")
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "center", "table", "tbody",
          "section", "article"}
_CELL = {"td", "th"}
#: An entity the page misspelt (``&sp;``), left as text by the HTML parser: markup, removed.
_STRAY_ENTITY = re.compile(r"&[A-Za-z]{2,8};")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlPage:
    text: str
    encoding: str
    metadata: tuple[tuple[str, str], ...]


def _decoded(data: bytes, name: str) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        try:
            return data.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(charset, charset)), charset
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode(data, name)
    return decoded.text, decoded.encoding


def content_lines(cell) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of a content element: its paragraphs, its tables as tab tables."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _STRAY_ENTITY.sub("", "".join(current)).replace("\u00a0", " ").strip(" \r\n")
        if line.startswith("\t"):
            line = "\t" + line[1:].strip(" ")
        if line.strip(" \t\u3000"):
            lines.append(line)
        current.clear()

    def text_of(fragment: str | None) -> str:
        return re.sub(r"[\r\n]+", "", fragment or "")

    def walk(node, in_cell: bool = False) -> None:  # type: ignore[no-untyped-def]
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in ("script", "style") or not isinstance(node.tag, str):
            return
        if tag == "tr":
            flush()
            lines.append("")
        breaks = tag in _CELL or (tag in _BLOCK and not in_cell)  # a cell is one line
        if breaks:
            flush()
        if tag in _CELL:
            current.append("\t")
        current.append(text_of(node.text))
        for child in node:
            walk(child, in_cell or tag in _CELL)
            current.append(text_of(child.tail))
        if breaks:
            flush()

    current.append(text_of(cell.text))
    for child in cell:  # the content element's own children: its paragraphs are lines
        walk(child)
        current.append(text_of(child.tail))
    flush()
    out: list[str] = []
    for line in lines:  # a blank line only before a table row, never two, never at the start
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return [line for k, line in enumerate(out) if line or (k + 1 < len(out) and out[k + 1].startswith("\t"))]


def _content(root):  # type: ignore[no-untyped-def]
    for ident in _CONTENT_IDS:
        found = root.xpath(f'//*[@id="{ident}"]')
        if found:
            return found[0]
    for name in _CONTENT_CLASSES:
        found = root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')
        if found:
            return found[0]
    candidates = root.xpath("//article|//div|//td")
    return max(candidates, key=lambda e: len(e.text_content() or ""), default=root)


def _metadata(root, content) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(label, value) of the page's metadata table and <meta> fields, outside the content."""
    found: list[tuple[str, str]] = []
    for row in root.xpath("//tr"):
        if content is not None and any(a is content for a in row.iterancestors()):
            continue
        cells = [re.sub(r"\s+", " ", c.text_content()).strip() for c in row.xpath("./td|./th")]
        for k in range(0, len(cells) - 1):
            label = re.sub(r"[\s\u3000]", "", cells[k]).rstrip("：:")
            if label in FIELD_NAMES and cells[k + 1] and not cells[k + 1].endswith(("：", ":")):
                found.append((label, cells[k + 1]))
    for meta in root.xpath("//meta[@name][@content]"):
        label = _META_FIELDS.get(meta.get("name", "").lower())
        if label and meta.get("content", "").strip() and all(label != k for k, _ in found):
            found.append((label, meta.get("content").strip()))
    return found


def read_html(data: bytes, name: str) -> HtmlPage:
    """The lines of a saved gazette page and its facts (see the module's rules)."""
    from lxml import etree
    from lxml import html as lxml_html

    text, encoding = _decoded(data, name)
    try:
        root = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ParseError(f"not a readable HTML page ({error})", source=name, line=1) from None
    content = _content(root)
    lines = content_lines(content)
    if not any(line.strip() for line in lines):
        raise ParseError("the page has no text in its content block", source=name, line=1)
    return HtmlPage("\n".join(lines) + "\n", encoding, tuple(_metadata(root, content)))
