"""What the queries return is what queries/records.py (and the evaluation modules) declare:
every key, no other, values of the declared types, on the shipped corpus built as `make run`
builds it. Each public function that returns records is called here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_type_hints

import pytest

from queries import records
from queries.citation_eval import evaluate_links, load_labelled
from queries.citations import Resolver, annotate_html, link_batch
from queries.documents import list_documents, show
from queries.duties import answer, search_with_card
from queries.evaluate import GOLD, evaluate, load_gold
from queries.history import diff, provision_versions, text_as_of
from queries.search import Filters, SearchEngine
from queries.who_eval import WHO_SET, evaluate_who, load_who
from store import Store
from tests.typecheck import conforms

REGULATION = "langfang-2021-order-1.regulation"  # amended on 2021-11-30: versions, a diff, texts of two days


@pytest.fixture(scope="module")
def opened(indexed: Path):
    store, engine = Store(indexed / "gazette.sqlite"), SearchEngine(indexed)
    yield store, engine, Resolver(store)
    engine.close()
    store.close()


def _returns(function: Any) -> Any:
    return get_type_hints(function)["return"]


def _check(value: Any, kind: Any, where: str) -> None:
    assert value, f"{where} gave nothing: nothing was checked"
    assert conforms(value, kind, where) == []


def test_search_hits_and_the_who_card(opened) -> None:
    store, engine, _ = opened
    for query, mode in (("二次供水设施由谁监督检查", "hybrid"), ("who inspects secondary water", "hybrid"),
                        ("物业服务", "keyword"), ("排污权", "semantic")):
        _check(engine.search(query, k=10, mode=mode, filters=Filters(any_status=True)).hits, list[records.Hit],
               f"search {query}")
    result, card = search_with_card(store, engine, "谁负责二次供水设施的监督检查")
    _check(card, records.WhoCard, "search_with_card")
    _check(answer(store, engine, "who collects the emission rights income"), _returns(answer), "answer")


def test_documents_provisions_and_their_history(opened) -> None:
    store, _, _ = opened
    _check(list_documents(store), _returns(list_documents), "list_documents")
    _check(show(store, REGULATION, as_of="2021-06-01"), _returns(show), "show document")
    _check(show(store, f"{REGULATION}/art_14", as_of="2021-06-01"), _returns(show), "show provision")
    _check(text_as_of(store, REGULATION, "2021-06-01", "art_14"), _returns(text_as_of), "text_as_of")
    _check(provision_versions(store, REGULATION, "art_14"), _returns(provision_versions), "provision_versions")
    _check(diff(store, REGULATION), _returns(diff), "diff")
    never = next(d["id"] for d in store.documents() if not store.periods(d["id"]))
    _check(diff(store, never), _returns(diff), "diff of a text never amended")


def test_citations_resolved_and_linked(opened) -> None:
    _, _, resolver = opened
    for citation in ("《廊坊市城镇二次供水管理办法》第十四条", "第十四条", "《中华人民共和国物权法》第七十条",
                     "廊政字〔2021〕12号", "《廊坊市二次供水办法》", "no citation here"):
        _check(resolver.resolve(citation, as_of="2021-06-01"), records.Resolution, f"resolve {citation}")
    text = "依据《中华人民共和国民法典》第九百四十二条和《廊坊市城镇二次供水管理办法》第十四条"
    _check(resolver.link(text), list[records.Span], "link")
    _check(annotate_html(f"<p>{text}</p>", resolver)[1], list[records.NodeSpan], "annotate_html")
    _check(link_batch(['{"id": "a", "text": "' + text + '"}'], resolver), _returns(link_batch), "link_batch")


def test_the_evaluations_rows(opened) -> None:
    store, engine, resolver = opened
    _check(evaluate(engine, load_gold(GOLD)[:3], modes=("hybrid",))[1], _returns(evaluate).__args__[1], "evaluate")
    _check(evaluate_who(store, engine, load_who(WHO_SET)[:3])[1], _returns(evaluate_who).__args__[1], "evaluate_who")
    labelled = load_labelled()
    _check(labelled, _returns(load_labelled), "load_labelled")
    _check(evaluate_links(resolver, labelled)[1] or [{"text": "", "citation": "", "form": "", "wanted": None,
                                                      "got": None, "reason": ""}],
           _returns(evaluate_links).__args__[1], "evaluate_links")
