"""The build's second process (gazette.background): its value, its progress and its errors
come back; it ends with the build, even one killed by SIGKILL; and a build with it writes
the same files, byte for byte, as a build without."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gazette.background import Background, parallel_available
from gazette.build import build
from parser import GazetteError
from tests.conftest import FIXTURES, HashingEncoder

pytestmark = pytest.mark.skipif(not parallel_available(), reason="needs fork and two cores")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended


def test_the_value_comes_back_from_another_process() -> None:
    job = Background(lambda say: os.getpid(), lambda line: None)
    assert job.forked and job.result() != os.getpid()


def test_without_parallel_the_work_runs_here_first() -> None:
    lines: list[str] = []
    job = Background(lambda say: (say("working"), os.getpid())[1], lines.append, parallel=False)
    assert lines == ["working"]  # done before the constructor returned
    assert not job.forked and job.result() == os.getpid()


def test_progress_lines_come_back_in_order() -> None:
    lines: list[str] = []

    def work(say):  # type: ignore[no-untyped-def]
        for n in range(50):
            say(f"step {n}")
        return "done"

    job = Background(work, lines.append)
    assert job.result() == "done"
    assert lines == [f"step {n}" for n in range(50)]


class _Refused(GazetteError):
    pass


@pytest.mark.parametrize("error", [_Refused("file.txt, line 3: no title"), OSError(28, "No space left on device")])
def test_its_error_is_raised_here_with_its_type_and_message(error: Exception) -> None:
    def work(say):  # type: ignore[no-untyped-def]
        raise error

    job = Background(work, lambda line: None)
    with pytest.raises(type(error)) as raised:
        job.result()
    assert str(raised.value) == str(error)
    assert any("in the second process" in note and "raise error" in note
               for note in getattr(raised.value, "__notes__", []))


def test_an_error_that_cannot_travel_comes_back_as_its_text() -> None:
    class Local(Exception):  # defined in a function: pickle cannot find it again
        pass

    def work(say):  # type: ignore[no-untyped-def]
        raise Local("the text")

    with pytest.raises(RuntimeError, match="Local: the text"):
        Background(work, lambda line: None).result()


def test_a_child_that_dies_without_a_word_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="without a result .exit code 3"):
        Background(lambda say: os._exit(3), lambda line: None).result()


def test_cancel_ends_the_child(tmp_path: Path) -> None:
    marker = tmp_path / "pid"

    def work(say):  # type: ignore[no-untyped-def]
        written = marker.with_suffix(".tmp")
        written.write_text(str(os.getpid()))
        written.rename(marker)  # whole or not at all: the test may read it the moment it exists
        time.sleep(60)

    job = Background(work, lambda line: None)
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(marker.read_text())
    started = time.monotonic()
    job.cancel()
    assert not _alive(pid) and time.monotonic() - started < 15


SCRIPT = """
import os, sys, time
from gazette.background import Background
def work(say):
    open(sys.argv[1], "w").write(str(os.getpid()))
    time.sleep(120)
Background(work, print).result()
"""


def test_the_child_dies_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT, str(marker)], cwd=Path(__file__).resolve().parent.parent)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(marker.read_text())
    assert _alive(child) and child != parent.pid
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_a_build_in_two_processes_writes_what_one_process_writes(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", corpus)
    shutil.copy(FIXTURES / "ceshi-gazette-2022-02.txt", corpus)
    reports, lines = {}, {}
    for jobs in (1, 2):
        monkeypatch.setenv("GAZETTE_CACHE", str(tmp_path / f"cache{jobs}"))
        lines[jobs] = []
        reports[jobs] = build(corpus, tmp_path / f"build{jobs}", progress=lines[jobs].append,
                              encoder=HashingEncoder(), jobs=jobs)
    assert (reports[1].parallel, reports[2].parallel) == (False, True)
    assert reports[1].statements == reports[2].statements > 0
    one, two = ((tmp_path / f"build{jobs}").resolve() for jobs in (1, 2))

    def files(folder: Path) -> list[Path]:  # whoosh names its segments at random: its folders differ anyway
        return sorted(p.relative_to(folder) for p in folder.rglob("*")
                      if p.is_file() and p.relative_to(folder).parts[:2] not in (("index", "keyword"), ("index", "gloss")))

    assert Path("gazette.sqlite") in files(one) and Path("index/vectors.faiss") in files(one)
    assert files(one) == files(two)
    assert [str(f) for f in files(one) if (one / f).read_bytes() != (two / f).read_bytes()] == []
    # the second process's lines were passed on: the same lines, in another order (rates aside)
    steady = [sorted(line for line in lines[jobs] if not line.startswith("embedding ")) for jobs in (1, 2)]
    assert steady[0] == steady[1] and "writing the knowledge base" in steady[1]
