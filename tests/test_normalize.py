"""The normalisation guarantees written in parser/normalize.py."""

from parser.normalize import clean, split_lines, squeeze


def test_line_endings_and_bom() -> None:
    assert split_lines("\ufeffa\r\nb\rc\n") == ["a", "b", "c"]


def test_clean_strips_ideographic_space_and_maps_digits() -> None:
    assert clean("\u3000〔2021〕第３号　　") == "〔2021〕第3号"


def test_squeeze_removes_layout_spaces_between_cjk() -> None:
    assert squeeze("决　　定") == "决定"
    assert squeeze("实　施　方　案") == "实施方案"
    assert squeeze("市　长　杨燕伟") == "市长杨燕伟"


def test_squeeze_keeps_space_between_latin_words() -> None:
    assert squeeze("GDP  growth") == "GDP growth"
