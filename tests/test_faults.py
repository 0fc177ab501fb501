"""Every failure named: a full disk at each stage of a build is one line naming the stage and
the place, and the previous build stays as readers saw it; a corpus entry that is not a
readable file is listed as skipped with its reason; ``check --json`` always answers JSON."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import gazette.build
import index.unit_table
from gazette.build import BuildError, build
from gazette.cli import main
from gazette.publish import current
from tests.conftest import FIXTURES, HashingEncoder

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _disk_full(*args: object, **kwargs: object) -> None:
    raise FULL


def _database_full(*args: object, **kwargs: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


#: (stage named in the message, where the fault is put in)
STAGES = [
    ("parsing the corpus", (gazette.build.StageCache, "put_many", _database_full)),
    ("writing the knowledge base", (gazette.build, "write_store", _database_full)),
    ("building the search indexes", (index.unit_table, "write_units", _database_full)),
    ("building the search indexes", (gazette.build, "build_indexes", _disk_full)),
    ("building the site", (gazette.build, "build_site", _disk_full)),
    ("publishing the new build", (gazette.build, "publish", _disk_full)),
]


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus)
    build(corpus, root / "build", encoder=HashingEncoder(), jobs=1)
    second = root / "second"
    second.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", second)
    shutil.copy(FIXTURES / "ceshi-gazette-2022-02.txt", second)
    return {"root": root, "build": root / "build", "second": second}


def _hash(build_dir: Path) -> str:
    return json.loads((current(build_dir) / "build.json").read_text(encoding="utf-8"))["corpus_hash"]


@pytest.mark.parametrize(("name", "fault"), STAGES, ids=[f"{s}-{f[1]}" for s, f in STAGES])
def test_a_full_disk_at_each_stage_is_one_line_and_the_build_stays(
        first: dict[str, Path], monkeypatch: pytest.MonkeyPatch, name: str, fault: tuple) -> None:
    before = _hash(first["build"])
    owner, attribute, replacement = fault
    monkeypatch.setattr(owner, attribute, replacement)
    if attribute == "build_site":  # reached only with the site, which needs nothing else here
        monkeypatch.setattr(gazette.build, "build_site", replacement)
    with pytest.raises(BuildError) as caught:
        build(first["second"], first["build"], encoder=HashingEncoder(), jobs=1, site=attribute == "build_site")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name} failed at ")
    assert "disk is full" in message or "No space left on device" in message
    assert _hash(first["build"]) == before
    assert not list((first["root"] / ".build.builds").glob("tmp-*"))  # nothing half-made left


def test_the_command_says_it_in_one_line(first: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazette.build, "write_store", _database_full)
    result = CliRunner().invoke(main, ["build", "--no-index", "--no-site", "--jobs", "1", "--corpus",
                                       str(first["second"]), "--build", str(first["build"])])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: writing the knowledge base failed at " in result.output
    assert "database or disk is full" in result.output and "is unchanged" in result.output


# --- entries that are not files ------------------------------------------------------------------


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus / "a.txt")
    (corpus / "x.txt").mkdir()  # a directory with a gazette's name
    (corpus / "loop.txt").symlink_to("loop.txt")  # a link to itself
    (corpus / "missing.txt").symlink_to("nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    return corpus


def test_entries_that_are_not_files_are_skipped_with_their_reason(odd: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--no-index", "--no-site", "--corpus", str(odd), "--build",
                                       str(tmp_path / "b"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    reasons = {Path(line.split(": ", 1)[0]).name: line.split(": ", 1)[1] for line in report["skipped"]}
    assert reasons == {"loop.txt": "a symbolic link that leads nowhere (a loop, or its target is missing)",
                       "missing.txt": "a symbolic link that leads nowhere (a loop, or its target is missing)",
                       "pipe.txt": "not a regular file (a pipe, a socket or a device)",
                       "x.txt": "a directory, not a file"}
    assert report["documents"] == 5
    strict = CliRunner().invoke(main, ["build", "--strict", "--no-index", "--no-site", "--corpus", str(odd),
                                       "--build", str(tmp_path / "b2")])
    assert strict.exit_code == 1 and "--strict: " in strict.output and "Traceback" not in strict.output


def test_check_json_is_json_whatever_happens(odd: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--corpus", str(odd), "--json"])
    assert result.exit_code == 1
    reports = {Path(r["file"]).name: r for r in json.loads(result.output)}
    assert reports["a.txt"]["documents"] and "error" in reports["x.txt"] and "error" in reports["pipe.txt"]
    for corpus in (tmp_path / "nothing-here", tmp_path):  # missing; a folder with no gazette file
        result = CliRunner().invoke(main, ["check", "--corpus", str(corpus), "--json"])
        assert result.exit_code == 1
        (only,) = json.loads(result.output)
        assert only["file"] == str(corpus) and only["error"]
