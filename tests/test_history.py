"""Amendment history: versions, the consistency check, timelines and lifecycles."""

import pytest

from parser import parse_gazette
from parser.history import build_history
from parser.lifecycle import lifecycles, repeals, status_on

from .conftest import FIXTURES

WATER = "langfang-2021-order-1.regulation"
PROPERTY = "langfang-2021-order-2.regulation"


@pytest.fixture(scope="module")
def history(gazette):
    return build_history(gazette.documents)


def _snapshot(history, work: str, period: int) -> dict:
    return {v.eid: v for v in history.versions if v.work == work and v.period == period}


def test_consistency_check_passes_on_both_decisions(history) -> None:
    assert history.warnings == ()
    assert [a.op for a in history.amendments] == ["replace_words", "rewrite", "replace_words", "delete"]
    assert all(a.applied for a in history.amendments)


def test_decision_dates(history) -> None:
    water = [a for a in history.amendments if a.work == WATER]
    assert {(a.adopted, a.in_force) for a in water} == {("2021-10-09", "2021-12-01")}
    property_ = [a for a in history.amendments if a.work == PROPERTY]
    assert {(a.adopted, a.in_force) for a in property_} == {("2021-12-08", "2021-12-10")}  # 自公布之日起施行


def test_secondary_water_article_14_old_and_new(history) -> None:
    new, old = _snapshot(history, WATER, 0), _snapshot(history, WATER, 1)
    assert new["art_14__para_1"].valid_from == "2021-12-01"
    assert new["art_14__para_1"].text.startswith("二次供水设施建设完成后，应当按照规定组织竣工验收。")
    assert (old["art_14__para_1"].valid_from, old["art_14__para_1"].valid_to) == ("2020-06-01", "2021-12-01")
    assert old["art_14__para_1"].text.startswith(
        "二次供水设施竣工验收，应当邀请城镇供水、卫生健康等行政主管部门以及城镇公共供水单位参加。")
    assert old["art_14__para_1"].status == "derived"


def test_rewritten_article_15_carries_the_marker(history) -> None:
    old = _snapshot(history, WATER, 1)
    assert old["art_15"].status == "not_in_source" and old["art_15"].text is None
    assert "art_15__para_1" not in old  # its old paragraphs are unknown, not invented


def test_property_regulation_before_the_decision(history) -> None:
    old = _snapshot(history, PROPERTY, 1)
    assert "《中华人民共和国物权法》" in old["chp_1__art_1__para_1"].text
    assert (old["chp_1__art_1__para_1"].valid_from, old["chp_1__art_1__para_1"].valid_to) == (
        "2019-12-31", "2021-12-10")
    deleted = old["chp_3__art_18__para_2-deleted"]
    assert (deleted.label, deleted.status, deleted.text) == ("第二款", "not_in_source", None)
    assert old["chp_3__art_18__para_2"].label == "第三款"  # renumbered, same identity
    earliest = [v for v in history.versions if v.work == PROPERTY and v.period == 2]
    assert [(v.kind, v.status, v.valid_from, v.valid_to) for v in earliest] == [
        ("work", "not_in_source", "2018-12-05", "2019-12-31")]


def test_timeline_includes_events_not_in_the_corpus(history) -> None:
    events = [(e.date, e.event, e.operations_in_corpus) for e in history.timeline if e.work == PROPERTY]
    assert events == [("2018-10-31", "公布", False), ("2019-12-31", "第一次修正", False),
                      ("2021-12-10", "第二次修正", True)]


@pytest.fixture(scope="module")
def synthetic():
    gazette = parse_gazette((FIXTURES / "ceshi-gazette-2022-02.txt").read_text(encoding="utf-8"), "ceshi.txt")
    return build_history(gazette.documents)


