"""The learned ranking (index.learned): BM25 with the questions each article answered, the
question expanded by associations learned from STARD's train split; written by a build that
holds articles those questions name, and fused by the search engine beside the others.

The national texts of tests/real/national (the Civil Code, 物业管理条例) are held, so STARD's
questions about the Civil Code (about half of its questions) are what is learned from and
measured on; the dev split is never learned from."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from gazette.build import build
from index import load_units
from index.bm25 import BM25
from index.learned import LEARNED_DIR, LearnedIndex, tokens
from queries.search import Filters, SearchEngine
from queries.stard import ArticleMap, load_stard, training_pairs
from queries.duties import answer
from store import Store
from tests.conftest import CORPUS_FILE, HashingEncoder

NATIONAL = Path(__file__).resolve().parent / "real" / "national"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped gazette and the national texts built with a stand-in encoder (the learned
    ranking and the basis of the who-card need no model)."""
    target = tmp_path_factory.mktemp("learned") / "build"
    build([CORPUS_FILE.parent, NATIONAL], target, encoder=HashingEncoder(), site=True, jobs=1)
    return target


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_build_learns_from_the_train_questions_about_the_articles_it_holds(national: Path) -> None:
    units = load_units(national / "index")
    pairs = training_pairs((u.id, u.title, u.date, u.eid) for u in units)
    learned = LearnedIndex(national / "index" / LEARNED_DIR)
    assert learned.pairs == len(pairs) > 500  # the train questions' articles of the two works
    title = {u.id: u.title for u in units}
    assert {title[unit] for unit, _ in pairs} == {"中华人民共和国民法典", "物业管理条例"}
    # no dev question is learned from
    dev = {q.q for q in load_stard(split="dev")}
    assert not dev & {question for _, question in pairs}
    # a question people asked with their own words now finds the article that answered it
    unit, question = pairs[0]
    assert unit in learned.search(question, 10)


def test_the_learned_index_is_the_same_bytes_for_the_same_build(national: Path, tmp_path: Path) -> None:
    units = load_units(national / "index")
    pairs = training_pairs((u.id, u.title, u.date, u.eid) for u in units)
    LearnedIndex.build(tmp_path / "again", [(u.id, u.text) for u in units], pairs)
    assert _digest(tmp_path / "again") == _digest(national / "index" / LEARNED_DIR)


def test_nothing_is_learned_where_no_question_names_a_held_article(tmp_path: Path) -> None:
    (tmp_path / "learned").mkdir()
    (tmp_path / "learned" / "stale.json").write_text("{}", encoding="utf-8")
    assert LearnedIndex.build(tmp_path / "learned", [("a/art_1", "第一条　本办法自发布之日起施行。")],
                              [("b/art_1", "问题")]) == 0
    assert not (tmp_path / "learned").exists()  # and what an earlier build left there is gone


def test_on_the_dev_split_the_learned_ranking_finds_more_than_plain_bm25(national: Path) -> None:
    """Held-out questions (STARD dev) about the Civil Code: recall@10 of the learned ranking
    against plain BM25 over the same units and words."""
    units = [u for u in load_units(national / "index") if u.current]
    articles = ArticleMap((u.id, u.title, u.date, u.eid) for u in units)
    questions = [(q, articles.relevant(q)[0]) for q in load_stard(split="dev")]
    questions = [(q, relevant) for q, relevant in questions if relevant]
    assert len(questions) > 100
    learned = LearnedIndex(national / "index" / LEARNED_DIR)
    ids = [u.id for u in units]
    plain = BM25([tokens(u.text) for u in units])

    def recall(rank) -> float:  # type: ignore[no-untyped-def]
        return sum(len(set(rank(q.q)[:10]) & relevant) / len(relevant) for q, relevant in questions) / len(questions)

    plain_recall = recall(lambda q: [ids[r] for r in plain.top(tokens(q), 10)])
    learned_recall = recall(lambda q: learned.search(q, 10))
    assert learned_recall > plain_recall + 0.05, (plain_recall, learned_recall)


def test_the_engine_fuses_the_learned_ranking_for_chinese_questions(national: Path) -> None:
    engine = SearchEngine(national, encoder=HashingEncoder())
    try:
        assert engine.learned is not None
        question = load_stard(split="train")[0].q
        hits = engine.search(question, k=20, filters=Filters(any_status=True)).hits
        assert any(h["ranks"]["learned"] for h in hits)
        # keyword mode and English questions are searched as before: no learned ranks
        assert not any(h["ranks"]["learned"] for h in engine.search("物业服务", mode="keyword").hits)
        assert not any(h["ranks"]["learned"] for h in engine.search("property services contract").hits)
        # and with the learned ranking weighed at nothing, the fused order is the other rankings'
        engine.fusion = replace(engine.fusion, learned=0.0)
        alone = [h["id"] for h in engine.search(question, k=20, filters=Filters(any_status=True)).hits]
        assert alone != [h["id"] for h in hits]
    finally:
        engine.close()


