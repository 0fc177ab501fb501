"""The STARD benchmark's parts: its questions, the mapping of its article names to units, the
figures, plain BM25 and what is learned from question–article pairs."""

from __future__ import annotations

import math

import pytest

from index.bm25 import BM25
from index.learned import Associations, asked, content_words, idf_of
from queries.stard import ArticleMap, StardQuestion, article_ref, evaluate_rankings, load_stard


def test_the_questions_and_their_splits() -> None:
    questions = load_stard()
    assert len(questions) == 1543
    assert sum(q.split == "train" for q in questions) == 1235 and sum(q.split == "dev" for q in questions) == 308
    assert all(q.articles for q in questions)
    first = next(q for q in questions if q.id == 0)
    assert first.q == "谁可以成为个体工商户？"
    assert first.articles == ("中华人民共和国民法典第五十四条", "个体工商户条例第二条")
    assert sum(len(q.articles) for q in load_stard(split="dev")) == 512


def test_a_malformed_line_is_named(tmp_path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "split": "dev", "q": "x", "articles": []}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl, line 2"):
        load_stard(path)


@pytest.mark.parametrize("name, ref", [
    ("中华人民共和国民法典第五十四条", ("中华人民共和国民法典", 54)),
    ("个体工商户条例第二条", ("个体工商户条例", 2)),
    ("最高人民法院关于适用《民法典》有关担保制度的解释第一百零二条", ("最高人民法院关于适用《民法典》有关担保制度的解释", 102)),
    ("中华人民共和国刑法第一百二十条之一", ("中华人民共和国刑法", 120)),
    ("民法典", None),
])
def test_article_names(name: str, ref) -> None:
    assert article_ref(name) == ref


def test_article_names_meet_units_by_title_with_or_without_prc_and_newest_edition() -> None:
    pool = [
        ("a/art_54", "中华人民共和国民法典", "2020-05-28", "book_1__chp_2__sec_4__art_54"),
        ("a/art_54__para_1", "中华人民共和国民法典", "2020-05-28", "book_1__chp_2__sec_4__art_54__para_1"),
        ("old/art_2", "个体工商户条例", "2011-04-16", "art_2"),
        ("new/art_2", "个体工商户条例", "2016-02-06", "art_2"),
        ("new/art_2@2011-01-01", "个体工商户条例", "2016-02-06", "art_2"),
    ]
    articles = ArticleMap(pool)
    assert articles.unit("中华人民共和国民法典第五十四条") == "a/art_54"
    assert articles.unit("民法典第五十四条") == "a/art_54"  # without 中华人民共和国
    assert articles.unit("个体工商户条例第二条") == "new/art_2"  # the newest edition
    assert articles.unit("个体工商户条例第九十九条") is None
    question = StardQuestion(0, "dev", "谁可以成为个体工商户？", ("中华人民共和国民法典第五十四条", "个体工商户条例第二条",
                                                              "公司法第一条"))
    assert articles.relevant(question) == ({"a/art_54", "new/art_2"}, 1)


def test_recall_counts_articles_the_pool_lacks_and_mrr_the_first_hit() -> None:
    articles = ArticleMap([("u1", "甲法", None, "art_1"), ("u2", "甲法", None, "art_2"), ("u3", "甲法", None, "art_3")])
    questions = [StardQuestion(1, "dev", "q1", ("甲法第一条", "甲法第二条")),
                 StardQuestion(2, "dev", "q2", ("甲法第三条", "乙法第一条"))]
    rankings = {"q1": ["u3", "u1"], "q2": ["u3"]}
    figures = evaluate_rankings("s", questions, articles, lambda q: rankings[q])
    assert figures.recall[1] == pytest.approx((0 + 0.5) / 2)
    assert figures.recall[5] == pytest.approx((0.5 + 0.5) / 2)
    assert figures.mrr10 == pytest.approx((1 / 2 + 1) / 2)