def test_insert_delete_and_renumber_in_one_decision(synthetic) -> None:
    old = _snapshot(synthetic, "ceshi-2022-order-2.regulation", 1)
    order = sorted(old.values(), key=lambda v: v.position)
    articles = [(v.eid, v.label, v.status) for v in order if v.kind == "article"]
    assert articles == [
        ("art_1", "第一条", "same"), ("art_2", "第二条", "same"),
        ("art_4", "第三条", "renumbered"),  # the inserted 第三条 did not exist before
        ("art_5", "第四条", "renumbered"),
        ("art_5-deleted", "第五条", "not_in_source"),  # deleted, its eId is taken by the new 第五条
        ("art_6", "第六条", "not_in_source"),  # 删去…中的“一千元”: the old wording's place is unknown
        ("art_7", "第七条", "same"),
    ]
    assert "art_3" not in old
    assert old["art_1__para_1"].text == "为了规范测试工作，根据《旧法》，制定本办法。"
    assert old["art_5__para_1"].text == "测试单位应当履行下列职责："
    assert old["art_5__para_1__item_2"].text == "每年报告一次；"  # replacement that targets a 项
    assert old["art_5__para_1__item_3"].text == "配合检查。"
    assert old["art_4__para_2"].status == "not_in_source"  # rewritten paragraph
    assert old["art_4__para_1"].valid_from == "2019-01-01"  # 本办法自2019年1月1日起施行


def test_operations_that_cannot_be_applied_warn_with_file_and_line(synthetic) -> None:
    messages = [str(w) for w in synthetic.warnings]
    assert any(m.startswith("ceshi.txt, line 89:") and "第九条 does not exist" in m for m in messages)
    assert any(m.startswith("ceshi.txt, line 91:") and "“也不存在的词” are not in 第一条" in m for m in messages)
    assert any(m.startswith("ceshi.txt, line 93:") and "not understood" in m for m in messages)
    failed = [a for a in synthetic.amendments if not a.applied]
    assert [a.id for a in failed] == ["ceshi-2022-order-3.decision/op_1", "ceshi-2022-order-3.decision/op_2"]
    # the build goes on: the sample regulation still has its versions
    assert any(v.work == "ceshi-2022-order-3.regulation" and v.period == 1 for v in synthetic.versions)


def test_lifecycle(gazette) -> None:
    life = lifecycles(gazette.documents)
    assert life["langfang-2021-order-3.regulation"].effective == "2022-01-20"
    assert status_on(life["langfang-2021-order-3.regulation"], "2021-12-31") == "not_yet_in_force"
    assert life["langfang-2021-lzbf-6.regulation"].expires == "2026-12-31"  # 有效期5年 from 2022-01-01
    assert life["langfang-2021-lzbz-81"].expires == "2024-12-19"  # 有效期为三年
    assert life["langfang-2021-lzbz-83.plan"].expires == "2025-12-31"  # 有效期至2025年12月31日止
    assert life["langfang-2021-lzbz-78.plan"].expires == "2026-12-06"  # 有效期五年
    assert status_on(life["langfang-2021-lzbz-81"], "2025-01-01") == "expired"
    assert life["langfang-2021-lzz-20.regulation"].effective == "2021-12-24"  # 自发布之日起施行


def test_a_notice_lasts_as_long_as_the_text_it_issues(gazette) -> None:
    """〔2021〕8号 issues the 排污权 办法 (有效期两年): the notice is not 现行有效 after it."""
    life = lifecycles(gazette.documents)
    notice, issued = life["langfang-2021-gov-office-8"], life["langfang-2021-gov-office-8.regulation"]
    assert issued.expires is not None and notice.expires == issued.expires
    assert status_on(notice, "2030-01-01") == status_on(issued, "2030-01-01") == "expired"
    assert life["langfang-2021-lzbz-83"].expires == "2025-12-31"
    # a notice whose issued text has no end keeps none
    assert life["langfang-2021-lzz-20"].expires is None and life["langfang-2021-lzz-20.regulation"].expires is None


def test_repeals_recorded_even_when_not_in_the_corpus(gazette) -> None:
    found = repeals(gazette.documents, lifecycles(gazette.documents))
    grain = next(r for r in found if r.number == "廊政〔2016〕90号")
    assert (grain.title, grain.target, grain.repealed_by, grain.date) == (
        "廊坊市市级储备粮管理办法", None, "langfang-2021-lzz-20", "2021-12-24")
