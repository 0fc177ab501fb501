"""Citations: finding (table-driven and a measured gold set), resolving, linking."""

import json

import pytest

from parser import parse_gazette
from parser.citations import find_citations
from parser.history import build_history
from parser.records import Target
from parser.references import link_corpus

from .conftest import FIXTURES

CASES = [
    # (text, [(surface, kind)])  comment
    ("违反本办法第五条的", [("本办法第五条", "internal")]),
    ("《廊坊市物业管理办法》第四十六条第二款", [("《廊坊市物业管理办法》第四十六条第二款", "work")]),
    ("第四十条第（二）项", [("第四十条第（二）项", "internal")]),
    ("第四十条第二项", [("第四十条第二项", "internal")]),  # 项 without brackets
    ("廊政字〔2021〕12号和冀政办发〔2021〕1号", [("廊政字〔2021〕12号", "docno"), ("冀政办发〔2021〕1号", "docno")]),
    ("冀机编〔2011〕1号", [("冀机编〔2011〕1号", "docno")]),
    ("印发的〔2021〕8号通知", []),  # a bare number of unknown issuer is not cited
    ("走第二条路，第一次", []),  # measure words, not provisions
    ("具备基本条件", []),  # 基本条件 holds 本条 but is no citation
    ("《关于印发〈廊坊市某办法〉的通知》", [("《关于印发〈廊坊市某办法〉的通知》", "work")]),  # nested title
    ("依照本条第二款", [("本条第二款", "relative")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_find(text: str, expected: list) -> None:
    assert [(c.text, c.kind) for c in find_citations(text)] == expected


def test_targets_and_full_width_numerals() -> None:
    (citation,) = find_citations("《廊坊市物业管理办法》第４６条")
    assert citation.title == "廊坊市物业管理办法" and citation.target == Target(46)
    (citation,) = find_citations("廊坊市人民政府令〔2021〕第３号")
    assert (citation.kind, citation.issuer, citation.number) == ("order", "廊坊市人民政府", "〔2021〕第3号")


def _gold() -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / "citations_gold.jsonl").open(encoding="utf-8")]


def _score() -> tuple[int, int, int]:
    """True positives, found, expected; a found citation matches an expected one of the
    same kind whose span it overlaps (the gold set gives each expected span's start)."""
    tp = found_total = expected_total = 0
    for row in _gold():
        sentence, expected = row["sentence"], row["citations"]
        spans = []
        for citation in expected:
            start = citation["start"]
            assert sentence[start:start + len(citation["text"])] == citation["text"]
            spans.append((start, start + len(citation["text"]), citation["kind"]))
        found = find_citations(sentence)
        found_total += len(found)
        expected_total += len(spans)
        unmatched = list(spans)
        for citation in found:
            hit = next((s for s in unmatched if s[2] == citation.kind and citation.start < s[1]
                        and s[0] < citation.end), None)
            if hit is not None:
                tp += 1
                unmatched.remove(hit)
    return tp, found_total, expected_total


def test_gold_set_precision_and_recall() -> None:
    rows = _gold()
    assert len(rows) >= 100
    tp, found, expected = _score()
    precision, recall = tp / found, tp / expected
    assert precision >= 0.98, (tp, found)
    assert recall >= 0.95, (tp, expected)


@pytest.fixture(scope="module")
def references(gazette):
    return link_corpus(gazette.documents, build_history(gazette.documents))


def _ref(references, document: str, text: str):
    return next(r for r in references if r.document == document and r.text == text)


def test_internal_references_of_the_corpus(references) -> None:
    ref = _ref(references, "langfang-2021-order-2.regulation", "本办法第三十一条")
    assert ref.provision.startswith("chp_5__art_42")
    assert (ref.target_document, ref.target_provision) == ("langfang-2021-order-2.regulation", "chp_4__art_31")
    ref = _ref(references, "langfang-2021-lzz-20.regulation", "本办法第十六条")
    assert ref.provision.startswith("chp_3__art_17")
    assert ref.target_provision == "chp_3__art_16"
    assert ref.normalized == "《廊坊市市级储备粮管理办法》第十六条"


def test_relative_reference(references) -> None:
    ref = _ref(references, "langfang-2021-order-3.regulation", "前款")
    assert (ref.provision, ref.target_provision) == ("art_7__para_2", "art_7__para_1")


def test_interpretations_link_to_what_they_explain(references) -> None:
    ref = next(r for r in references if r.document == "langfang-2021-lzbf-6.regulation.interp"
               and r.text == "《实施细则》")
    assert ref.target_document == "langfang-2021-lzbf-6.regulation"
    ref = _ref(references, "langfang-2021-lzbz-79.interp", "廊政办字〔2021〕79号")
    assert ref.target_document == "langfang-2021-lzbz-79"


def test_number_of_another_issuer_is_external(references, gazette) -> None:
    bare = [d.id for d in gazette.documents if d.number is not None and d.number.text == "〔2021〕8号"]
    assert len(bare) == 2  # two documents here carry a bare 〔2021〕8号
    cited = [r for r in references if r.text == "廊政字〔2021〕8号"]
    assert cited and all(not r.resolved and r.target_document is None for r in cited)
    assert all("not in the knowledge base" in r.reason for r in cited)


def test_decision_targets_use_the_numbering_before_the_decision(references) -> None:
    ref = next(r for r in references if r.document == "langfang-2021-order-2.decision" and r.text == "第十八条第二款")
    assert not ref.resolved and "no longer exists" in ref.reason  # the paragraph it deleted
    ref = next(r for r in references if r.document == "langfang-2021-order-1.decision" and r.text == "第十四条第一款")
    assert ref.target_provision == "art_14__para_1"


def test_a_paragraph_under_an_item_is_not_the_articles_paragraph() -> None:
    """Hard-wrapped text (an excerpt of 平顶山市城市绿化条例, tests/real/excerpts/SOURCES.md)
    puts 前款… under the last item: 前款 is then counted from the article's own paragraph
    that holds it (the nested one, looked up among the article's, failed the build)."""
    source = FIXTURES.parent / "real" / "excerpts" / "pingdingshan-greening-art13.txt"
    gazette = parse_gazette(source.read_text(encoding="utf-8"), source=source.name)
    references = link_corpus(gazette.documents, build_history(gazette.documents))
    relative = [r for r in references if r.text == "前款"]
    assert len(relative) == 1
    assert relative[0].provision.startswith("chp_2__art_13__para_2__item_5__")
    assert relative[0].target_provision == "chp_2__art_13__para_1"
