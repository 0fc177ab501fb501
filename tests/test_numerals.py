"""Chinese numerals, both ways (STYLE.md §10)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parser.numerals import cn_to_int, int_to_cn, to_ascii_digits

CASES = [
    # (numeral, value)  comment
    ("一", 1),
    ("十", 10),  # a bare 十 is ten, not 'one-ten'
    ("十五", 15),
    ("一十五", 15),  # the formal spelling reads the same
    ("二十八", 28),  # 28 articles of the secondary-water regulation
    ("五十五", 55),  # 55 articles of the property regulation
    ("一百", 100),
    ("一百零三", 103),  # 零 fills the empty tens
    ("一百一十", 110),
    ("两千零二十一", 2021),  # 两 is two
    ("二〇三五", 2035),  # positional year form with 〇
    ("一万零五", 10005),
    ("２８", 28),  # full-width digits
    ("46", 46),
]


@pytest.mark.parametrize(("numeral", "value"), CASES)
def test_cn_to_int(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(("value", "numeral"), [(14, "十四"), (103, "一百零三"), (55, "五十五"), (10, "十"),
                                                (110, "一百一十"), (1005, "一千零五"), (20000, "二万")])
def test_int_to_cn(value: int, numeral: str) -> None:
    assert int_to_cn(value) == numeral


@given(st.integers(min_value=0, max_value=99_999))
def test_round_trip(n: int) -> None:
    assert cn_to_int(int_to_cn(n)) == n


@pytest.mark.parametrize("bad", ["", "甲", "十X"])
def test_rejects_non_numerals(bad: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(bad)


def test_to_ascii_digits_changes_only_digits() -> None:
    assert to_ascii_digits("〔2021〕第３号（一）") == "〔2021〕第3号（一）"
