"""Normalisation of raw gazette text, done once before any parsing.

Guarantees, each tested in ``tests/test_normalize.py``:

1. Line endings are ``\\n`` (``\\r\\n`` and lone ``\\r`` are converted); a BOM is dropped.
   Line numbers therefore match what an editor shows for the original file.
2. :func:`clean` maps full-width digits to ASCII and strips surrounding white space,
   ideographic spaces (U+3000) included; inner text is left as it is.
3. :func:`squeeze` also removes white space *between* CJK characters, so the spaced
   display titles 决　　定, 实　施　方　案 and 市　长 become 决定, 实施方案, 市长, while
   white space between Latin words or digits survives as one space.
"""

from __future__ import annotations

import re

from .numerals import to_ascii_digits

__all__ = ["split_lines", "clean", "squeeze", "norm_title", "cited_titles", "CITED_TITLE", "BLANK"]

BLANK = re.compile(r"^[\s\u3000\ufeff]*$")
_SPACE = r"[\s\u3000\u00a0]"
_INNER_SPACE = re.compile(rf"{_SPACE}+")
# Space with a CJK character (or CJK punctuation) on at least one side is layout.
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》“”‘’（）〔〕、，。：；！？]"
_LAYOUT_SPACE = re.compile(rf"(?<={_CJK}){_SPACE}+|{_SPACE}+(?={_CJK})")


def split_lines(text: str) -> list[str]:
    """Split text into lines after normalising line endings and dropping a BOM."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def clean(line: str) -> str:
    """Full-width digits to ASCII, outer white space removed."""
    return to_ascii_digits(line).strip(" \t\u3000\u00a0\ufeff")


def squeeze(text: str) -> str:
    """:func:`clean`, then drop layout spaces next to CJK characters."""
    text = _LAYOUT_SPACE.sub("", clean(text))
    return _INNER_SPACE.sub(" ", text)


#: A title cited in 《》, one level of 《》 (or 〈〉) allowed inside: 《关于修改〈X〉的决定》.
CITED_TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")


def norm_title(title: str) -> str:
    """The normal form titles are compared in: layout spaces gone, 〈〉 as 《》, outer 《》 dropped."""
    return squeeze(title).replace("〈", "《").replace("〉", "》").strip("《》")


def cited_titles(text: str) -> set[str]:
    """The titles a text cites in 《》, in normal form."""
    return {norm_title(m.group(1)) for m in CITED_TITLE.finditer(text)}
