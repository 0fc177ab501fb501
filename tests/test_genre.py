"""The grammar of the genre, rule by rule: tables of real lines and their reading.

Lines are from real gazettes and law texts (the State Council's, the courts', people's
congresses', ministries' and cities'), several quoted in the project's issues.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parser import parse_gazette
from parser import patterns as P
from parser.amendments import parse_item
from parser.dates import EFFECTIVE, find_dates, parse_date_text
from parser.gazette import issuer_of
from parser.lines import Line
from parser.normalize import squeeze
from parser.records import Gazette
from parser.segment import titled_end

# (line, issuer read, or None when the line is not an issuer line)
ISSUER_CASES = [
    ("国务院", "国务院"),
    ("国务院办公厅", "国务院办公厅"),
    ("最高人民法院", "最高人民法院"),
    ("全国人民代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("廊坊市人民政府办公室", "廊坊市人民政府办公室"),
    ("公安部", "公安部"),
    ("国家市场监督管理总局", "国家市场监督管理总局"),
    ("财政部　国家税务总局", "财政部　国家税务总局"),  # joint issuers
    ("全部", None),  # a word ending in 部 is no ministry
    ("市卫生健康委", None),  # a short form at the foot of a table is no signature
]


@pytest.mark.parametrize(("line", "issuer"), ISSUER_CASES)
def test_issuer_lines(line: str, issuer: str | None) -> None:
    match = P.ISSUER.match(line)
    assert (match["issuer"] if match else None) == issuer


# issuer and title on one line
ISSUER_TITLE_CASES = [
    ("国务院关于河北雄安新区总体规划（2018—2035年）的批复", "国务院"),
    ("国务院办公厅关于同意建立养老服务部际联席会议制度的函", "国务院办公厅"),
    ("最高人民法院、最高人民检察院关于修改《关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》的决定",
     "最高人民法院、最高人民检察院"),
    ("关于印发《廊坊市XX办法》的通知", None),
]


@pytest.mark.parametrize(("title", "issuer"), ISSUER_TITLE_CASES)
def test_issuer_and_title_on_one_line(title: str, issuer: str | None) -> None:
    match = P.ISSUER_TITLE.match(title)
    assert (match["issuer"] if match else None) == issuer


# (line, is an order number)
ORDER_NUMBER_CASES = [
    ("〔2021〕第1号", True),
    ("第706号", True),  # 中华人民共和国国务院令 / 第706号: no year
    ("国令第706号", True),
    ("（2021年第1号）", True),
    ("第　202　号", True),  # a department's order, full-width spaces inside (squeezed)
    ("第五十一号", True),  # Chinese numerals
    ("（中华人民共和国主席令  第五十一号）", True),  # under the title of what it promulgates
    ("〔2021〕12号", False),  # a document number
]


@pytest.mark.parametrize(("line", "expected"), ORDER_NUMBER_CASES)
def test_order_numbers(line: str, expected: bool) -> None:
    assert bool(P.ORDER_NUMBER.match(squeeze(line))) is expected


# (the lines of a document's head, the id, the number as read): orders without a year take it
# from their date; ids never hold None and name who made the order
ORDER_HEADS = [
    ("中华人民共和国国务院令\n第706号\n《专利代理条例》已经2018年9月6日国务院第23次常务会议修订通过，现将修订后的"
     "《专利代理条例》公布，自2019年3月1日起施行。\n总理　李克强\n2018年11月6日", "cn-2018-order-706", "第706号"),
    ("中华人民共和国公安部令\n第　150　号\n《公安机关办理行政案件程序规定》已经2018年10月19日公安部部务会议通过，现予发布。"
     "\n部长　赵克志\n2018年11月25日", "cn-2018-gab-order-150", "第150号"),
    ("全国人民代表大会常务委员会关于修改《中华人民共和国国旗法》的决定\n"
     "（２０２０年１０月１７日第十三届全国人民代表大会常务委员会第二十二次会议通过）\n（中华人民共和国主席令  第五十九号）\n"
     "第十三届全国人民代表大会常务委员会第二十二次会议决定对《中华人民共和国国旗法》作如下修改：\n"
     "一、将第五条修改为：“下列场所或者机构所在地，应当每日升挂国旗：”", "cn-2020-zx-order-59", "主席令第59号"),
]


@pytest.mark.parametrize(("text", "doc_id", "number"), ORDER_HEADS)
def test_orders_without_a_year_in_their_number(text: str, doc_id: str, number: str) -> None:
    from parser import parse_gazette

    first = parse_gazette(text, source="x.txt").documents[0]
    assert (first.id, first.number.text if first.number else None) == (doc_id, number)


def test_announcements_on_one_page_are_siblings() -> None:
    """Two 最高人民法院公告 one after another, each with the decision it promulgates (its number
    法释〔2020〕N号 printed above the title): two announcements, each the parent of its decision."""
    from parser import parse_gazette

    page = "".join(
        f"中华人民共和国最高人民法院公告\n《最高人民法院关于修改〈{work}〉等{n}件司法解释的决定》已于2020年12月23日由最高人民法院"
        f"审判委员会第1823次会议通过，现予公布，自2021年1月1日起施行。\n最高人民法院\n2020年12月29日\n法释〔2020〕{seq}号\n"
        f"最高人民法院关于修改《{work}》等{n}件司法解释的决定\n（2020年12月23日最高人民法院审判委员会第1823次会议通过，"
        f"自2021年1月1日起施行）\n一、修改《{work}》\n1.将第一条修改为：\n“{text}”\n"
        for work, n, seq, text in (("最高人民法院关于审理专利纠纷案件适用法律问题的若干规定", "十八", 19, "甲。"),
                                   ("最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释", "二十七", 17, "乙。")))
    gazette = parse_gazette(page, source="spc.txt")
    kinds = [(d.type.value, d.number.text if d.number else None, d.parent is None) for d in gazette.documents]
    assert kinds == [("order", None, True), ("decision", "法释〔2020〕19号", False),
                     ("order", None, True), ("decision", "法释〔2020〕17号", False)]
    assert gazette.warnings == ()
    assert len({d.id for d in gazette.documents}) == 4


DOC_NUMBER_CASES = [
    ("国发〔2004〕18号", "国发", 2004, 18),
    ("国办发明电〔2024〕12号", "国办发明电", 2024, 12),
    ("法释〔2021〕3号", "法释", 2021, 3),
    ("京政发[2023]5号", "京政发", 2023, 5),  # ASCII brackets
    ("廊政办字〔2021〕第82号", "廊政办字", 2021, 82),  # a stray 第
]


@pytest.mark.parametrize(("line", "prefix", "year", "seq"), DOC_NUMBER_CASES)
def test_document_numbers(line: str, prefix: str, year: int, seq: int) -> None:
    match = P.DOC_NUMBER.match(line)
    assert match and (match["prefix"], int(match["year"]), int(match["seq"])) == (prefix, year, seq)


DATE_CASES = [
    ("2021年10月14日", "2021-10-14"),
    ("二〇〇四年六月二十六日", "2004-06-26"),
    ("二〇二四年一月十二日", "2024-01-12"),
    ("二○二一年十二月三十一日", "2021-12-31"),
    ("２０２１年１０月１４日", "2021-10-14"),
    ("2021年13月1日", None),
]


@pytest.mark.parametrize(("line", "iso"), DATE_CASES)
def test_dates(line: str, iso: str | None) -> None:
    assert parse_date_text(line) == iso


def test_date_patterns_run_in_linear_time_on_long_numeral_lines() -> None:
    assert parse_date_text("二" * 5000 + "年") is None  # returns at once: no nested quantifiers
    assert find_dates("〇" * 5000) == []


EFFECTIVE_CASES = [
    ("本决定自2021年4月22日起施行。", "2021年4月22日"),
    ("本办法自公布之日起施行。", "公布之日"),
    ("本方案自印发之日起实施。", "印发之日"),
]


@pytest.mark.parametrize(("text", "when"), EFFECTIVE_CASES)
def test_effective_clauses(text: str, when: str) -> None:
    assert EFFECTIVE.search(text)["when"] == when


RECORD_CASES = [
    ("2014年11月24日 中华人民共和国国务院令第656号公布", True),
    ("2021年3月1日 最高人民法院审判委员会第1833次会议通过", True),
    ("2021年4月22日 施行", True),
    ("2018年7月30日 最高人民法院审判委员会第1745次会议", True),
    ("2021年4月22日，市政府召开常务会议研究部署工作。", False),
]


@pytest.mark.parametrize(("line", "expected"), RECORD_CASES)
def test_history_record_lines(line: str, expected: bool) -> None:
    assert bool(P.RECORD_LINE.match(Line(1, line).squeezed)) is expected


HISTORY_CASES = [
    ("（2020年4月28日廊坊市人民政府令〔2020〕第1号公布 根据2021年10月14日廊坊市人民政府令〔2021〕第1号修正）",
     [("2020-04-28", "公布"), ("2021-10-14", "修正")]),
    ("(1949年12月23日政务院发布　根据2011年1月8日《国务院关于废止和修改部分行政法规的决定》修订)",
     [("1949-12-23", "发布"), ("2011-01-08", "修订")]),
]


@pytest.mark.parametrize(("line", "events"), HISTORY_CASES)
def test_history_lines_in_either_bracket(line: str, events: list[tuple[str, str]]) -> None:
    from parser.gazette import _history

    assert P.HISTORY_LINE.match(Line(1, line).squeezed)
    assert [(e.date, e.event) for e in _history((Line(1, line),))] == events


SIGNATURE_CASES = [
    ("市　长　杨燕伟", ("市长", "杨燕伟")),
    ("总理　李克强", ("总理", "李克强")),
    ("院　长", ("院长", None)),
]


@pytest.mark.parametrize(("line", "reading"), SIGNATURE_CASES)
def test_signatures(line: str, reading: tuple[str, str | None]) -> None:
    match = P.PERSON_SIGNATURE.match(Line(1, line).squeezed)
    assert match and (match["office"], match["name"]) == reading


# (lines of a file, a document starts at line 0 with no issuer line)
TITLED_CASES = [
    (["电网调度管理条例", "1993年6月29日 中华人民共和国国务院令第115号发布", "第一章 总则"], True),
    (["公安机关适用继续盘问规定", "第一章 总则"], True),  # title, then chapter one
    (["国务院办公厅关于复制推广", "营商环境创新试点改革举措的通知", "国办发〔2022〕35号"], True),
    (["国务院关于河北雄安新区总体规划（2018—2035年）的批复", "国函〔2018〕159号"], True),
    (["工作制度", "第三条　……"], False),  # not article one: a heading inside a text
    (["廊坊市人民政府", "关于同意建立扶持个体工商户发展", "联席会议制度的批复", "廊政字〔2021〕13号"], False),
]


@pytest.mark.parametrize(("lines", "starts"), TITLED_CASES)
def test_documents_without_an_issuer_line(lines: list[str], starts: bool) -> None:
    assert (titled_end([Line(k + 1, text) for k, text in enumerate(lines)], 0) is not None) is starts


MAKER_CASES = [
    ("2014年11月24日 中华人民共和国国务院令第656号公布", "国务院"),
    ("2015年12月27日 第十二届全国人民代表大会常务委员会第十八次会议通过", "全国人民代表大会常务委员会"),
    ("2020年5月14日 上海市第十五届人民代表大会常务委员会第二十一次会议通过", "上海市人民代表大会常务委员会"),
    ("2001年9月10日 最高人民检察院第九届检察委员会第九十六次会议讨论通过", "最高人民检察院"),
    ("2008年7月17日 经人力资源和社会保障部第6次部务会议通过", "人力资源和社会保障部"),
]


@pytest.mark.parametrize(("line", "issuer"), MAKER_CASES)
def test_issuer_read_from_the_history(line: str, issuer: str) -> None:
    assert issuer_of("某某条例", (Line(1, line),)) == issuer


# Amendment wordings of real decisions: (clause, [(op, target, destination)])
AMENDMENT_CASES = [
    ("将第二条修改为第六条：“上海市辖区内……由上海金融法院管辖。”",
     [("renumber", "第二条", "第六条"), ("rewrite", "第二条", None)]),
    ("增加一条作为第二条：“下列金融纠纷案件，由上海金融法院管辖。”", [("insert", "", "第二条")]),
    ("将第五条修改为第十条。", [("renumber", "第五条", "第十条")]),
    ("原第四条作为第五条。", [("renumber", "第四条", "第五条")]),
    ("将第六条和第七条合并修改为：“因受害人的过错行为……”", [("rewrite", "第六条", None), ("delete", "第七条", None)]),
    ("第一条第二款开始部分增加规定：“铁路运输企业……不适用本解释”。", [("prepend_words", "第一条第二款", None)]),
    ("第五条条首部分修改为：“铁路行车事故……”;并增加一项作为第三项规定：“法律规定……造成的。”",
     [("rewrite_lead", "第五条", None), ("insert", "", "第五条第（三）项")]),
    ("删去第十二条和第十三条。", [("delete", "第十二条", None), ("delete", "第十三条", None)]),
    ("删去第八条第一款末尾的“甲”和第二款末尾的“乙”，并将第二款中的“及”修改为“或者”。",
     [("delete_words", "第八条第一款", None), ("delete_words", "第八条第二款", None),
      ("replace_words", "第八条第二款", None)]),
    ("将《解释》原第七条改为修改后《解释》第十二条。", [("renumber", "第七条", "第十二条")]),
    ("将《解释》的条文顺序作相应调整：“第八条”调整为“第七条”，“第九条”调整为“第八条”。",
     [("renumber", "第八条", "第七条"), ("renumber", "第九条", "第八条")]),
    ("将第一条修改为：\n“甲。\n“乙。”", [("rewrite", "第一条", None)]),  # quoted paragraphs open with “
    # a decision amending several rules (the lines quoted in issue 33; and the SPC's of 2020)
    ("第十八条中“持有人”修改为“权利人”。", [("replace_words", "第十八条", None)]),  # no 将
    ("第四十八条第一款删去“及其”。", [("delete_words", "第四十八条第一款", None)]),
    ("第二条、第三条、第十一条中“投资者”修改为“交易者”。",
     [("replace_words", "第二条", None), ("replace_words", "第三条", None), ("replace_words", "第十一条", None)]),
    ("删除第二条、第三条、第四条。", [("delete", "第二条", None), ("delete", "第三条", None), ("delete", "第四条", None)]),
    ("名称修改为《期货公司监督管理办法》。", [("rename", "名称", None)]),
    ("第二章名称修改为“期货交易者保护”。", [("rename", "第二章名称", None)]),
    ("将引言修改为：“为正确审理……制定本解释。”", [("rewrite", "引言", None)]),
    ("将名称、第一条中的“侵犯”修改为“侵害”。", [("replace_words", "名称", None), ("replace_words", "第一条", None)]),
    ("增加一章作为第五章：“第五章　法律责任”。", [("insert", "", "第五章")]),
    ("将“三、技术转让合同”修改为：“三、技术转让合同和技术许可合同”。", [("rename", "名称", None)]),
]


@pytest.mark.parametrize(("text", "expected"), AMENDMENT_CASES)
def test_amendment_wordings(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    ops, unknown = parse_item(text)
    assert unknown == []
    assert [(o.op, o.target.label, o.destination.label if o.destination else None) for o in ops] == expected


def test_each_operation_carries_the_work_it_amends() -> None:
    """一、将《A》第一条修改为… and the unnumbered lines after it amend A; 对《B》作如下修改 switches to B."""
    ops, unknown = parse_item("将《甲办法》第一条修改为：“甲。”\n第十八条中“持有人”修改为“权利人”。")
    assert unknown == [] and [(o.work, o.target.label) for o in ops] == [("甲办法", "第一条"), ("甲办法", "第十八条")]
    ops, unknown = parse_item("对《乙规定》作如下修改：\n删除第二条。", work="甲办法")
    assert unknown == [] and [(o.work, o.op) for o in ops] == [("乙规定", "delete")]


def test_multi_paragraph_quotation_keeps_its_paragraphs() -> None:
    ops, _ = parse_item("将第一条修改为：\n“甲。\n“乙。”")
    assert ops[0].new == "甲。\n乙。"


# --- titles of any form -----------------------------------------------------------------
# Each replaces the title of 廊坊市人民政府《关于做好发布征收土地相关公告工作的通知》
# (〔2021〕8号) in the shipped issue; the issue must still read as 94 documents.
LANGFANG_TITLE = "关于做好发布征收土地相关公告工作的通知\n"
TITLE_FORMS = [
    ("关于做好发布征收土地相关公告工作的通知：第二批", "a full-width colon"),
    ("关于做好发布征收土地相关公告工作的通知:第二批", "an ASCII colon"),
    ("关于做好“征收土地”相关公告工作的通知", "quotation marks"),
    ("关于做好发布征收土地相关公告（预公告、安置公告）工作的通知", "brackets"),
    ("关于做好发布征收土地相关公告工作；维护被征地农民权益的通知", "a semicolon"),
    ("关于办理利用互联网、移动通讯终端、声讯台制作、复制、出版、贩卖、传播淫秽电子信息刑事案件具体应用法律若干问题的通知（二）",
     "as long as the longest real title (74 characters with its issuer, LawRefBook/Laws)"),
]


@pytest.fixture(scope="module")
def langfang_text() -> str:
    from tests.conftest import CORPUS_FILE

    return CORPUS_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("title", "form"), TITLE_FORMS, ids=[form for _, form in TITLE_FORMS])
@pytest.mark.parametrize("wrapped", [False, True], ids=["one line", "over three lines"])
def test_titles_of_any_form_are_titles(langfang_text: str, title: str, form: str, wrapped: bool) -> None:
    from parser import parse_gazette

    printed = title
    if wrapped:  # wrapped as gazettes print long titles (a final 通知 on a line of its own)
        third = len(title) // 3
        parts = ([title[:third], title[third:-2], "通　　知"] if title.endswith("通知") else
                 [title[:third], title[third:2 * third], title[2 * third:]])
        printed = "\n\n".join(parts)
    gazette = parse_gazette(langfang_text.replace(LANGFANG_TITLE, printed + "\n"), source="langfang.txt")
    assert len(gazette.documents) == 94 and gazette.warnings == ()
    assert title in [d.title for d in gazette.documents]


def test_a_document_that_cannot_be_separated_is_a_warning(langfang_text: str) -> None:
    """A title ending in a full stop is no title: the document runs into the one before, and
    the parse says so at the stray document number."""
    from parser import parse_gazette

    gazette = parse_gazette(langfang_text.replace(LANGFANG_TITLE, "关于做好发布征收土地相关公告工作的通知。\n"),
                            source="langfang.txt")
    assert len(gazette.documents) == 93
    messages = [str(w) for w in gazette.warnings]
    assert messages == ["langfang.txt, line 1777: “〔2021〕8号” stands inside 《廊坊市市级储备粮管理办法》: the header or "
                        "end of another document, not recognized (an unusual title?); its lines are read as part of "
                        "this document"]


EXCERPTS = Path(__file__).resolve().parent / "real" / "excerpts"


def _parse_excerpt(name: str) -> Gazette:
    return parse_gazette((EXCERPTS / name).read_text(encoding="utf-8"), source=name)


def test_an_amending_act_is_a_document() -> None:
    """中华人民共和国刑法修正案（十一） (LawRefBook/Laws, excerpt: tests/real/excerpts/SOURCES.md):
    修正案 ends a title, and the act is read as a decision with its numbered items (it was
    skipped as "no recognizable document", like the ten other 刑法修正案 of the collection)."""
    (doc,) = _parse_excerpt("criminal-law-amendment-11-items-1-2.txt").documents
    assert (doc.title, doc.type.value) == ("中华人民共和国刑法修正案（十一）", "decision")
    assert doc.id.startswith("cn-2020-") and "-1226-" in doc.id
    items = [p for p in doc.provisions if p.kind == "division"]
    assert [p.text[:11] for p in items] == ["将刑法第十七条修改为：", "在刑法第一百三十三条之"]


def test_a_title_numbered_in_brackets() -> None:
    """…继承编的解释（一）: a numbered part of a series ends the title like （试行） does."""
    (doc,) = _parse_excerpt("spc-succession-interpretation-1-arts-1-2.txt").documents
    assert doc.title == "最高人民法院关于适用《中华人民共和国民法典》继承编的解释（一）"
    assert doc.id.startswith("cn-2020-spc-1225-")
    assert [p.eid for p in doc.provisions if p.kind == "article"] == ["art_1", "art_2"]


def test_a_law_text_that_opens_with_its_preamble() -> None:
    """A judicial interpretation printed alone, without its adoption line: title, 为…，制定本解释。
    and 第一条 (28 texts of LawRefBook/Laws were skipped for it). Only at the start of a file:
    inside a gazette, a title-like line and a 为… paragraph belong to the document around them."""
    gazette = _parse_excerpt("spc-environmental-pollution-arts-1-2.txt")
    (doc,) = gazette.documents
    assert doc.title == "最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释"
    assert doc.provisions[0].text.startswith("为依法惩治有关环境污染犯罪")
    assert [p.eid for p in doc.provisions if p.kind == "article"] == ["art_1", "art_2"]
    assert len([p for p in doc.provisions if p.kind == "item"]) == 18
    text = (EXCERPTS / "spc-succession-interpretation-1-arts-1-2.txt").read_text(encoding="utf-8")
    after = parse_gazette(text + "\n" + (EXCERPTS / "spc-environmental-pollution-arts-1-2.txt").read_text(
        encoding="utf-8"), source="two.txt")
    assert len(after.documents) == 1  # not at the start of the file: no new document


def test_a_chapter_inserted_is_applied_and_the_old_text_derived() -> None:
    """增加一章作为第二章 with 原第二章改为第三章，第三条改为第四条: the text before the decision has
    two chapters and three articles, the old 第三章 labelled 第二章 again."""
    from parser import parse_gazette
    from parser.history import build_history

    text = ("某市人民政府令\n〔2022〕第2号\n《某市人民政府关于修改〈某市甲管理办法〉的决定》已经市政府常务会议通过，现予公布，"
            "自公布之日起施行。\n市长　张三\n2022年3月1日\n某市人民政府关于修改《某市甲管理办法》的决定\n"
            "一、增加一章作为第二章：\n“第二章　监督检查\n第三条　主管部门应当监督检查。”\n二、原第二章改为第三章，第三条改为第四条。\n"
            "《某市甲管理办法》根据本决定作相应修改，重新公布。\n某市甲管理办法\n"
            "（2020年1月1日某市人民政府令〔2020〕第1号公布　根据2022年3月1日某市人民政府令〔2022〕第2号修正）\n"
            "第一章　总则\n第一条　为了管理甲，制定本办法。\n第二条　本办法适用于本市。\n第二章　监督检查\n"
            "第三条　主管部门应当监督检查。\n第三章　附则\n第四条　本办法自公布之日起施行。\n")
    history = build_history(parse_gazette(text, source="x.txt").documents)
    assert [(a.op, a.target.label or a.destination.label, a.applied) for a in history.amendments] == [
        ("insert", "第二章", True), ("renumber", "第二章", True), ("renumber", "第三条", True)]
    before = [(v.label, v.text) for v in history.versions if v.period == 1 and v.kind in ("chapter", "article")]
    assert [label for label, _ in before] == ["第一章", "第一条", "第二条", "第二章", "第三条"]
    assert history.warnings == ()