def test_an_article_of_the_code_is_cited_by_its_number_alone(national: Path) -> None:
    """Above 第二百七十三条 stand 第二编, 第二分编 and 第六章: a citation names the article alone."""
    unit = next(u for u in load_units(national / "index") if u.eid == "book_2__part_2__chp_6__art_273")
    assert unit.pinpoint == "第二百七十三条"


def test_the_who_card_names_the_national_law_the_local_rule_rests_on(national: Path) -> None:
    """廊坊市物业管理办法 第一条 cites 《物业管理条例》 (held): the card shows its clause naming the
    competent authority (第五条, in its general provisions), labelled 行政法规, with its status."""
    engine = SearchEngine(national, encoder=HashingEncoder())
    store = Store(national / "gazette.sqlite")
    try:
        card = answer(store, engine, "谁负责物业管理活动的监督管理")
        assert card["actors"] and card["actors"][0]["document"]["title"] == "廊坊市物业管理办法"
        basis = {work["document"]["title"]: work for work in card["basis"]}
        work = basis["物业管理条例"]
        assert work["document"]["level"] == "行政法规" and work["status"] == "in_force"
        assert work["cited_by"]["title"] == "廊坊市物业管理办法"
        assert work["provision"]["citation"] == "《物业管理条例》第五条"
        assert "房地产行政主管部门负责本行政区域内物业管理活动的监督管理工作" in work["provision"]["text"]
    finally:
        engine.close()
        store.close()


def test_the_api_answers_with_the_basis_and_the_learned_rank(national: Path) -> None:
    """/api/who and /api/search through their response models (a field they do not declare
    would fail the response)."""
    from fastapi.testclient import TestClient

    from gazette.server import create_app

    with TestClient(create_app(national, encoder=HashingEncoder())) as client:
        who = client.get("/api/who", params={"q": "谁负责物业管理活动的监督管理"})
        assert who.status_code == 200, who.text
        basis = {w["document"]["title"]: w for w in who.json()["basis"]}
        assert basis["物业管理条例"]["provision"]["citation"] == "《物业管理条例》第五条"
        assert basis["物业管理条例"]["document"]["level"] == "行政法规"
        found = client.get("/api/search", params={"q": load_stard(split="train")[0].q, "all": "true"})
        assert found.status_code == 200, found.text
        assert any(hit["ranks"]["learned"] for hit in found.json()["hits"])


def test_the_shipped_gazette_holds_no_learned_ranking(indexed: Path) -> None:
    """No STARD question names an article of the Langfang gazette: its build learns nothing
    and searches as it did."""
    assert not (indexed / "index" / LEARNED_DIR).exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_reader_sees_the_national_law_under_the_answer(national: Path, scheme: str) -> None:
    """Through `gazette serve`'s app in Chromium: under the who-card's answers, 上位依据 with
    《物业管理条例》第五条, its level and its status, legible in both themes."""
    import threading
    import urllib.parse

    import uvicorn
    from playwright.sync_api import expect, sync_playwright

    from gazette.server import create_app
    from tests.conftest import free_port, served_mode
    from tests.test_reader import CONTRAST
    from tests.test_site import CHROMIUM

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(national, encoder=HashingEncoder()), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = chromium.new_context(viewport={"width": 1366, "height": 900}, color_scheme=scheme).new_page()
            page.goto(f"http://127.0.0.1:{port}/search/?query=" + urllib.parse.quote("谁负责物业管理活动的监督管理"))
            served_mode(page)
            card = page.locator(".gz-answer")
            expect(card.locator("h3", has_text="上位依据")).to_be_visible(timeout=30000)
            link = card.locator("li > a", has_text="《物业管理条例》第五条")
            expect(link).to_be_visible()
            item = link.locator("xpath=..")
            assert "行政法规" in item.inner_text() and "《廊坊市物业管理办法》所依据" in item.inner_text()
            assert "房地产行政主管部门负责本行政区域内物业管理活动的监督管理工作" in item.inner_text()
            for node in (link, item.locator(".gz-status")):
                assert node.evaluate(CONTRAST) >= 3.0, node.inner_text()
            assert link.get_attribute("href").endswith("#chp_1__art_5")
            chromium.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
