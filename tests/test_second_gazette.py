"""Another city's gazette, written for the purpose, parses with no code change."""

from collections import Counter

from parser import DocType, parse_gazette

from .conftest import FIXTURES

SOURCE = FIXTURES / "baoding-gazette-2022-01.txt"


def test_baoding_gazette() -> None:
    gazette = parse_gazette(SOURCE.read_text(encoding="utf-8"), "baoding-gazette-2022-01.txt")
    assert (gazette.title, gazette.year, gazette.issue) == ("保定市人民政府公报", 2022, 1)
    assert gazette.warnings == ()
    docs = {d.id: d for d in gazette.documents}
    assert list(docs) == [
        "baoding-2022-order-1",
        "baoding-2022-order-1.regulation",
        "baoding-2022-bzz-3",
        "baoding-2022-bzz-3.att1",
        "baoding-2022-order-1.regulation.interp",
    ]
    order = docs["baoding-2022-order-1"]
    assert order.number.text == "〔2022〕第1号"  # full-width １ in the source
    assert (order.signer, order.signed) == ("市长 李四明", "2022-01-15")
    regulation = docs["baoding-2022-order-1.regulation"]
    assert regulation.type is DocType.REGULATION
    kinds = Counter(p.kind for p in regulation.provisions)
    assert (kinds["chapter"], kinds["article"]) == (4, 8)
    items = [p.eid for p in regulation.provisions if p.kind == "item"]
    assert "chp_3__art_6__para_1__item_3" in items
    notice = docs["baoding-2022-bzz-3"]
    assert notice.attachment_titles == ("保定市城市绿化委员会成员名单",)
    rows = [p.cells for p in docs["baoding-2022-bzz-3.att1"].provisions if p.kind == "row"]
    assert rows == [("主任", "王小五", "市政府副市长"), ("副主任", "赵六一", "市城市管理局局长"),
                    ("成员", "钱七", "市财政局副局长"), ("成员", "孙八九", "市自然资源和规划局副局长"),
                    ("成员", "周十", "市住房城乡建设局副局长")]
    interp = docs["baoding-2022-order-1.regulation.interp"]
    assert interp.type is DocType.INTERPRETATION and interp.parent == regulation.id
