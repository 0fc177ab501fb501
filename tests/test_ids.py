"""Identifiers: the tables of parser/ids.py as tests (STYLE.md §6)."""

import pytest

from parser.ids import Eid, document_id, eid_component, place_slug
from parser.records import DocNumber


@pytest.mark.parametrize(("kind", "number", "component"), [
    ("article", 101, "art_101"),  # 第一百零一条
    ("paragraph", 2, "para_2"),  # 第二款
    ("item", 3, "item_3"),  # （三）
    ("chapter", 2, "chp_2"),  # 第二章
    ("division", 1, "div_1"),  # 一、
    ("point", 4, "point_4"),  # 4.
])
def test_eid_components(kind: str, number: int, component: str) -> None:
    assert eid_component(kind, number) == component


def test_eid_parse_round_trip() -> None:
    eid = Eid.parse("chp_2__art_14__para_1__item_3")
    assert eid.components == (("chapter", 2), ("article", 14), ("paragraph", 1), ("item", 3))
    assert str(eid) == "chp_2__art_14__para_1__item_3"
    assert eid.number_of("article") == 14


@pytest.mark.parametrize("bad", ["", "art14", "art_14__", "foo_1", "art_x"])
def test_eid_parse_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="Invalid eId"):
        Eid.parse(bad)


@pytest.mark.parametrize(("issuer", "number", "signed", "expected"), [
    ("廊坊市人民政府", DocNumber("〔2021〕第1号", "", 2021, 1, True), None, "langfang-2021-order-1"),
    ("廊坊市人民政府", DocNumber("廊政字〔2021〕12号", "廊政字", 2021, 12), None, "langfang-2021-lzz-12"),
    ("廊坊市人民政府办公室", DocNumber("廊政办发〔2021〕5号", "廊政办发", 2021, 5), None, "langfang-2021-lzbf-5"),
    # the same bare number from two issuers gives two ids
    ("廊坊市人民政府", DocNumber("〔2021〕8号", "", 2021, 8), None, "langfang-2021-gov-8"),
    ("廊坊市人民政府办公室", DocNumber("〔2021〕8号", "", 2021, 8), None, "langfang-2021-gov-office-8"),
])
def test_document_ids(issuer: str, number: DocNumber, signed: str | None, expected: str) -> None:
    assert document_id(issuer, number, signed, "标题", "x") == expected


def test_unnumbered_document_id_is_dated_and_hashes_the_title() -> None:
    a = document_id("廊坊市人民政府办公室", None, "2021-09-15", "关于甲的通知", "")
    b = document_id("廊坊市人民政府办公室", None, "2021-09-15", "关于乙的通知", "")
    assert a.startswith("langfang-2021-gov-office-0915-") and a != b


def test_place_slug() -> None:
    assert place_slug("廊坊市人民政府") == "langfang"
    assert place_slug("保定市人民政府办公室") == "baoding"
    assert place_slug("联席会议") == ""
