"""Dates and effective-date clauses: the one place where the parser reads a date.

Forms read (every pattern is bounded, so it runs in linear time on any line):

==============================  ============
text                            ISO date
==============================  ============
2021年10月14日                   2021-10-14
２０２１年１０月１４日            2021-10-14 (full-width digits are made ASCII first)
二〇〇四年六月二十六日            2004-06-26
二○二一年一月十二日               2021-01-12 (the circle ○ some gazettes print for 〇)
==============================  ============

Effective-date clauses (:data:`EFFECTIVE`): 自2021年12月1日起施行, 自公布之日起施行,
自印发之日起实施, 自发布之日开始执行; the decision form 本决定自…起施行 is the same clause.
"""

from __future__ import annotations

import re

from .numerals import cn_to_int, to_ascii_digits

__all__ = ["DATE", "DATE_TEXT", "YEAR_TEXT", "DATE_LINE", "EFFECTIVE", "iso_date", "find_date", "parse_date_text", "find_dates"]

_CN_YEAR = "[〇○零一二三四五六七八九]{4}"
_CN_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = "(?:[二三]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"

#: A year in Arabic or Chinese numerals: 2021, 二〇〇四, 二○二一.
YEAR_TEXT = rf"(?:\d{{4}}|{_CN_YEAR})"
#: A date in Arabic or Chinese numerals; groups y, m, d.
DATE = re.compile(
    rf"(?P<y>\d{{4}}|{_CN_YEAR})年(?P<m>\d{{1,2}}|{_CN_MONTH})月(?P<d>\d{{1,2}}|{_CN_DAY})日"
)
#: The same date without named groups, to build other patterns from.
DATE_TEXT = re.sub(r"\(\?P<[a-z]+>", "(?:", DATE.pattern)
#: A line that is a date and nothing else.
DATE_LINE = re.compile(rf"^{DATE.pattern}$")
#: 自2021年12月1日起施行 / 自公布之日起施行 …; group "when" is the date or the event.
EFFECTIVE = re.compile(
    rf"自(?P<when>{DATE_TEXT}"
    r"|公布之日|印发之日|发布之日)(?:起)?(?:开始)?(?:施行|实施|执行|生效)"
)


def iso_date(year: str, month: str, day: str) -> str | None:
    """Year, month and day as written (Arabic or Chinese) -> 2021-10-14, or None if impossible."""
    try:
        y, m, d = (cn_to_int(part.replace("○", "〇")) for part in (year, month, day))
    except ValueError:
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1000 <= y <= 9999):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _iso(match: re.Match[str] | None) -> str | None:
    return iso_date(match["y"], match["m"], match["d"]) if match else None


def find_date(text: str) -> str | None:
    """The first date in a text."""
    return _iso(DATE.search(to_ascii_digits(text)))


def find_dates(text: str) -> list[str]:
    """Every date in a text, in order."""
    return [iso for iso in (_iso(m) for m in DATE.finditer(to_ascii_digits(text))) if iso]


def parse_date_text(text: str) -> str | None:
    """A whole-line date (layout spaces already removed) -> ISO date, else None."""
    return _iso(DATE_LINE.match(to_ascii_digits(text)))
