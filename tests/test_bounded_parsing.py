"""Linear-time parsing: long hostile lines and random token soup, each under a time budget.

Every regular expression of the parser is bounded (no nested quantifiers over unbounded
input); these tests catch a regression by time: a pattern that backtracks polynomially
takes seconds to hours on these inputs, a linear one milliseconds. The budgets are ten to a
hundred times the time measured on a 2-core machine, so a slow CI does not fail them.
"""

from __future__ import annotations

import random
import time

import pytest

from parser import parse_gazette
from parser.citations import MAX_CITATIONS, find_citations
from parser.history import build_history
from parser.references import link_corpus

HEAD = ("《某市人民政府公报》2021年第1号\n\n某市某某管理办法\n\n（2020年1月1日某市人民政府令第1号公布）\n\n"
        "第一条　本办法适用于本市。\n\n")
DECISION = ("某市人民政府\n\n关于修改《某市某某管理办法》的\n\n决　　定\n\n"
            "某市人民政府决定对《某市某某管理办法》作如下修改：\n\n")

#: Units that the parser's rules look for, repeated into one long line.
UNITS = {
    "numerals": "二〇一二三四五六七八九十百千万零",
    "digits": "2021０１２３",
    "articles": "第一条",
    "article-of": "第一百二十三条之一",
    "provisions": "第十条第二款第（三）项、",
    "quotes": "“将第一条中的",
    "brackets": "《（〔〈",
    "closing": "》）〕〉”",
    "dates": "二〇二一年一月一日",
    "date-digits": "2021年1月1日",
    "orders": "某市人民政府令〔2021〕第",
    "numbers": "廊政办字〔2021〕",
    "blanks": "　 \t",
    "issuers": "某市人民政府办公室关于",
    "history": "（2020年1月1日公布 根据",
}


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def test_a_line_of_300_numerals_parses_in_under_100_ms() -> None:
    line = ("二〇一二三四五六七八九十" * 30)[:300]
    parse_gazette(HEAD + "第二条　" + line + "\n", source="warm-up.txt")
    for text in (line, "第二条　" + line, line + "年", line + "年" + line + "月"):
        _, seconds = _timed(parse_gazette, HEAD + text + "\n", "numerals.txt")
        assert seconds < 0.1, f"{seconds:.3f} s for {text[:20]}…"


@pytest.mark.parametrize("size", [10_000, 1_000_000])
@pytest.mark.parametrize("unit", sorted(UNITS))
def test_long_lines_parse_and_link_in_linear_time(unit: str, size: int) -> None:
    line = (UNITS[unit] * (size // len(UNITS[unit]) + 1))[:size]
    budget = 3.0 if size > 100_000 else 0.5  # measured: under 0.15 s for a megabyte
    for text in (HEAD + "第二条　" + line, HEAD + line, HEAD + "一、" + line, HEAD + DECISION + "一、" + line):
        gazette, seconds = _timed(parse_gazette, text + "\n", f"{unit}.txt")
        assert seconds < budget, f"parse: {seconds:.2f} s for {size:,} characters of {unit}"
        documents = list(gazette.documents)
        (history, references), seconds = _timed(
            lambda: (h := build_history(documents), link_corpus(documents, h)))
        assert seconds < budget, f"history and citation linking: {seconds:.2f} s for {size:,} of {unit}"
        assert len(references) <= MAX_CITATIONS * sum(len(d.provisions) for d in documents)


def test_citation_linking_of_a_megabyte_line_takes_under_a_second() -> None:
    for unit in ("第一条", "第一条之", "第一条第二款第（三）项、", "《某市某某管理办法》第一条", "（以下简称“某”）“某”"):
        line = unit * (1_000_000 // len(unit.encode()))
        citations, seconds = _timed(find_citations, line)
        assert seconds < 1.0, f"{seconds:.2f} s for a megabyte of {unit}"
        assert 0 < len(citations) <= MAX_CITATIONS


def test_a_megabyte_provision_is_parsed_and_warned_about() -> None:
    gazette = parse_gazette(HEAD + "第二条　" + "第一条" * 100_000 + "\n", source="long.txt")
    long = [w for w in gazette.warnings if "characters long" in w.message]
    assert len(long) == 1 and long[0].line == 9 and "long.txt" in str(long[0])


TOKENS = ["第", "条", "款", "项", "目", "章", "节", "编", "之一", "一", "二", "十", "百", "〇", "2021", "０", "《", "》",
          "〈", "〉", "“", "”", "（", "）", "(", ")", "〔", "〕", "[", "]", "年", "月", "日", "号", "令", "公布", "修正",
          "根据", "将", "中的", "修改为", "删去", "增加", "作为", "人民政府", "办公室", "关于", "的", "通知", "办法",
          "决定", "附件", "：", "、", "，", "。", "；", "　", " ", "\t", "政策解读", "以下简称", "本办法", "前款"]


@pytest.mark.parametrize("seed", range(12))
def test_random_token_soup_parses_within_budget(seed: int) -> None:
    """Random gazettes of tokens the grammar reacts to, about 60 KB each, with long and short
    lines: each parses (or fails with a ParseError naming file and line) within budget."""
    from parser import ParseError

    rng = random.Random(seed)
    lines = []
    while sum(map(len, lines)) < 60_000:
        length = rng.choice([1, 3, 8, 20, 60, 400, 5000])
        lines.append("".join(rng.choice(TOKENS) for _ in range(length)))
    text = HEAD + "\n".join(lines) + "\n"
    started = time.perf_counter()
    try:
        gazette = parse_gazette(text, source=f"soup-{seed}.txt")
    except ParseError as error:
        assert f"soup-{seed}.txt, line " in str(error)
    else:
        documents = list(gazette.documents)
        link_corpus(documents, build_history(documents))
    assert time.perf_counter() - started < 5.0  # measured: under 0.5 s


# --- inputs that grow: linear, not quadratic ----------------------------------------------------

def test_eight_megabytes_of_repeated_order_headers_parse_in_linear_time() -> None:
    """186,000 order headers with one id each (…-order-1, -2, …): 11 s on 2 cores (bench/
    hostile.py); with the suffix probed from 1 for every header it was quadratic (40,000 took
    131 s)."""
    from bench.hostile import repeated_headers

    gazette, seconds = _timed(parse_gazette, repeated_headers(8), "grow.txt")
    assert len(gazette.documents) > 180_000 and len({d.id for d in gazette.documents}) == len(gazette.documents)
    assert seconds < 60


def test_forty_thousand_order_headers_check_in_seconds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "orders.txt").write_text("廊坊市人民政府令\n〔2021〕第1号\n" * 40_000, encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).with_name("gazette")), "check", "--corpus", str(corpus)],
                            capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert result.returncode == 0 and "40000 documents" in result.stdout
    assert seconds < 15  # 2.5 s measured on 2 cores
