"""Whatever a file holds, reading it never ends in a traceback.

A fault injected into the parser becomes that file's error (file, the line being read, what
failed), the file is left out and the rest builds; hypothesis draws lines from every real
file the project holds, mutates them as damaged or unusual printing does, and every result
is records or a ParseError raised on purpose, never a defect.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parser.gazette
from gazette.cli import main
from parser import ParseError, ParserDefect, parse_gazette
from parser.numerals import to_ascii_digits

ROOT = Path(__file__).resolve().parent.parent
REAL_FILES = sorted([*ROOT.glob("corpus/*.txt"), *ROOT.glob("tests/real/*.txt"),
                     *ROOT.glob("tests/real/issues/*.txt"), *ROOT.glob("tests/real/excerpts/*.txt"),
                     *ROOT.glob("tests/fixtures/*.txt")])
REAL_LINES = sorted({line for path in REAL_FILES for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip()})

ORDER = "廊坊市人民政府令\n〔2021〕第9号\n"
REGULATION = "《廊坊市甲办法》已经市政府常务会议通过，现予公布。\n市长　张三\n2021年1月2日\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _inject(monkeypatch: pytest.MonkeyPatch, on_line: str) -> None:
    """Make the provision builder fail on the document whose body holds ``on_line``."""
    real = parser.gazette.build_provisions

    def faulty(body):  # type: ignore[no-untyped-def]
        for line in body:
            if on_line in line.raw:
                raise KeyError("injected fault")
        return real(body)

    monkeypatch.setattr(parser.gazette, "build_provisions", faulty)


def test_a_parser_defect_is_an_error_naming_file_line_and_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    _inject(monkeypatch, "现予公布")
    with pytest.raises(ParserDefect) as caught:
        parse_gazette(ORDER + REGULATION, source="corpus/x.txt")
    message = str(caught.value)
    assert message.startswith("corpus/x.txt, line ")
    assert "KeyError" in message and "injected fault" in message
    assert isinstance(caught.value, ParseError)  # handled wherever a ParseError is


def test_the_line_named_is_the_line_being_read() -> None:
    # the order-number form without a year once raised a TypeError here: the guard named line 2
    text = "中华人民共和国国务院令\n第706号\n" + REGULATION
    try:
        parse_gazette(text, source="sc.txt")
    except ParserDefect as error:  # pragma: no cover - the guard's output, should the defect return
        assert ", line 2:" in str(error)


def test_check_reports_the_defect_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _inject(monkeypatch, "乙办法")
    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", ORDER + REGULATION)
    _write(corpus, "b.txt", ORDER.replace("9号", "10号") + REGULATION.replace("甲", "乙"))
    result = CliRunner().invoke(main, ["check", "--corpus", str(corpus), "--json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    reports = {Path(r["file"]).name: r for r in json.loads(result.output)}
    assert reports["a.txt"]["documents"], reports["a.txt"]
    assert re.search(r"b\.txt, line \d+: the parser failed here \(KeyError", reports["b.txt"]["error"])


def test_build_skips_the_file_and_builds_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _inject(monkeypatch, "乙办法")
    corpus = tmp_path / "corpus"
    _write(corpus, "a.txt", ORDER + REGULATION)
    _write(corpus, "b.txt", ORDER.replace("9号", "10号") + REGULATION.replace("甲", "乙"))
    result = CliRunner().invoke(main, ["build", "--no-index", "--no-site", "--corpus", str(corpus),
                                       "--build", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert re.search(r"skipped: .*b\.txt, line \d+: the parser failed here \(KeyError", result.output)
    strict = CliRunner().invoke(main, ["build", "--strict", "--no-index", "--no-site", "--corpus", str(corpus),
                                       "--build", str(tmp_path / "build")])
    assert strict.exit_code == 1 and "b.txt, line" in strict.output and "Traceback" not in strict.output


# --- fuzzing with real lines -----------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_BRACKETS = str.maketrans("（）〔〕《》“”", "()[]〈〉\"\"")


def _mutations() -> st.SearchStrategy:
    return st.sampled_from([
        lambda s: s,
        lambda s: re.sub(r"\d+", "", s),  # numbers removed
        lambda s: re.sub(r"[一二三四五六七八九十百零〇]+", "", s),  # Chinese numerals removed
        lambda s: re.sub(r"第(\S+?)号", "第\u3000\\1\u3000号", s),  # spaces inside 第 N 号
        lambda s: s.translate(_BRACKETS),  # brackets swapped for their half-width or other forms
        lambda s: s.translate(str.maketrans("()[]", "（）〔〕")),
        lambda s: s.translate(_FULL_WIDTH),  # digits full-width
        lambda s: to_ascii_digits(s),
        lambda s: s[: len(s) // 2],  # cut short
        lambda s: s[len(s) // 2:],
        lambda s: "\u3000".join(s),  # spaced out as a display title
        lambda s: s.replace("。", "").replace("：", ""),
    ])


@st.composite
def _real_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=40))
    mutate = draw(st.lists(_mutations(), min_size=len(lines), max_size=len(lines)))
    lines = [m(line) for m, line in zip(mutate, lines)]
    out: list[str] = []
    for line in lines:  # lines joined or split
        how = draw(st.integers(0, 9))
        if how == 0 and out:
            out[-1] += line
        elif how == 1 and len(line) > 4:
            cut = draw(st.integers(1, len(line) - 1))
            out.extend([line[:cut], line[cut:]])
        elif how == 2:
            out.extend(["", line])
        else:
            out.append(line)
    return "\n".join(out)


def test_real_lines_are_at_hand() -> None:
    assert len(REAL_FILES) >= 15 and len(REAL_LINES) > 3000


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_real_text())
def test_real_lines_mutated_give_records_or_a_parse_error(text: str) -> None:
    try:
        gazette = parse_gazette(text, source="fuzz.txt")
    except ParserDefect as defect:  # a defect: fail with the message, never pass
        raise AssertionError(f"parser defect: {defect}\n--- input ---\n{text}") from defect
    except ParseError as error:
        assert str(error).startswith("fuzz.txt")
        return
    for doc in gazette.documents:
        assert "None" not in doc.id, doc.id
        assert doc.first_line <= doc.last_line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL_FILES), st.integers(0, 10_000), st.integers(0, 11))
def test_whole_real_files_damaged_in_one_place(path: Path, where: int, how: int) -> None:
    """A whole real file with one stretch damaged: cut off, a line removed, lines swapped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    k = where % max(1, len(lines))
    damaged = {
        0: lines[:k], 1: lines[:k] + lines[k + 1:], 2: lines[k:],
        3: lines[:k] + lines[k + 1:k + 2] + lines[k:k + 1] + lines[k + 2:],
        4: lines[:k] + [lines[k] * 3 if k < len(lines) else ""] + lines[k + 1:],
    }.get(how % 5, lines[:k] + [line.translate(_FULL_WIDTH) for line in lines[k:]])
    try:
        parse_gazette("\n".join(damaged), source=path.name)
    except ParserDefect as defect:
        raise AssertionError(f"parser defect on {path.name} damaged ({how}, {k}): {defect}") from defect
    except ParseError:
        pass
