"""Chinese numerals and full-width digits, both ways.

One module for every number the parser reads: 第一百零三条, 第二十八条, 〔2021〕第３号,
二〇三五年. Hand-written character classes such as ``第[一二三…九]+章`` miss 第十章 and
第一百条; every pattern in the parser uses :data:`CN_NUMBER` instead.

Guarantees (tested both ways with hypothesis):

* ``cn_to_int(int_to_cn(n)) == n`` for 0 <= n < 100000;
* ``cn_to_int`` accepts the colloquial forms 十 / 一十, 两, 〇 / 零, 廿, and plain
  digit strings (ASCII or full-width);
* ``to_ascii_digits`` changes only full-width digits, nothing else.
"""

from __future__ import annotations

import functools

__all__ = [
    "CN_DIGITS",
    "CN_ONES",
    "CN_NUMBER",
    "NUMBER",
    "cn_to_int",
    "int_to_cn",
    "to_ascii_digits",
]

_DIGIT_VALUES = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
_MYRIAD = {"万": 10_000}

#: The Chinese digits one to nine.
CN_ONES = "一二三四五六七八九"
#: Characters that may appear in a Chinese numeral.
CN_DIGITS = "零〇一二两三四五六七八九十百千万廿"
#: A regex fragment matching one Chinese numeral (no groups).
CN_NUMBER = f"[{CN_DIGITS}]+"
#: A regex fragment matching a Chinese numeral or a run of (ASCII or full-width) digits.
NUMBER = f"(?:{CN_NUMBER}|[0-9０-９]+)"

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def to_ascii_digits(text: str) -> str:
    """Replace full-width digits ０-９ by ASCII digits; leave everything else alone."""
    return text.translate(_FULLWIDTH_DIGITS)


def _below_myriad(text: str) -> int:
    """Value of a numeral without 万, e.g. 一百零三 -> 103, 十五 -> 15."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in _DIGIT_VALUES for ch in text) and len(text) > 1:
        # Positional form used in years: 二〇三五 -> 2035.
        return int("".join(str(_DIGIT_VALUES[ch]) for ch in text))
    total = 0
    pending: int | None = None
    for ch in text:
        if ch in _DIGIT_VALUES:
            pending = _DIGIT_VALUES[ch]
        elif ch in _UNIT_VALUES:
            # A bare unit (十五, 百) means one of it.
            total += (1 if pending is None else pending) * _UNIT_VALUES[ch]
            pending = None
        elif ch == "廿":
            total += 20
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if pending is not None:
        total += pending
    return total


@functools.lru_cache(maxsize=4096)  # citations repeat the same few numerals many times
def cn_to_int(text: str) -> int:
    """Convert a Chinese numeral or a digit string to an int.

    >>> cn_to_int("一百零三"), cn_to_int("十"), cn_to_int("２８")
    (103, 10, 28)
    """
    text = to_ascii_digits(text.strip())
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    if "万" in text:
        high, _, low = text.partition("万")
        return (_below_myriad(high) if high else 1) * 10_000 + (_below_myriad(low) if low else 0)
    return _below_myriad(text)


_CN_DIGIT_CHARS = "零一二三四五六七八九"


def _int_to_cn_below_myriad(n: int) -> str:
    if n < 10:
        return _CN_DIGIT_CHARS[n]
    parts: list[str] = []
    zero_pending = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(_CN_DIGIT_CHARS[digit] + unit)
    text = "".join(parts)
    # 一十五 is written 十五 when it leads the numeral.
    return text[1:] if text.startswith("一十") else text


def int_to_cn(n: int) -> str:
    """Convert a non-negative int to the numeral used in legal texts.

    >>> int_to_cn(14), int_to_cn(103), int_to_cn(55)
    ('十四', '一百零三', '五十五')
    """
    if n < 0:
        raise ValueError("negative numbers have no Chinese legal numeral")
    if n < 10_000:
        return _int_to_cn_below_myriad(n)
    high, low = divmod(n, 10_000)
    text = int_to_cn(high) + "万"
    if low:
        low_text = _int_to_cn_below_myriad(low)
        if low < 1000:
            low_text = "零" + (("一" + low_text) if low_text.startswith("十") else low_text)
        text += low_text
    return text
