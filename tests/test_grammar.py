"""The grammar's fragments, each with a table of real lines (:mod:`parser.grammar`), and the
rule that they are written once: no module but the grammar, the numerals and the dates
writes a numeral class, a 第…条 pinpoint or a date of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parser import grammar as G
from parser.numerals import cn_to_int

ROOT = Path(__file__).resolve().parent.parent

# (fragment, line, whether the whole line is the fragment) — lines from the real corpora
FRAGMENTS = [
    (G.UNIT_LABEL, "第一百零一条", True),
    (G.UNIT_LABEL, "第二款", True),
    (G.UNIT_LABEL, "第十章", True),  # 第[一…九]章 would miss it
    (G.UNIT_LABEL, "第3条", True),
    (G.UNIT_LABEL, "第三方", False),
    (G.ARTICLE_OF, "之一", True),
    (G.DIVISION, "十二、", True),
    (G.ITEM, "（十五）", True),
    (G.ITEM, "(三)", True),
    (G.POINT, "1.", True),
    (G.POINT, "3、", True),
    (G.POINT, "1.5", False),  # 1.5亿 is a number, not a label
    (G.SUBPOINT, "（12）", True),
    (G.INDENT, "⑳", True),
    (G.OUTLINE_LABEL, "第二章", True),
    (G.OUTLINE_LABEL, "第二条", False),  # an article is no outline label
    (G.SESSION, "第二十三次", True),
    (G.SESSION, "第十三届", True),
    (G.EDITION_NOTE, "（2021年修正）", True),
    (G.EDITION_NOTE, "（2009年修正本）", True),
    (G.EDITION_NOTE, "（修订本）", True),
    (G.EDITION_NOTE, "（试行）", True),
    (G.EDITION_NOTE, "〔2021〕", True),
    (G.EDITION_NOTE, "（一）", False),
    (G.DATE_TEXT, "2021年10月14日", True),
    (G.DATE_TEXT, "二〇〇四年六月二十六日", True),
    (G.DATE_TEXT, "二○二一年十二月三十一日", True),
]


@pytest.mark.parametrize(("fragment", "line", "whole"), FRAGMENTS)
def test_fragments_read_real_lines(fragment: str, line: str, whole: bool) -> None:
    assert bool(re.fullmatch(fragment, line)) is whole


# (text, numbers found): 第十九条第一款第（三）项 of a regulation; 第五条第2目; a chapter alone
PINPOINTS = [
    ("第十九条第一款第（三）项", {"art": 19, "para": 1, "item": 3}),
    ("第五条第二款第三项", {"art": 5, "para": 2, "item": 3}),  # 项 without brackets
    ("第一条第一款第（一）项第2目", {"art": 1, "para": 1, "item": 1, "point": 2}),
    ("第二章", {"chp": 2}),
    ("第一百零三条", {"art": 103}),
]


@pytest.mark.parametrize(("text", "numbers"), PINPOINTS)
def test_pinpoint_reads_every_level(text: str, numbers: dict[str, int]) -> None:
    match = re.fullmatch(G.pinpoint("x_"), text)
    assert match is not None
    found = {name[2:]: cn_to_int(value) for name, value in match.groupdict().items() if value}
    assert found == numbers


def test_pinpoint_names_parts_when_asked() -> None:
    match = re.fullmatch(G.pinpoint(parts=True), "名称")
    assert match is not None and match["part"] == "名称" and G.PARTS["名称"] == "title"
    assert re.fullmatch(G.pinpoint(groups=False), "第二条第一款") is not None


# --- one place per fragment --------------------------------------------------------------------

#: the modules that may write the fragments: where they are defined
OWNERS = {"parser/numerals.py", "parser/dates.py", "parser/grammar.py"}
#: a hand-written class of Chinese numerals, a date, a pinpoint of 条 and 款
WRITTEN_AGAIN = re.compile(
    r"\[[一二三四五六七八九十百千零〇两]{5,}|年\\\\d\{1,2\}月|\\\\d\{4\}年\\\\d|第\{NUMBER\}条\)\?\(\?:第\{NUMBER\}款")


def test_no_module_writes_a_fragment_again() -> None:
    sources = [p for folder in ("parser", "queries", "extract", "index", "store", "sitegen", "gazette", "tools")
               for p in (ROOT / folder).rglob("*.py")]
    again = [f"{p.relative_to(ROOT)}:{n}" for p in sources if str(p.relative_to(ROOT)) not in OWNERS
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if WRITTEN_AGAIN.search(line) and not line.lstrip().startswith("#")]
    assert again == []
