"""The words the indexes read, analysed once per document and kept between builds
(index/analysed.py), and the gloss index on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazette.stages import StageCache
from index import load_units
from index.analysed import TERMS, analyse, corpus_terms
from index.analysis import analyzer, harvest_terms, user_words, write_user_dict
from index.glosses import GlossIndex
from queries.evaluate import load_gold


@pytest.fixture(scope="module")
def units(indexed: Path) -> list:
    return load_units(indexed / "index")


def _dictionary(folder: Path, units: list) -> tuple[Path, list[str]]:
    terms = user_words(harvest_terms(u.text for u in units))
    folder.mkdir(parents=True, exist_ok=True)
    write_user_dict(folder / "userdict.txt", terms)
    return folder / "userdict.txt", terms


def test_the_corpus_terms_are_counted_per_document_and_kept(gazette, tmp_path: Path) -> None:
    """The user dictionary's terms, each document's counts kept: the same terms as counting
    the whole corpus, and a second build with one more document counts that one only."""
    documents = list(gazette.documents)
    whole = harvest_terms(p.text for doc in documents for p in doc.provisions)
    assert corpus_terms(documents) == whole and len(whole) > 100
    memo = StageCache(tmp_path / "stages.sqlite")
    try:
        assert corpus_terms(documents[:-1], memo, "v1") == harvest_terms(
            p.text for doc in documents[:-1] for p in doc.provisions)
        count = memo._db.execute("SELECT count(*) FROM entries WHERE stage = ?", (TERMS,)).fetchone()[0]
        assert count == len(documents) - 1
        assert corpus_terms(documents, memo, "v1") == whole
        assert memo._db.execute("SELECT count(*) FROM entries WHERE stage = ?", (TERMS,)).fetchone()[0] == count + 1
    finally:
        memo.close()


def test_a_texts_words_do_not_depend_on_dictionary_words_it_lacks(tmp_path: Path) -> None:
    """The segmenter keeps jieba's own total: a thousand user words that a text does not
    contain leave its words as they were (each added word's frequency used to move the
    total that every word of every text pays)."""
    text = "城镇供水行政主管部门负责本行政区域内二次供水设施的监督管理工作"
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    write_user_dict(small, ["城镇供水行政主管部门"])
    write_user_dict(large, ["城镇供水行政主管部门", *(f"测试词语{i:04d}号" for i in range(1000))])
    words = [t.text for t in analyzer(str(small))(text)]
    assert words == [t.text for t in analyzer(str(large))(text)]
    assert "城镇供水行政主管部门" in words
    assert "测试词语0001号" in [t.text for t in analyzer(str(large))("这是测试词语0001号的文本")]


def test_adding_documents_analyses_what_they_change_and_nothing_else(units: list, tmp_path: Path) -> None:
    """A first build analyses every unit; adding documents (and the dictionary terms they
    bring) analyses their units and the old units that the new terms reach, glosses only the
    new units (glosses do not depend on the dictionary), and the result is what analysing
    everything anew gives."""
    documents = list(dict.fromkeys(u.document for u in units))
    old = set(documents[: len(documents) // 2])
    before = [u for u in units if u.document in old]
    added = len(units) - len(before)
    memo = StageCache(tmp_path / "stages.sqlite")
    try:
        user_dict, terms = _dictionary(tmp_path / "before", before)
        first, counts = analyse(before, user_dict, terms, memo, "v1")
        assert len(first) == len(before) and 0.9 * len(before) < counts.words <= len(before)
        user_dict, terms = _dictionary(tmp_path / "after", units)
        second, counts = analyse(units, user_dict, terms, memo, "v1")
        assert 0.9 * added < counts.words < len(units) and 0.9 * added < counts.glosses <= added, counts
        assert second == analyse(units, user_dict, terms)[0]
        _, counts = analyse(units, user_dict, terms, memo, "v1")
        assert (counts.words, counts.glosses) == (0, 0)
        _, counts = analyse(units, user_dict, terms, memo, "v2")  # other code: every entry misses
        assert counts.words > 0.9 * len(units)
    finally:
        memo.close()


def test_jiebas_common_words_are_left_to_jieba() -> None:
    """The user dictionary holds the harvested terms but jieba's common words: 标准 or 意见
    from a quoted “标准” would only move the words of every text they stand in; a rare word
    of jieba's (门前三包) keeps its entry."""
    assert user_words(["标准", "意见", "城镇供水行政主管部门", "门前三包"]) == ["城镇供水行政主管部门", "门前三包"]


def test_the_analysis_is_what_the_indexes_read(units: list, indexed: Path) -> None:
    unit = next(u for u in units if "二次供水" in u.text and not u.table)
    analysed = analyse([unit], indexed / "index" / "userdict.txt", [])[0][0]
    tokens = [t.text for t in analyzer(str(indexed / "index" / "userdict.txt"))(unit.words)]
    assert analysed.words.split() == tokens and {"二次", "供水"} <= set(tokens)
    assert "water" in analysed.gloss.split() and "suppli" in analysed.gloss.split()  # stemmed English
    assert "second supply water" in analysed.reading  # word by word, unstemmed, verbs without "to"


@pytest.fixture(scope="module")
def glosses(units: list, indexed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    analysed, _ = analyse(units, indexed / "index" / "userdict.txt", [])
    built = {}
    for engine in ("whoosh", "tantivy"):
        folder = tmp_path_factory.mktemp(f"gloss-{engine}")
        assert GlossIndex.build(folder, units, analysed, engine) == len(units)
        built[engine] = GlossIndex(folder)
    yield built
    for index in built.values():
        index.close()


def test_both_gloss_engines_answer_english_questions(glosses: dict, units: list) -> None:
    """The English development questions, on the glosses alone: the answering unit in the
    top ten for most of them, whichever engine (whoosh 0.766, tantivy 0.787 on 2026-11-29),
    and the two engines' top tens mostly the same units (0.91 in common)."""
    by_id = {u.id: u for u in units}
    questions = [q for q in load_gold() if q.lang == "en"]
    found = {engine: 0 for engine in glosses}
    overlap = []
    for question in questions:
        tops = {engine: index.search(question.q, 10) for engine, index in glosses.items()}
        for engine, top in tops.items():
            found[engine] += any(any(r in by_id[u].text for r in question.rel) for u in top)
        overlap.append(len(set(tops["whoosh"]) & set(tops["tantivy"])) / max(1, len(tops["whoosh"])))
    assert all(n / len(questions) >= 0.5 for n in found.values()), found
    assert sum(overlap) / len(overlap) >= 0.7


def test_a_gloss_search_without_english_words_finds_nothing(glosses: dict) -> None:
    for index in glosses.values():
        assert index.search("？！", 5) == []
        assert index.search("zzqxv", 5) == []
