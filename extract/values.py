"""Amounts, fines, durations, deadlines and dates in Chinese legal text, as numbers.

Pure functions over strings; each finder returns ``(start, end, value)`` triples with
character offsets, so that the spaCy pipeline can map them onto tokens.

* money: ``二百元``, ``5000元``, ``1.5万元``, ``五十万元`` -> yuan as a number;
* fines: ``处五千元以上二万元以下罚款`` -> low 5000, high 20000; ``处二百元罚款`` -> 200–200;
  ``处…一倍以上三倍以下罚款`` -> multiples of a base the text names (``unit`` ``times``);
* durations and deadlines: ``提前二十四小时`` (advance), ``十日内`` / ``15个工作日内``
  (within), ``三日前`` (before), ``每半年`` / ``每3年`` / ``每季度`` (every),
  ``每年12月10日前`` (an annual date);
* dates: ``2021年12月1日``, ``二〇二一年十二月一日`` -> ISO 8601.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parser.dates import DATE
from parser.numerals import CN_NUMBER, cn_to_int, to_ascii_digits

__all__ = ["Money", "Fine", "Duration", "find_money", "find_fines", "find_durations", "find_dates", "number_value"]

_NUM = rf"(?:[0-9０-９]+(?:\.[0-9０-９]+)?|{CN_NUMBER})"
_MONEY = rf"(?P<{{name}}>{_NUM})(?P<{{name}}_myriad>万|亿)?元"


def _money(name: str) -> str:
    return _MONEY.format(name=name)


def number_value(text: str) -> float:
    """二十四 -> 24, 1.5 -> 1.5, 二万 -> 20000, 2万 -> 20000."""
    text = to_ascii_digits(text)
    scale = 1
    if text.endswith("亿"):
        text, scale = text[:-1], 100_000_000
    elif text.endswith("万") and any(ch.isdigit() for ch in text):
        text, scale = text[:-1], 10_000
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        value = float(text) * scale
    else:
        value = float(cn_to_int(text)) * scale
    return int(value) if value == int(value) else value


def _yuan(match: re.Match[str], name: str) -> float:
    value = number_value(match.group(name))
    myriad = match.group(f"{name}_myriad")
    scale = {"万": 10_000, "亿": 100_000_000}.get(myriad or "", 1)
    out = value * scale
    return int(out) if out == int(out) else out


@dataclass(frozen=True)
class Money:
    yuan: float


@dataclass(frozen=True)
class Fine:
    low: float
    high: float
    unit: str = "yuan"  # or "times": a multiple of an amount the text names (违法所得一倍以上三倍以下)


@dataclass(frozen=True)
class Duration:
    amount: float
    unit: str  # hour, day, workday, week, month, quarter, year
    kind: str  # advance (提前), within (…内), before (…前), every (每…), annual (每年M月D日前), term (期限)
    date: str = ""  # MM-DD for annual deadlines

    @property
    def is_deadline(self) -> bool:
        return self.kind in ("advance", "within", "before", "annual")


_MONEY_RE = re.compile(_money("a"))
_FINE_RANGE = re.compile(rf"(?:{_money('low')}以上)?{_money('high')}(?:以下)?(?:的)?罚款")
_FINE_TIMES = re.compile(rf"(?P<low>{_NUM})倍以上(?:(?P<high>{_NUM})倍以下)?(?:的)?罚款")

_UNITS = {"小时": "hour", "日": "day", "天": "day", "工作日": "workday", "个工作日": "workday", "周": "week",
          "个月": "month", "月": "month", "季度": "quarter", "个季度": "quarter", "年": "year"}
_UNIT = "(?P<unit>个工作日|工作日|小时|个季度|季度|个月|日|天|周|月|年)"
_ADVANCE = re.compile(rf"提前(?P<n>{_NUM}){_UNIT}")
_WITHIN = re.compile(rf"(?P<n>{_NUM}){_UNIT}(?:内|以内|之内)")
_BEFORE = re.compile(rf"(?P<n>{_NUM}){_UNIT}前")
_EVERY = re.compile(rf"每(?:(?P<half>半)|(?P<n>{_NUM})?)(?P<unit>个工作日|工作日|小时|个季度|季度|个月|日|天|周|月|年)")
_ANNUAL = re.compile(r"每年(?P<m>[0-9０-９]{1,2})月(?P<d>[0-9０-９]{1,2})日(?:前|之前|以前)")
_TERM = re.compile(rf"(?:期限|有效期|任期|聘期|期)(?:为|是)?(?P<n>{_NUM}){_UNIT}")

_DATE = DATE  # digits ASCII or full-width (\d), or Chinese numerals


def find_money(text: str) -> list[tuple[int, int, Money]]:
    return [(m.start(), m.end(), Money(_yuan(m, "a"))) for m in _MONEY_RE.finditer(text)]


def find_fines(text: str) -> list[tuple[int, int, Fine]]:
    """Each 罚款 with its amounts; a fine without an amount (处以罚款) is not listed."""
    out = []
    for m in _FINE_RANGE.finditer(text):
        high = _yuan(m, "high")
        low = _yuan(m, "low") if m.group("low") else high
        out.append((m.start(), m.end(), Fine(low, high)))
    for m in _FINE_TIMES.finditer(text):
        low = number_value(m.group("low"))
        high = number_value(m.group("high")) if m.group("high") else low
        out.append((m.start(), m.end(), Fine(low, high, "times")))
    return sorted(out, key=lambda t: t[0])


def _duration(m: re.Match[str], kind: str) -> Duration:
    unit = _UNITS[m.group("unit")]
    amount = number_value(m.group("n")) if m.groupdict().get("n") else 1
    return Duration(amount, unit, kind)


def find_durations(text: str) -> list[tuple[int, int, Duration]]:
    """Deadlines and periods, longest first where they overlap (每年12月10日前 over 10日前)."""
    found: list[tuple[int, int, Duration]] = []
    for m in _ANNUAL.finditer(text):
        date = f"{int(to_ascii_digits(m.group('m'))):02d}-{int(to_ascii_digits(m.group('d'))):02d}"
        found.append((m.start(), m.end(), Duration(1, "year", "annual", date)))
    for m in _ADVANCE.finditer(text):
        found.append((m.start(), m.end(), _duration(m, "advance")))
    for m in _WITHIN.finditer(text):
        found.append((m.start(), m.end(), _duration(m, "within")))
    for m in _BEFORE.finditer(text):
        found.append((m.start(), m.end(), _duration(m, "before")))
    for m in _EVERY.finditer(text):
        if m.group("half"):
            unit = _UNITS[m.group("unit")]
            half = {"year": (6, "month"), "month": (15, "day"), "day": (12, "hour")}.get(unit, (0.5, unit))
            found.append((m.start(), m.end(), Duration(half[0], half[1], "every")))
        else:
            found.append((m.start(), m.end(), _duration(m, "every")))
    for m in _TERM.finditer(text):
        found.append((m.start("n"), m.end(), _duration(m, "term")))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, Duration]] = []
    for start, end, value in found:
        if kept and start < kept[-1][1]:
            continue  # inside a longer match already kept
        kept.append((start, end, value))
    return kept


def find_dates(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _DATE.finditer(text):
        try:
            year, month, day = (number_value(m.group(g)) for g in ("y", "m", "d"))
            if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                out.append((m.start(), m.end(), f"{int(year):04d}-{int(month):02d}-{int(day):02d}"))
        except ValueError:
            continue
    return out
