"""The kind of answer a question asks for, and whether a text gives it.

A question that asks for a quantity ("how many", "how long", 多少, 多久) is answered by a
text that states one (九十日内, 246家, 1:2, 30%), not by the provision that only names the
subject. Hybrid search ranks the texts among its first candidates that state a quantity a
second time and fuses that ranking too (the expected answer type of question answering:
Prager, Brown, Coden & Radev, "Question-answering by predictive annotation", SIGIR 2000).
Pure functions; :mod:`queries.search` applies them.
"""

from __future__ import annotations

import re

from parser.grammar import LABEL_AT_START
from parser.numerals import CN_DIGITS

__all__ = ["asks_quantity", "states_quantity"]

_ASKS_EN = re.compile(r"\bhow (?:many|much|long|far|often|big|large|old|soon)\b"
                      r"|\bwhat (?:percentage|percent|ratio|share|proportion|amount|number)\b", re.IGNORECASE)
_ASKS_ZH = re.compile(r"多少|几(?!乎)|多久|多长|多远|多大|多高|比例")
#: the label a provision or its line starts with (第二十四条, （三）, 三、, 2.): no quantity
_LABEL = LABEL_AT_START
#: digits, or a Chinese numeral with what it counts (九十日, 两年, 十米, 三分之一)
_QUANTITY = re.compile(rf"\d|[{CN_DIGITS}半]+(?:个|家|项|年|月|日|天|周|小时|倍|米|元|人|次|分之|成)")


def asks_quantity(question: str) -> bool:
    """Whether an English or Chinese question asks how many, how much, how long, how far."""
    return bool(_ASKS_EN.search(question) or _ASKS_ZH.search(question))


def states_quantity(text: str) -> bool:
    """Whether a text states a number of something (the labels of its lines aside)."""
    return bool(_QUANTITY.search(_LABEL.sub("", text)))
