"""tools/lawrefbook_corpus.py: a LawRefBook/Laws-shaped git repository becomes a corpus folder
that `gazette build` reads, markup removed and nothing else, with its provenance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tools.lawrefbook_corpus import file_name, unmark, wanted

ROOT = Path(__file__).resolve().parent.parent
GAZETTE = str(Path(sys.executable).with_name("gazette"))
LAW = ("# 测试市河道保护条例\n\n2020年5月14日 测试市第十五届人民代表大会常务委员会第二十一次会议通过\n\n"
       "<!-- INFO END -->\n\n## 第一章  总则\n\n第一条 为了保护河道，制定本条例。\n\n"
       "第二条 市水行政主管部门负责本市河道的监督管理。\n\n## 第二章  附则\n\n第三条 本条例自2020年7月1日起施行。\n")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def test_unmark_removes_markup_only() -> None:
    text, headings, comments = unmark(LAW)
    assert (headings, comments) == (3, 1)
    assert text.startswith("测试市河道保护条例\n\n2020年5月14日")
    assert "第一章  总则" in text and "#" not in text and "INFO END" not in text
    # every other character of the source is kept, in order
    assert text.replace("\n", "") == LAW.replace("# ", "").replace("#", "").replace(
        "<!-- INFO END -->", "").replace("\n", "")


def test_what_is_left_out() -> None:
    assert wanted("行政法规/城市供水条例(2020-03-27).md")
    assert not wanted("案例/某案.md") and not wanted("DLC/上海/案例/某案.md")
    assert not wanted("DLC/上海/_index.md") and not wanted("README.md") and not wanted("法律法规模版.md")
    assert not wanted("db.sqlite3")


def test_a_small_collection_builds(tmp_path: Path) -> None:
    repo = tmp_path / "Laws"
    (repo / "DLC" / "测试").mkdir(parents=True)
    (repo / "案例").mkdir()
    (repo / "DLC" / "测试" / "测试市河道保护条例(2020-05-14).md").write_text(LAW, encoding="utf-8")
    (repo / "DLC" / "测试" / "_index.md").write_text("---\nbookCollapseSection: true\n---\n", encoding="utf-8")
    (repo / "案例" / "某案.md").write_text("# 某案\n\n案情。\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "laws")
    commit = _git(repo, "rev-parse", "HEAD").strip()
    outputs = []
    for out in (tmp_path / "a", tmp_path / "b"):
        run = subprocess.run([sys.executable, str(ROOT / "tools" / "lawrefbook_corpus.py"), str(repo), "--out",
                              str(out)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]  # the same commit, the same names and bytes
    name = file_name("DLC/测试/测试市河道保护条例(2020-05-14).md")
    assert sorted(outputs[0]) == sorted(["SOURCES.tsv", name])
    assert name.startswith("DLC-") and len(name.encode()) < 255
    row = outputs[0]["SOURCES.tsv"].decode().splitlines()[1].split("\t")
    assert row == [name, "LawRefBook/Laws", commit, "DLC/测试/测试市河道保护条例(2020-05-14).md",
                   "3 heading markers and 1 INFO END comment removed"]
    built = subprocess.run([GAZETTE, "build", "--no-index", "--no-site", "--json", "--corpus", str(tmp_path / "a"),
                            "--build", str(tmp_path / "build")], capture_output=True, text=True,
                           env={**os.environ, "GAZETTE_CACHE": str(tmp_path / "cache")})
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert report["documents"] == 1 and report["kinds"]["article"] == 3 and report["kinds"]["chapter"] == 2
    document = json.loads((tmp_path / "build" / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert document["title"] == "测试市河道保护条例"


def test_a_code_printed_part_by_part_is_one_text() -> None:
    """LawRefBook prints the Civil Code as one file per part, each under the code's title;
    joined, in the order of their articles, the parser reads one law of books and parts."""
    from parser import parse_gazette
    from tools.lawrefbook_corpus import join_parts

    head = "# 中华人民共和国测试法典\n\n# {part}\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n<!-- INFO END -->\n\n"
    files = [
        ("测试法典/物权编.md", head.format(part="物权编") + "## 第一分编  通则\n\n### 第一章  一般规定\n\n"
                                                     "第三条 本编调整物的归属。\n\n## 第二分编  所有权\n\n### 第二章  所有权\n\n"
                                                     "第四条 所有权人依法享有权利。\n"),
        ("测试法典/总则.md", head.format(part="总则") + "## 第一章  基本规定\n\n第一条 为了保护权益，制定本法。\n\n"
                                                  "第二条 民法调整人身关系。\n"),
        ("法律/其他法.md", LAW),
    ]
    singles, codes = join_parts(files)
    assert singles == [files[2]] and [c[0] for c in codes] == ["测试法典"]
    folder, markdown, parts = codes[0]
    assert parts == ["测试法典/总则.md", "测试法典/物权编.md"]  # in the order of their articles
    text = unmark(markdown)[0]
    assert text.count("中华人民共和国测试法典") == 1 and text.count("会议通过") == 1
    gazette = parse_gazette(text, source="测试法典")
    (document,) = gazette.documents
    assert document.title == "中华人民共和国测试法典" and document.type == "law"
    eids = [p.eid for p in document.provisions if p.kind in ("book", "part", "article")]
    assert eids == ["book_1", "book_1__chp_1__art_1", "book_1__chp_1__art_2", "book_2", "book_2__part_1",
                    "book_2__part_1__chp_1__art_3", "book_2__part_2", "book_2__part_2__chp_2__art_4"]
