"""The grammar of the genre: the fragments Chinese legal texts are written in, each written once.

Every pattern of the parser, the linker, the extraction, the search and the tools that reads
one of these fragments builds it from here (as eyecite keeps its regexes in one module and
bluebell its grammar in one file). Numbers come from :mod:`parser.numerals`, dates from
:mod:`parser.dates`; ``tests/test_grammar.py`` holds a table of real lines for each fragment.

=====================  ==========================================  ==========================
fragment               real lines it reads                          groups
=====================  ==========================================  ==========================
:data:`UNIT_LABEL`     第三条, 第一百零一条, 第二款, 第五章, 第3条        none
:func:`pinpoint`       第十九条第一款第（三）项, 第五条第2目,             ``{p}chp`` ``{p}art``
                       第二章, 名称, 引言 (with ``parts``)                ``{p}para`` ``{p}item``
                                                                    ``{p}point`` ``{p}part``
:data:`ARTICLE_OF`     第十四条之一                                   none
:data:`DIVISION`       一、 十二、                                   none
:data:`ITEM`           （三） (3) （十五）                           none
:data:`POINT`          1. 2． 3、 (not 1.5亿)                        none
:data:`SUBPOINT`       （1） (12)                                   none
:data:`INDENT`         ① ⑳                                         none
:data:`OUTLINE_LABEL`  any label outside articles, 第二章 included    none
:data:`ANY_LABEL`      any provision label                          none
:data:`SESSION`        第二十三次, 第十三届                            none
:data:`EDITION_NOTE`   （2021年修正）, （修订本）, （试行）, 〔2021〕      none
:data:`DATE_TEXT`      2021年10月14日, 二〇〇四年六月二十六日            none
=====================  ==========================================  ==========================
"""

from __future__ import annotations

import re

from .dates import DATE, DATE_TEXT
from .numerals import CN_NUMBER, NUMBER

__all__ = [
    "CN_NUMBER",
    "NUMBER",
    "DATE",
    "DATE_TEXT",
    "UNITS",
    "UNIT_LABEL",
    "ARTICLE",
    "ARTICLE_OF",
    "DIVISION",
    "ITEM",
    "POINT",
    "SUBPOINT",
    "INDENT",
    "OUTLINE_LABEL",
    "ANY_LABEL",
    "LABEL_AT_START",
    "SESSION",
    "EDITION_NOTE",
    "PARTS",
    "pinpoint",
]

#: The units of a text, by the word that counts them: 第三编, 第五章, 第二节, 第十四条, 第二款,
#: 第（三）项, 第2目.
UNITS = {"编": "book", "章": "chapter", "节": "section", "条": "article", "款": "paragraph", "项": "item",
         "目": "point"}
#: A numbered unit of any level: 第三条, 第二款, 第五章, 第3条.
UNIT_LABEL = rf"第{NUMBER}[编章节条款项目]"
#: An article: 第十四条 (group ``n``: its number).
ARTICLE = rf"第(?P<n>{NUMBER})条"
#: An article inserted between two others: 第十四条之一.
ARTICLE_OF = rf"之{CN_NUMBER}"
#: The outline labels: 一、 （一） 1. （1） ①.
DIVISION = rf"{CN_NUMBER}、"
ITEM = rf"[（(]{CN_NUMBER}[）)]"
POINT = r"\d{1,3}(?:[.．](?!\d)|、)"
SUBPOINT = r"[（(]\d{1,3}[）)]"
INDENT = "[①-⑳]"
#: A label outside articles, 编/章/节 included: what a pinpoint such as 四、（五）1.（1） is made of.
OUTLINE_LABEL = rf"(?:第{NUMBER}[编章节]|{DIVISION}|{ITEM}|{POINT}|{SUBPOINT}|{INDENT})"
#: Any provision label.
ANY_LABEL = rf"(?:{UNIT_LABEL}|{DIVISION}|{ITEM}|{POINT}|{SUBPOINT}|{INDENT})"
#: A provision label at the start of a line (with the space after it).
LABEL_AT_START = re.compile(rf"^\s*{ANY_LABEL}\s*", re.MULTILINE)
#: A session of a congress or a meeting: 第二十三次 (常务会议), 第十三届 (全国人民代表大会).
SESSION = rf"第{CN_NUMBER}[次届]"
#: An edition note after a title: （2021年修正）, （2021年修正本）, （修订）, （试行）, （暂行）, 〔2021〕.
EDITION_NOTE = (r"(?:[（(](?:\d{4}年(?:修正|修订|修改)?(?:本|文本)?|(?:修正|修订|修改|试行|暂行)(?:本|文本)?)[）)]"
                r"|[〔\[]\d{4}[〕\]])")
#: The named parts of a work an amendment may target, by the word the decision uses.
PARTS = {"名称": "title", "标题": "title", "题目": "title", "引言": "preamble", "序言": "preamble",
         "前言": "preamble"}


def pinpoint(prefix: str = "", *, parts: bool = False, groups: bool = True) -> str:
    """第X章第X条第Y款第（Z）项第W目, every level optional, the 项 in brackets or not; groups named
    ``{prefix}chp``, ``{prefix}art``, ``{prefix}para``, ``{prefix}item``, ``{prefix}point`` (and
    ``{prefix}part`` with ``parts``: 名称, 引言 as an amendment names them); no groups with
    ``groups=False``."""
    def group(name: str) -> str:
        return f"?P<{prefix}{name}>" if groups else "?:"

    part = rf"(?:({group('part')}{'|'.join(PARTS)}))?" if parts else ""
    return (part
            + rf"(?:第({group('chp')}{NUMBER})章)?"
            + rf"(?:第({group('art')}{NUMBER})条)?"
            + rf"(?:第({group('para')}{NUMBER})款)?"
            + rf"(?:第[（(]?({group('item')}{CN_NUMBER}|\d+)[）)]?项)?"
            + rf"(?:第({group('point')}{NUMBER})目)?")
