"""Source lines and the questions the segmenter asks about one line."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import patterns as P
from .dates import iso_date, parse_date_text
from .normalize import clean, squeeze

__all__ = [
    "Line",
    "is_date",
    "parse_date",
    "is_signature",
    "is_label",
    "is_title_like",
    "is_member_row",
    "is_number",
    "iso_date",
]


@dataclass(frozen=True)
class Line:
    """A non-blank source line: number (1-based), raw text, cleaned text."""

    no: int
    raw: str
    blank_before: bool = False

    @cached_property
    def text(self) -> str:
        return clean(self.raw)

    @cached_property
    def squeezed(self) -> str:
        return squeeze(self.raw)

    @property
    def is_tab(self) -> bool:
        return self.raw.startswith("\t")


def parse_date(line: Line) -> str | None:
    return parse_date_text(line.squeezed)


def is_date(line: Line) -> bool:
    return parse_date(line) is not None


def is_signature(line: Line) -> bool:
    """An issuer (廊坊市人民政府办公室) or an office-holder (市　长　杨燕伟) line."""
    text = line.squeezed
    return bool(P.ISSUER.match(text) or P.PERSON_SIGNATURE.match(text))


_LABELS = (P.BOOK, P.CHAPTER, P.SECTION, P.ARTICLE, P.DIVISION, P.ITEM, P.SUBPOINT, P.INDENT)


def is_label(text: str, *, points: bool = True) -> bool:
    """Does the line open a labelled provision (第三条, 一、, （一）, 1., …)?"""
    if any(p.match(text) for p in _LABELS):
        return True
    return points and bool(P.POINT.match(text))


def is_title_like(line: Line) -> bool:
    """Could the line be part of a (possibly wrapped) document title?"""
    text = line.squeezed
    if not text or line.is_tab or len(text) > 100:
        return False
    if "。" in text or text.endswith(("，", ",", "：", ":", "；", ";")):
        return False  # a sentence, or a line that goes on (各县（市、区）人民政府：)
    if is_label(text) or is_date(line) or P.HISTORY_LINE.match(text) or P.RECORD_LINE.match(text) \
            or P.DATELINE.match(text):
        return False
    if P.ATTACHMENT_HEADER.match(text) or is_number(line):
        return False
    if text == "目录" or is_member_row(line):
        return False  # a table of contents; 洪天云　　扶贫办副主任 of a member list
    return not P.PUBLICATION_NOTE.match(text)


def is_number(line: Line) -> bool:
    """Is the line a document or order number alone: 国发〔2018〕41号, 第706号, （主席令第五十一号）?"""
    return bool(P.DOC_NUMBER.match(line.squeezed) or P.ORDER_NUMBER.match(line.squeezed))


def is_member_row(line: Line) -> bool:
    """A row of a member list: a name of two to four characters, layout space, a job title
    ending in a word such as 局长 or 调研员 (刘凤顺　市政府副秘书长)."""
    match = P.MEMBER.match(line.text)
    return bool(match and 2 <= len(squeeze(match["name"])) <= 4 and P.MEMBER_TITLE_WORDS.search(squeeze(match["title"])))