def test_bm25_scores_as_the_formula_says() -> None:
    documents = [["供水", "设施", "供水"], ["物业", "服务"], ["供水", "物业", "服务", "企业"]]
    bm25 = BM25(documents, k1=1.2, b=0.75)
    n, avgdl = 3, 3.0
    idf = math.log(1 + (n - 2 + 0.5) / (2 + 0.5))
    expected = idf * 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / avgdl))
    assert bm25.scores(["供水"])[0] == pytest.approx(expected)
    assert bm25.top(["供水"], 10) == [0, 2]  # the shorter text with the word twice first; none without it
    assert bm25.top(["无关"], 10) == []
    weighted = bm25.scores(["设施"], {"物业": 0.5})
    assert weighted[1] > 0 and weighted[0] > weighted[1]


def test_associations_link_the_words_people_use_to_the_words_of_the_law() -> None:
    law = {"debt": ["夫妻", "共同", "债务", "承担"], "rent": ["租赁", "合同", "租金"]}
    pairs = [(["老公", "欠钱", "还吗"], law["debt"]), (["老公", "借钱", "谁还"], law["debt"]),
             (["房租", "不交"], law["rent"]), (["房租", "涨价"], law["rent"])]
    idf = idf_of([law["debt"], law["rent"], ["其他", "条文"]])
    model = Associations.learn(pairs, idf, min_pairs=2)
    assert [v for v, _ in model.table["老公"]][:4] == sorted(law["debt"])
    assert "租金" in dict(model.table["房租"]) and "债务" not in dict(model.table["房租"])
    expansion = model.expand(["老公", "的", "房租"], per_word=2, weight=0.2)
    assert max(expansion.values()) == pytest.approx(0.2) and set(expansion) <= set(law["debt"] + law["rent"])
    assert asked([("art_1", ["老公", "欠钱"]), ("art_1", ["谁还"])]) == {"art_1": ["老公", "欠钱", "谁还"]}
    assert content_words(["的", "，", "12", "债务", "A股"]) == ["债务", "A股"]


def test_stard_names_meet_the_articles_of_the_real_civil_code() -> None:
    """Every article of the 民法典 that STARD's questions name is found among the article units
    of the code as tools/lawrefbook_corpus.py joins it (tests/real/national)."""
    from pathlib import Path

    from index.units import build_units
    from parser import parse_gazette

    path = Path(__file__).parent / "real" / "national" / "civil-code.txt"
    units = build_units(parse_gazette(path.read_text(encoding="utf-8"), source=str(path)).documents, {}, ())
    articles = ArticleMap((u.id, u.title, u.date, u.eid) for u in units)
    names = [a for q in load_stard() for a in q.articles if a.startswith("中华人民共和国民法典第")]
    assert len(names) > 700  # about half of STARD's articles are the Civil Code's
    found = {name: articles.unit(name) for name in names}
    assert [n for n, unit in found.items() if unit is None] == []
    assert found["中华人民共和国民法典第五十四条"].endswith("/book_1__chp_2__sec_4__art_54")
    assert found["中华人民共和国民法典第一千零六十四条"].endswith("__art_1064")


def test_gazette_eval_stard_runs_every_mode_and_the_baseline(indexed) -> None:
    """Over the shipped gazette, which holds none of STARD's articles: the command runs each
    mode and plain BM25 on the same build and says that the articles are not there."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    gazette = str(Path(sys.executable).with_name("gazette"))
    run = subprocess.run([gazette, "eval", "--stard", "dev", "--build", str(indexed), "--json"], capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["questions"] == 308 and report["articles"] == 512 and report["articles_lacking"] == 512
    assert [f["system"] for f in report["figures"]] == ["plain BM25 (jieba, k1 1.2, b 0.75)", "keyword", "semantic",
                                                        "hybrid"]
    assert all(f["recall@100"] == 0 and f["questions"] == 308 for f in report["figures"])
