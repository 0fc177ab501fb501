"""National texts in the knowledge base: a build of the gazette and a folder of national texts
(tests/real/national, from LawRefBook, provenance in its SOURCES.md) resolves the gazette's
citations of national works, and citation strings of other systems, to the national articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAZETTE = str(Path(sys.executable).with_name("gazette"))
NATIONAL = ROOT / "tests" / "real" / "national"


def _gazette(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GAZETTE, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("national") / "build"
    run = _gazette("build", "--corpus", "corpus", "--corpus", str(NATIONAL), "--no-index", "--no-site",
                   "--build", str(folder), "--json")
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["warnings"] == [] and report["types"]["law"] == 1
    return folder


def test_the_civil_code_is_one_work_of_books_and_parts(build: Path) -> None:
    run = _gazette("show", "中华人民共和国民法典", "--build", str(build), "--json")
    assert run.returncode == 0, run.stderr
    provisions = json.loads(run.stdout)["document"]["provisions"]
    articles = [p for p in provisions if p["kind"] == "article"]
    assert len(articles) == 1260 and articles[-1]["label"] == "第一千二百六十条"
    assert [p["heading"] for p in provisions if p["kind"] == "book"] == [
        "总则", "物权", "合同", "人格权", "婚姻家庭", "继承", "侵权责任"]
    assert sum(p["kind"] == "part" for p in provisions) == 5 + 3  # 物权编 five 分编, 合同编 three
    # LawRefBook sets a heading off by en spaces (第六章\u2002\u2002物业服务合同): not part of the label
    assert all(p["label"] == p["label"].strip() for p in provisions)


@pytest.mark.parametrize("citation, eid, opening", [
    ("《物业管理条例》第三十五条", "chp_4__art_35", "第三十五条　物业服务企业应当按照物业服务合同的约定"),
    ("依照《中华人民共和国民法典》第九百四十二条", "book_3__part_2__chp_24__art_942",
     "第九百四十二条　物业服务人应当按照约定和物业的使用性质"),
    ("民法典第一千二百六十条", "book_7__chp_10__art_1260", "第一千二百六十条　本法自2021年1月1日起施行"),
])
def test_citations_of_national_articles_open_their_text(build: Path, citation: str, eid: str, opening: str) -> None:
    run = _gazette("resolve", citation, "--build", str(build), "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    answer = json.loads(run.stdout)
    assert answer["status"] == "match" and answer["target"]["eid"] == eid
    assert answer["target"]["text"].startswith(opening)


def test_the_gazettes_citations_of_national_works_resolve_inside_the_knowledge_base(build: Path) -> None:
    import sqlite3

    with sqlite3.connect(build / "gazette.sqlite") as db:
        rows = db.execute("SELECT r.text, d.title FROM refs r JOIN documents d ON d.id = r.target_document "
                          "WHERE r.resolved AND d.title IN ('中华人民共和国民法典', '物业管理条例')").fetchall()
    cited = {text for text, _ in rows}
    assert {"《中华人民共和国民法典》", "《物业管理条例》"} <= cited
