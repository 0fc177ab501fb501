"""The who-card answers with the competent authority: the who-set's figures, test part first."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries.duties import answer, is_who_question
from queries.search import SearchEngine
from queries.who_eval import WHO_SET, answerable, evaluate_who, load_who
from store import STORE_NAME, Store


@pytest.fixture(scope="module")
def store(indexed: Path):
    with Store(indexed / STORE_NAME) as opened:
        yield opened


@pytest.fixture(scope="module")
def engine(indexed: Path):
    opened = SearchEngine(indexed)
    yield opened
    opened.close()


@pytest.mark.parametrize("question", ["谁负责二次供水设施的监督检查", "who inspects secondary water supply"])
def test_the_competent_authorities_come_first(store: Store, engine: SearchEngine, question: str) -> None:
    card = answer(store, engine, question)
    assert {a["agency"] for a in card["actors"][:2]} == {"城镇供水行政主管部门", "卫生健康行政主管部门"}
    assert all(a["kind"] in ("government", "body") for a in card["actors"])
    assert card["parties"] and all(p["kind"] == "party" for p in card["parties"])  # 供水单位, 建设单位 … apart


def test_an_answer_from_an_expired_text_says_so(store: Store, engine: SearchEngine) -> None:
    card = answer(store, engine, "排污权出让收入由谁征收")
    assert card["actors"][0]["agency"] in ("税务部门", "市税务局") and card["actors"][0]["status"] == "expired"


def test_the_who_set(store: Store, engine: SearchEngine) -> None:
    """306 questions (58 development; test batches of 40, 40, 32, 24, 27 (and the 5 of the fifth
    that met earlier provisions), 18, 23, 19 and 20; about half English); the shipped build
    scores those over the shipped issue (194). Floors just under the figures measured on
    2026-12-08 (first-answer precision: test 0.875, test2 0.800, test3 0.875, test4 0.500,
    test5 0.643, test6 1.000, test7 0.800, test8 0.857, test9 0.636, development 0.879; test
    authority recall 0.992)."""
    questions = load_who(WHO_SET)
    assert len(questions) == 306 and sum(q.split == "test" for q in questions) == 40
    assert sum(q.split == "test2" for q in questions) == 40 and sum(q.split == "test3" for q in questions) == 32
    scored, missing = answerable(store, questions)
    assert len(scored) == 194 and missing == ["tests/real/issues"]
    figures = {(f.split, f.lang): f for f in evaluate_who(store, engine, scored)[0]}
    assert figures[("test", "all")].precision_at_1 >= 0.85
    assert figures[("test2", "all")].precision_at_1 >= 0.775
    assert figures[("test3", "all")].precision_at_1 >= 0.8
    assert figures[("test4", "all")].precision_at_1 >= 0.45
    assert figures[("test5", "all")].precision_at_1 >= 0.6
    assert figures[("test6", "all")].precision_at_1 >= 0.85 and figures[("test7", "all")].precision_at_1 >= 0.75
    assert figures[("test8", "all")].precision_at_1 >= 0.8 and figures[("test9", "all")].precision_at_1 >= 0.6
    assert figures[("dev", "all")].precision_at_1 >= 0.85
    assert figures[("test", "all")].recall >= 0.975


def test_a_body_a_task_table_names_answers_for_the_task(store: Store, engine: SearchEngine) -> None:
    """推动公立医院高质量发展重点任务分工, 第47项: the task, then 市卫生健康委 and the deadline, in
    cells of their own with no verb; the body answers for the task."""
    card = answer(store, engine, "which municipal department is responsible for public hospitals' operations and "
                                 "cost analysis")
    assert card["actors"][0]["agency"] == "市卫生健康委员会" and card["actors"][0]["unit"].endswith("table_2__row_41")


def test_a_body_named_as_a_class_comes_after_the_body_that_leads(store: Store, engine: SearchEngine) -> None:
    """各县（市、区）政府 and 廊坊开发区管委会 carry out most tasks of the 一老一小 plan where they are; the
    row of the statistics of the elderly care industry names 市统计局 to lead it."""
    card = answer(store, engine, "who leads the statistics of the elderly care industry")
    assert card["actors"][0]["agency"] == "市统计局"
    assert "各县（市、区）政府" not in [a["agency"] for a in card["actors"][:2]]


def test_the_body_a_text_names_first_leads(store: Store, engine: SearchEngine) -> None:
    """由广阳区政府、安次区政府做好发布…: equal scores, the order of the text."""
    card = answer(store, engine, "who publishes land acquisition notices in Guangyang district")
    assert [a["agency"] for a in card["actors"][:2]] == ["广阳区政府", "安次区政府"]


def test_each_subject_answers_for_its_own_clause(store: Store, engine: SearchEngine) -> None:
    """市民政局牵头负责养老服务、市卫生健康委牵头负责托育工作 (廊政办字〔2021〕70号): both act, and
    托育 is in the second one's clause only."""
    card = answer(store, engine, "托育工作由哪个部门牵头负责")
    assert card["actors"][0]["agency"] == "市卫生健康委员会"
    assert card["actors"][0]["sentence"].startswith("市民政局牵头负责养老服务")


def test_the_body_a_question_is_about_does_not_answer_it(store: Store, engine: SearchEngine) -> None:
    """…领导小组办公室设在哪个部门: the office's host answers, not the office (廊政办字〔2021〕85号)."""
    card = answer(store, engine, "文化和旅游消费示范城市建设领导小组办公室设在哪个部门")
    assert card["actors"][0]["agency"] == "市文化广电和旅游局"


def test_a_penalty_clause_does_not_answer_who_is_responsible(store: Store, engine: SearchEngine) -> None:
    """第五十四条 fines a failure to file the handover inspection; 第八条 gives the filing to the county."""
    card = answer(store, engine, "物业承接查验备案由谁负责")
    assert card["actors"][0]["agency"] == "县（市、区）物业管理行政主管部门"
    assert card["actors"][0]["modality"] == "duty"


def test_where_an_office_sits_is_a_who_question() -> None:
    assert is_who_question("where is the office of the leading group for floating population")
    assert not is_who_question("where is the parking lot")
