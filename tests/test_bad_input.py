"""Bad input: a correct parse or the project's own error naming file and line; never a
traceback, never a silently dropped line."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser import ParseError, parse_gazette
from parser.normalize import BLANK, split_lines

NOTICE = """廊坊市人民政府
关于做好某项工作的通知
廊政字〔2021〕30号
各县（市、区）人民政府：
一、总体要求
（一）做好某项工作。
廊坊市人民政府
2021年11月19日
（此件公开发布）
"""
NOTICE_2 = NOTICE.replace("某项", "另一项").replace("30号", "31号").replace("19日", "20日")


def _assert_lossless(text: str, source: str = "t.txt") -> None:
    gazette = parse_gazette(text, source)
    nonblank = {n for n, line in enumerate(split_lines(text), 1) if not BLANK.match(line)}
    assert nonblank <= {role.line for role in gazette.layout}
    assert not [w for w in gazette.warnings if "placed" in w.message]


def test_empty_file() -> None:
    with pytest.raises(ParseError, match=r"e\.txt, line 1: the file is empty"):
        parse_gazette("\n \n", "e.txt")


def test_no_recognizable_document_names_the_first_line() -> None:
    with pytest.raises(ParseError) as caught:
        parse_gazette("\n\n这是一段普通的文字。\n没有任何公文。\n", "plain.txt")
    assert caught.value.line == 3
    assert "no recognizable document" in str(caught.value)


def test_documents_run_together_without_blank_lines() -> None:
    gazette = parse_gazette(NOTICE + NOTICE_2, "t.txt")
    assert [d.number.text for d in gazette.documents] == ["廊政字〔2021〕30号", "廊政字〔2021〕31号"]
    _assert_lossless(NOTICE + NOTICE_2)


def test_windows_line_endings_keep_line_numbers() -> None:
    text = NOTICE.replace("\n", "\r\n")
    gazette = parse_gazette(text, "t.txt")
    assert gazette.documents[0].signed == "2021-11-19"
    assert gazette.documents[0].first_line == 1 and gazette.documents[0].last_line == 9


def test_stray_page_header_in_mid_document() -> None:
    lines = NOTICE.splitlines()
    lines.insert(5, "市政府文件        《廊坊市人民政府公报》2021年第4号")
    gazette = parse_gazette("\n".join(lines), "t.txt")
    doc = gazette.documents[0]
    assert [p.text for p in doc.provisions if p.kind == "item"] == ["做好某项工作。"]
    assert [r.line for r in gazette.layout if r.role == "page-header"] == [6]


def test_document_cut_off_in_the_middle_warns_with_line() -> None:
    cut = "\n".join(NOTICE.splitlines()[:6]) + "\n"
    gazette = parse_gazette(cut, "cut.txt")
    assert len(gazette.documents) == 1
    assert any("cut off" in w.message and w.line == 6 for w in gazette.warnings)
    _assert_lossless(cut)


def test_article_numbering_gap_warns() -> None:
    text = "廊坊市人民政府令\n〔2021〕第9号\n《某办法》现予公布。\n市　长　某某某\n2021年1月1日\n某办法\n第一条　甲。\n第三条　乙。\n"
    gazette = parse_gazette(text, "gap.txt")
    assert any("numbering gap" in w.message and w.line == 8 for w in gazette.warnings)


LINES = st.sampled_from(NOTICE.splitlines() + [
    "第十四条　某某。", "第一章　总　　则", "附件", "附件2", "\t序号", "\t1", "《某某》政策解读", "", "  ",
    "组　长：张三　市政府副市长", "三河市（14家）", "（此件公开发布）", "2021年13月40日", "〔2021〕第１号",
    "廊坊市人民政府令", "一、", "（）", "第条", "第十条",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=40))
def test_fuzz_structured_lines(lines: list[str]) -> None:
    """Shuffled gazette-like lines: records or ParseError, and nothing dropped."""
    text = "\n".join(lines)
    try:
        _assert_lossless(text)
    except ParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_random_text(text: str) -> None:
    try:
        _assert_lossless(text)
    except ParseError:
        pass
