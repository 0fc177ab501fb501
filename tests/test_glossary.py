"""The reviewed glossary of government terms (index/data/glossary.tsv), read both ways."""

from pathlib import Path

import pytest

from index.glossary import GLOSSARY, SENSE_TABLE, Glossary, GlossaryError, glossary, senses
from index.glosses import gloss


def test_each_chinese_term_occurs_in_the_shipped_corpus(corpus_text: str) -> None:
    text = "".join(corpus_text.split())  # a term may be broken across two lines of the file
    missing = [term for term in glossary().renderings if term not in text]
    assert len(glossary().renderings) >= 300 and missing == []


def test_each_term_has_english_renderings() -> None:
    for term, renderings in glossary().renderings.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in term), term
        assert renderings and all(s.isascii() and s == s.strip() and s for s in renderings), term


def test_a_rendering_in_a_question_gives_its_term_in_the_question_s_order() -> None:
    terms = glossary().terms("When does the Front-of-Door Responsibility rule take effect?")
    assert terms.index("门前三包") < terms.index("施行")
    # stemmed on both sides: "owners' committees" is "owners' committee"
    assert "业主委员会" in glossary().terms("elections of owners' committees")
    assert glossary().terms("weather tomorrow") == []


def test_a_rendering_must_stand_whole_and_in_order() -> None:
    g = Glossary({"业主大会": ("owners' general meeting",)})
    assert g.terms("the general meeting of owners") == []
    assert g.terms("the owners' general meeting") == ["业主大会"]


def test_a_question_embedded_for_the_chinese_texts_has_its_multi_word_renderings_in_chinese() -> None:
    g = Glossary({"门前三包": ("front-of-door responsibility",), "施行": ("take effect", "implement"),
                  "基金": ("fund",), "市有关部门": ("city departments",), "市直有关部门": ("city departments",)})
    assert g.substituted("When does the Front-of-Door Responsibility rule take effect?") == \
        "When does the 门前三包 rule 施行?"
    # one word ("fund") is left in English, and so is a rendering two terms share
    assert g.substituted("which city departments run the fund") == "which city departments run the fund"
    # the same words in another order are not the rendering
    assert g.substituted("responsibility for the front of the door") == "responsibility for the front of the door"
    assert glossary().substituted("who signs the front-of-door responsibility agreement") == \
        "who signs the 门前三包 agreement"


def test_the_longest_term_at_each_place_is_glossed() -> None:
    g = Glossary({"物业服务企业": ("property service company",), "选聘物业服务企业": ("hire a property manager",)})
    assert g.english("业主大会选聘物业服务企业，物业服务企业应当") == [
        "hire a property manager", "property service company"]


def test_the_english_gloss_of_a_text_holds_the_glossary_s_renderings() -> None:
    words = gloss("实行“门前三包”责任制度，自2022年1月20日起施行。").split()
    assert "front-of-door" in words and "force" in words


@pytest.mark.parametrize(("line", "problem"), [
    ("门前三包 front-of-door responsibility", "expected a Chinese term, a tab"),
    ("门前三包\t ; ", "expected a Chinese term, a tab"),
    ("\tfront-of-door", "expected a Chinese term, a tab"),
])
def test_a_malformed_line_is_named_by_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(f"# comment\n施行\ttake effect\n{line}\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"glossary.tsv:3: {problem}"):
        Glossary.read(path)


def test_a_term_glossed_twice_or_a_wrong_encoding_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("施行\ttake effect\n施行\tenter into force\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"glossary.tsv:2: 施行 is glossed twice"):
        Glossary.read(path)
    path.write_bytes("施行\ttake effect\n".encode("gb18030"))
    with pytest.raises(GlossaryError, match=r"glossary.tsv: not UTF-8"):
        Glossary.read(path)


def test_the_project_glossary_is_the_packaged_file() -> None:
    """The file ships inside the package (pyproject's package data) and is what glossary() reads."""
    assert GLOSSARY.is_file() and GLOSSARY.parent.parent.name == "index"
    assert glossary().renderings == Glossary.read(GLOSSARY).renderings


def test_each_word_of_the_senses_table_occurs_in_the_shipped_corpus(corpus_text: str) -> None:
    """index/data/senses.tsv: the words the reading gives their sense in official texts."""
    text = "".join(corpus_text.split())
    table = senses()
    assert len(table) >= 80 and [w for w in table if w not in text] == []
    assert table["年"] == "year" and table["的"] == ""  # CC-CEDICT's first: "grain", "bull's-eye"
    assert all(e.isascii() and e == e.strip() for e in table.values())
    assert SENSE_TABLE.is_file() and SENSE_TABLE.parent.name == "data"


@pytest.mark.parametrize(("content", "problem"), [
    ("年 year\n", r"senses.tsv:2: expected a Chinese word, a tab"),
    ("年\tyear\n年\tgrain\n", r"senses.tsv:3: 年 is listed twice"),
    ("\tyear\n", r"senses.tsv:2: expected a Chinese word, a tab"),
])
def test_a_malformed_senses_line_is_named_by_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "senses.tsv"
    path.write_text("# comment\n" + content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=problem):
        senses(path)
    path.write_bytes("年\tyear\n".encode("gb18030"))
    with pytest.raises(GlossaryError, match=r"senses.tsv: not UTF-8"):
        senses(path)
