"""Amendment clauses as data: every form Chinese decisions use (parser/amendments.py)."""

import pytest

from parser.amendments import parse_item
from parser.records import Target

CASES = [
    # (clause, [(op, target, destination, old, new, level)])
    ("将第十四条第一款中的“甲乙”修改为“丙丁”。",
     [("replace_words", Target(14, 1), None, "甲乙", "丙丁", "paragraph")]),
    ("将第一条中的“《中华人民共和国物权法》”改为“《中华人民共和国民法典》”。",  # 改为, titles inside quotes
     [("replace_words", Target(1), None, "《中华人民共和国物权法》", "《中华人民共和国民法典》", "article")]),
    ("将第四条中的“测试单位”修改为“测试机构”，“配合检查”修改为“配合监督检查”。",  # several pairs
     [("replace_words", Target(4), None, "测试单位", "测试机构", "article"),
      ("replace_words", Target(4), None, "配合检查", "配合监督检查", "article")]),
    ("将第四十条第（二）项中的“十日”修改为“五日”。",  # a replacement that targets a 项
     [("replace_words", Target(40, None, 2), None, "十日", "五日", "item")]),
    ("将第四十条第二项中的“十日”修改为“五日”。",  # 第二项 without brackets
     [("replace_words", Target(40, None, 2), None, "十日", "五日", "item")]),
    ("将第十五条修改为：“二次供水设施投入使用前，应当清洗消毒。”",
     [("rewrite", Target(15), None, None, "二次供水设施投入使用前，应当清洗消毒。", "article")]),
    ("将第三条第二款修改为：“实行“门前三包”责任制。”",  # nested quotes in the new text
     [("rewrite", Target(3, 2), None, None, "实行“门前三包”责任制。", "paragraph")]),
    ("删去第十八条第二款。", [("delete", Target(18, 2), None, None, None, "paragraph")]),
    ("删去第五条。", [("delete", Target(5), None, None, None, "article")]),
    ("删去第六条中的“一千元”。", [("delete_words", Target(6), None, "一千元", None, "article")]),
    ("在第二条后增加一条，作为第三条：“本办法所称测试，是指检验活动。”",
     [("insert", Target(2), Target(3), None, "本办法所称测试，是指检验活动。", "article")]),
    ("在第七条第一款后增加一款，作为第七条第二款：“前款规定的期限为三十日。”",
     [("insert", Target(7, 1), Target(7, 2), None, "前款规定的期限为三十日。", "paragraph")]),
    ("在第十九条后增加一项，作为第十九条第九项：“（九）其他职责。”",
     [("insert", Target(19), Target(19, None, 9), None, "（九）其他职责。", "item")]),
    ("增加一条，作为第二十九条：“本办法由市城市管理局负责解释。”",  # no anchor
     [("insert", Target(), Target(29), None, "本办法由市城市管理局负责解释。", "article")]),
    ("将第二十八条改为第二十九条。", [("renumber", Target(28), Target(29), None, None, "article")]),
    ("此外，对条文顺序作相应调整。", [("renumber_all", Target(), None, None, None, "work")]),
    ("条文序号作相应调整。", [("renumber_all", Target(), None, None, None, "work")]),
    ("将第一条中的“甲”修改为“乙”；删去第二条。",  # two operations in one item
     [("replace_words", Target(1), None, "甲", "乙", "article"), ("delete", Target(2), None, None, None, "article")]),
]


@pytest.mark.parametrize(("clause", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_clause_forms(clause: str, expected: list) -> None:
    operations, unknown = parse_item(clause)
    assert unknown == []
    got = [(o.op, o.target, o.destination, o.old, o.new, o.level or o.target.level) for o in operations]
    assert got == expected


def test_rewrite_over_several_lines() -> None:
    operations, _ = parse_item("将第三条修改为：“第一款的文字。\n第二款的文字。”")
    assert operations[0].new == "第一款的文字。\n第二款的文字。"


@pytest.mark.parametrize("clause", ["对第一条作文字调整。", "将第一条的表述修改得更清楚。"])
def test_unknown_clauses_are_reported(clause: str) -> None:
    operations, unknown = parse_item(clause)
    assert operations == [] and len(unknown) == 1


def test_target_labels() -> None:
    assert Target(14, 1, 3).label == "第十四条第一款第（三）项"
    assert Target(101).label == "第一百零一条"
