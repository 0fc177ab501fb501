"""The real development corpus (``tests/real/``, provenance in its SOURCES.md): facts
written by hand from reading each file, checked against the parse.

Article counts were also checked against a plain count of lines opening with 第N条 in each
document's span; titles, issuers and types were read off the texts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from parser import DocType, coverage, parse_gazette
from parser.gazette import looks_like_heading
from parser.history import build_history
from parser.lines import Line

REAL = Path(__file__).parent / "real"

#: file -> [(title, type, issuer, articles)], in print order
EXPECTED: dict[str, list[tuple[str, str, str, int]]] = {
    "local-regulations-shanghai.txt": [
        ("上海市中华鲟保护管理条例", "regulation", "上海市人民代表大会常务委员会", 40)],
    "local-regulations-zhejiang.txt": [
        ("丽水市传统村落保护条例", "regulation", "丽水市人民代表大会常务委员会", 40),
        ("浙江省各级人民代表大会常务委员会讨论决定重大事项的规定", "regulation", "浙江省人民代表大会常务委员会", 22)],
    "ministry-rules.txt": [
        ("公民举报危害国家安全行为奖励办法", "regulation", "国家安全部", 24),
        ("公安机关适用继续盘问规定", "regulation", "", 44),  # the source gives no history line
        ("企业职工带薪年休假实施办法", "regulation", "人力资源和社会保障部", 19)],
    "npc-laws.txt": [
        ("中华人民共和国国务院组织法", "law", "全国人民代表大会", 11),
        ("中华人民共和国反家庭暴力法", "law", "全国人民代表大会常务委员会", 38),
        ("中华人民共和国全国人民代表大会常务委员会议事规则", "regulation", "全国人民代表大会常务委员会", 52)],
    "spc-2021-arbitration-review.txt": [
        ("最高人民法院关于修改《最高人民法院关于仲裁司法审查案件报核问题的有关规定》的决定", "decision", "最高人民法院", 0),
        ("最高人民法院关于仲裁司法审查案件报核问题的有关规定", "regulation", "最高人民法院", 9)],
    "spc-2021-concealing-proceeds.txt": [
        ("最高人民法院关于修改《关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释》的决定",
         "decision", "最高人民法院", 0),
        ("最高人民法院关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释", "regulation", "最高人民法院", 11)],
    "spc-2021-food-drug.txt": [
        ("最高人民法院关于修改《最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定》的决定", "decision", "最高人民法院", 0),
        ("最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定", "regulation", "最高人民法院", 19)],
    "spc-2021-railway-injury.txt": [
        ("最高人民法院关于修改《最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释》的决定",
         "decision", "最高人民法院", 0),
        ("最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释", "regulation", "最高人民法院", 13)],
    "spc-2021-shanghai-financial-court.txt": [
        ("最高人民法院关于修改《关于上海金融法院案件管辖的规定》的决定", "decision", "最高人民法院", 0),
        ("最高人民法院关于上海金融法院案件管辖的规定", "regulation", "最高人民法院", 12)],
    "spc-interpretations.txt": [
        ("最高人民法院关于适用《中华人民共和国海事诉讼特别程序法》若干问题的解释", "regulation", "最高人民法院", 98),
        ("人民法院在线诉讼规则", "regulation", "最高人民法院", 39)],
    "spc-spp-2018-credit-card.txt": [
        ("最高人民法院、最高人民检察院关于修改《关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》的决定",
         "decision", "最高人民法院、最高人民检察院", 0)],
    "spp-2001-transfer-of-cases.txt": [
        ("人民检察院办理行政执法机关移送涉嫌犯罪案件的规定", "regulation", "最高人民检察院", 0)],
    "state-council-regulations.txt": [
        ("国务院关于处理国家机关工作人员退职、退休时计算工作年限的暂行规定", "regulation", "国务院", 0),
        ("电网调度管理条例", "regulation", "国务院", 33),
        ("罚款决定与罚款收缴分离实施办法", "regulation", "国务院", 17),
        ("不动产登记暂行条例", "regulation", "国务院", 35),
        ("国务院关于在线政务服务的若干规定", "regulation", "国务院", 16),
        ("国务院关于在我国统一实行法定计量单位的命令", "order", "国务院", 0),
        # the text the order issues (“通过了…《中华人民共和国法定计量单位》。现发布命令如下”), printed after it
        ("中华人民共和国法定计量单位", "other", "国务院", 0),
        ("个体工商户条例", "regulation", "国务院", 30)],
}

#: decision file -> operations as written, counted by hand (a moved-and-rewritten article is a
#: renumber and a rewrite; a merge a rewrite and a delete), and how many the re-published text
#: confirms (None: the re-published text is not in the corpus).
OPERATIONS: dict[str, tuple[int, int | None]] = {
    "spc-2021-shanghai-financial-court.txt": (15, 15),
    "spc-2021-arbitration-review.txt": (7, 7),
    "spc-2021-food-drug.txt": (1, 1),
    # 2 of 23 not confirmed (known limits of the derivation): the item that item 四 adds to
    # 第五条 is not matched in the re-published text, and item 六's 第八条第二款 is looked up
    # before the explicit renumbering of item 十 (第八条 -> 第七条) is taken into account.
    "spc-2021-railway-injury.txt": (23, 21),
    "spc-2021-concealing-proceeds.txt": (3, 3),  # 不再适用, one a provision
    "spc-spp-2018-credit-card.txt": (9, None),
}


def _parse(name: str):
    return parse_gazette((REAL / name).read_text(encoding="utf-8"), source=f"tests/real/{name}")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_documents_titles_types_issuers_articles(name: str) -> None:
    gazette = _parse(name)
    found = [(d.title, d.type.value, d.issuer, sum(1 for p in d.provisions if p.kind == "article"))
             for d in gazette.documents]
    assert found == EXPECTED[name]


def test_the_corpus_spans_kinds_of_issuer_and_years() -> None:
    issuers = {issuer for docs in EXPECTED.values() for _, _, issuer, _ in docs if issuer}
    assert len(EXPECTED) >= 10 and sum(len(d) for d in EXPECTED.values()) >= 30
    kinds = {"国务院", "最高人民法院", "最高人民检察院", "全国人民代表大会常务委员会", "国家安全部",
             "上海市人民代表大会常务委员会"}
    assert kinds <= issuers
    years = {int(d.id.split("-")[1]) for name in EXPECTED for d in _parse(name).documents
             if re.match(r"^[a-z]+-\d{4}-", d.id)}
    assert max(years) - min(years) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_line_lost_and_no_heading_outside_a_document(name: str) -> None:
    text = (REAL / name).read_text(encoding="utf-8")
    gazette = parse_gazette(text, source=name)
    nonblank = sum(1 for line in text.splitlines() if line.strip(" \t\u3000"))
    cover = coverage(gazette, nonblank)
    assert cover.unclassified == 0 and cover.total == nonblank
    placed = Counter(role.line for role in gazette.layout)
    assert set(placed.values()) == {1}
    warned = {w.line for w in gazette.warnings}
    front = {role.line for role in gazette.layout if role.role == "front-matter"}
    for no, raw in enumerate(text.splitlines(), start=1):
        if no in front and looks_like_heading(Line(no, raw)):
            assert no in warned


def test_amendment_operations_parsed_and_checked_against_the_republished_text() -> None:
    documents = [d for name in OPERATIONS for d in _parse(name).documents]
    history = build_history(documents)
    unknown = [w for w in history.warnings if "not understood" in w.message]
    assert unknown == []
    for name, (expected, confirmed) in OPERATIONS.items():
        ops = [a for a in history.amendments if a.source.endswith(name)]
        assert len(ops) == expected, name
        if confirmed is not None:
            assert sum(1 for a in ops if a.applied) == confirmed, name


def test_a_moved_article_keeps_its_identity() -> None:
    documents = list(_parse("spc-2021-shanghai-financial-court.txt").documents)
    history = build_history(documents)
    work = documents[1].id
    old = {v.eid: v for v in history.versions if v.work == work and v.period == 1}
    new = {v.eid: v for v in history.versions if v.work == work and v.period == 0}
    # 将第二条修改为第六条: the provision that is 第六条 now was 第二条 before, same eId
    moved = next(eid for eid, v in new.items() if v.kind == "article" and v.number == 6)
    assert old[moved].number == 2 and old[moved].status != "same"
    # 增加一条作为第二条: the new 第二条 did not exist before
    added = next(eid for eid, v in new.items() if v.kind == "article" and v.number == 2)
    assert added not in old


def test_republished_text_is_linked_to_its_decision() -> None:
    decision, regulation = _parse("spc-2021-railway-injury.txt").documents
    assert decision.type is DocType.DECISION
    assert any(r.kind == "republishes" and r.target == regulation.id for r in decision.relations)
    assert regulation.id == f"{decision.id}.regulation"
    assert [e.event for e in decision.history] == ["通过", "施行"]
