"""Two editions of one work in a corpus (a law as first passed, and as amended): one work
whose earlier text is the earlier edition, read as of any date and compared side by side.

The texts are real: the first seven articles of 上海市检验检测条例 as passed in 2016 and as
amended on 2024-12-31 (LawRefBook/Laws, tests/real/excerpts/SOURCES.md); the amendment
renamed 质量技术监督部门 to 市场监管部门."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazette.cli import main
from tests.conftest import build_json

EXCERPTS = Path(__file__).resolve().parent / "real" / "excerpts"
EDITIONS = ("shanghai-inspection-testing-2016-arts-1-7.txt", "shanghai-inspection-testing-2024-arts-1-7.txt")


@pytest.fixture(scope="module", params=[EDITIONS, EDITIONS[::-1]], ids=["oldest-first", "newest-first"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The two editions, the file of either read first (names decide the order)."""
    root = tmp_path_factory.mktemp("editions")
    corpus = root / "corpus"
    corpus.mkdir()
    for order, name in enumerate(request.param):
        shutil.copy(EXCERPTS / name, corpus / f"{order}-{name}")
    report = build_json(corpus, root / "build", "--no-index", "--no-site")
    return root / "build", report


def _cli(build: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, [*args, "--build", str(build), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_both_editions_are_read_as_one_work(built: tuple[Path, dict]) -> None:
    build, report = built
    assert report["documents"] == 1 and len(report["sources"]) == 2 and not report["skipped"]
    assert report["editions"] == 1
    (document,) = [json.loads(line) for line in (build / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "市场监管部门负责本行政区域内检验检测活动" in json.dumps(document, ensure_ascii=False)


def test_the_earlier_edition_is_the_text_until_the_amendment(built: tuple[Path, dict]) -> None:
    build, _ = built
    versions = [json.loads(line) for line in (build / "versions.jsonl").read_text(encoding="utf-8").splitlines()]
    periods = {(v["period"], v["valid_from"], v["valid_to"]) for v in versions}
    assert periods == {(0, "2024-12-31", None), (1, "2016-11-11", "2024-12-31")}
    old = _cli(build, "show", "上海市检验检测条例第六条", "--as-of", "2020-01-01")["as_of"]
    new = _cli(build, "show", "上海市检验检测条例第六条")["provision"]
    assert old["period"]["period"] == 1 and old["status"] == "in_force"
    assert "市质量技术监督部门" in old["text"] and "质量技术监督" not in new["text"]
    assert new["text"].startswith("第六条\u3000市场监管部门负责")
    assert [(v["status"], v["known_from"], v["valid_from"]) for v in new["versions"]] == [
        ("amended", "earlier_edition", "2016-11-11"), ("current", "current", "2024-12-31")]


def test_the_editions_compare_side_by_side(built: tuple[Path, dict]) -> None:
    build, _ = built
    diff = json.dumps(_cli(build, "diff", "上海市检验检测条例"), ensure_ascii=False)
    assert "质量技术监督部门" in diff and "市场监管部门" in diff


def test_the_same_edition_twice_is_still_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in ("a", "b"):
        shutil.copy(EXCERPTS / EDITIONS[0], corpus / f"{copy}.txt")
    report = build_json(corpus, tmp_path / "build", "--no-index", "--no-site")
    assert report["documents"] == 1 and report["editions"] == 0
    (skipped,) = report["skipped"]
    assert "b.txt, line 1" in skipped and "same edition of a text twice" in skipped


def test_an_article_renumbered_by_an_insertion_keeps_its_identity() -> None:
    """Editions are aligned by their articles' texts: an article inserted in the newer one
    moves the others down, and their earlier texts stay theirs (eIds of the newest text)."""
    from parser import parse_gazette
    from parser.history import build_history

    head = "某市测试条例\n\n2016年11月11日 某市第十四届人民代表大会常务委员会第三十三次会议通过\n"
    amended = "2024年12月31日 某市第十六届人民代表大会常务委员会第十八次会议修正\n"
    old = parse_gazette(head + "\n第一条 为了规范测试活动，制定本条例。\n\n第二条 本条例适用于本市行政区域。\n\n"
                        "第三条 质量技监部门负责监督管理。\n", source="old.txt").documents[0]
    new = parse_gazette(head + amended + "\n第一条 为了规范测试活动，制定本条例。\n\n第二条 测试应当公开。\n\n"
                        "第三条 本条例适用于本市行政区域。\n\n第四条 市场监管部门负责监督管理。\n",
                        source="new.txt").documents[0]
    assert old.id == new.id
    history = build_history([new], {new.id: (old,)})
    earlier = {v.eid: v.text for v in history.versions if v.period == 1 and v.text}
    assert earlier == {"art_1__para_1": "为了规范测试活动，制定本条例。", "art_3__para_1": "本条例适用于本市行政区域。",
                       "art_4__para_1": "质量技监部门负责监督管理。"}
    assert [v.label for v in history.versions if v.period == 1 and v.kind == "article"] == ["第一条", "第二条", "第三条"]
    assert {v.status for v in history.versions if v.period == 1} == {"edition"}
    assert {(v.period, v.valid_from, v.valid_to) for v in history.versions} == {
        (0, "2024-12-31", None), (1, "2016-11-11", "2024-12-31")}


def test_a_long_act_in_a_history_line_is_read() -> None:
    """An amending act may name three laws (中华人民共和国全国人民代表大会和地方各级人民代表大会代表法,
    2015): its record line is over 120 characters, and the events after it were lost, so the
    2025 edition looked like the 2015 one; and the title printed again after the history made
    a second, nameless document of the text (23 LawRefBook files). Excerpt:
    tests/real/excerpts/SOURCES.md."""
    from parser import parse_gazette

    text = (EXCERPTS / "npc-deputies-law-2025-history-art1.txt").read_text(encoding="utf-8")
    (document,) = parse_gazette(text, source="npc.txt").documents
    assert [(e.date, e.event) for e in document.history] == [
        ("1992-04-03", "通过"), ("2009-08-27", "第一次修正"), ("2010-10-28", "第二次修正"),
        ("2015-08-29", "第三次修正"), ("2025-03-11", "第四次修正")]
    assert "〈中华人民共和国全国人民代表大会和地方各级人民代表大会代表法〉的决定》" in document.history[3].act
    # the title printed again after the history (as law texts print it) is the same document's
    assert [p.label for p in document.provisions if p.kind == "article"] == ["第一条"]


def test_each_edition_is_an_akoma_ntoso_expression(built: tuple[Path, dict], tmp_path: Path) -> None:
    from lxml import etree

    from store.akn import schema

    build, _ = built
    result = CliRunner().invoke(main, ["export", "--build", str(build), "--out", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.xml"))
    assert [f.name.split("@")[1] for f in files] == ["2016-11-11.xml", "2024-12-31.xml"]
    validator = schema()
    for path in files:
        assert validator.validate(etree.parse(str(path))), validator.error_log
    assert "质量技术监督部门" in files[0].read_text(encoding="utf-8")
    assert "质量技术监督部门" not in files[1].read_text(encoding="utf-8")
