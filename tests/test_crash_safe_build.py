"""Crash-safe builds: `gazette build` killed (SIGKILL) at every stage, a second build while
one runs, SIGTERM; after each, `show` and `search` answer from a whole build, no child
process is left writing, and the next build cleans up what the killed one left."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazette.cli import main
from gazette.publish import current, locked, versions_dir
from tests.conftest import CORPUS_FILE, FIXTURES

GAZETTE = str(Path(sys.executable).with_name("gazette"))
#: The progress lines of `gazette build`, one per stage, in order.
STAGES = ["parsing", "amendment history", "linking citations", "extracting who does what",
          "writing the knowledge base", "embedding", "building the site", "publishing the new build"]


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A first build of one gazette; the builds killed below add a second gazette."""
    root = tmp_path_factory.mktemp("crash")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", first)
    shutil.copy(FIXTURES / "baoding-gazette-2022-01.txt", second)
    shutil.copy(FIXTURES / "ceshi-gazette-2022-02.txt", second)
    env = {**os.environ, "GAZETTE_CACHE": str(root / "cache")}
    subprocess.run([GAZETTE, "build", "--corpus", str(first), "--build", str(root / "build")], env=env,
                   check=True, capture_output=True, timeout=600)
    return {"root": root, "first": first, "second": second, "build": root / "build", "cache": root / "cache"}


def _corpus_hash(build: Path) -> str:
    return json.loads((current(build) / "build.json").read_text(encoding="utf-8"))["corpus_hash"]


def _readers_answer(build: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["show", "baoding-2022-order-1.regulation/chp_1__art_3", "--build", str(build),
                                 "--json"])
    assert shown.exit_code == 0, shown.output
    assert "市城市管理部门负责全市城市绿化的监督管理工作" in shown.output
    found = runner.invoke(main, ["search", "城市绿地 临时占用", "--build", str(build), "--json", "--all"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["hits"][0]["id"].startswith("baoding-2022-order-1.regulation/")


def _children_writing(build: Path, corpus: Path) -> list[str]:
    """Processes still working in the build's versions folder: the site generator, or the
    build's second process (gazette.background: a fork, with the build's command line)."""
    markers = [(str(versions_dir(build)).encode(), b"mkdocs"), (b"build", str(corpus).encode())]
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes()
                state = (proc / "stat").read_text().rsplit(")", 1)[-1].split()[0]
            except OSError:
                continue
            if state != "Z" and any(a in command and b in command for a, b in markers):
                found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _build_until(place: dict[str, Path], stage: str, sig: int = signal.SIGKILL) -> tuple[int, str]:
    """Start a build of the second corpus, send ``sig`` when it reports ``stage``."""
    env = {**os.environ, "GAZETTE_CACHE": str(place["cache"])}
    process = subprocess.Popen([GAZETTE, "build", "--corpus", str(place["second"]), "--build", str(place["build"])],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 300
    while stage.encode() not in seen and time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    assert stage.encode() in seen, seen.decode(errors="replace")[-2000:]
    process.send_signal(sig)
    seen += process.stderr.read()
    return process.wait(timeout=60), seen.decode(errors="replace")


@pytest.mark.parametrize("stage", STAGES)
def test_killed_at_every_stage_readers_still_answer(place: dict[str, Path], stage: str) -> None:
    before = _corpus_hash(place["build"])
    code, _ = _build_until(place, stage)
    assert code == -signal.SIGKILL
    time.sleep(0.5)
    assert _children_writing(place["build"], place["second"]) == []
    after = _corpus_hash(place["build"])
    if stage != "publishing the new build":  # killed at the pointer's rename: either build, whole
        assert after == before
    _readers_answer(place["build"])


def test_the_next_build_clears_the_debris_and_publishes(place: dict[str, Path]) -> None:
    versions = versions_dir(place["build"])
    env = {**os.environ, "GAZETTE_CACHE": str(place["cache"])}
    result = subprocess.run([GAZETTE, "build", "--corpus", str(place["second"]), "--build", str(place["build"])],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    left = sorted(p.name for p in versions.iterdir())
    assert not [name for name in left if name.startswith("tmp-")]
    assert len(left) <= 2 and current(place["build"]).name in left  # the new build and the one before
    assert not list(place["root"].glob(".build.link-*"))
    _readers_answer(place["build"])
    shown = CliRunner().invoke(main, ["show", "ceshi-2022-order-2", "--build", str(place["build"])])
    assert shown.exit_code == 0, shown.output  # the second gazette is in


def test_a_second_build_into_the_same_folder_is_refused(place: dict[str, Path]) -> None:
    before = _corpus_hash(place["build"])
    with locked(place["build"]):
        result = CliRunner().invoke(main, ["build", "--corpus", str(place["first"]), "--build", str(place["build"]),
                                           "--no-index", "--no-site"])
    assert result.exit_code == 1
    assert "another build into" in result.output and f"pid {os.getpid()}" in result.output
    assert _corpus_hash(place["build"]) == before


def test_sigterm_cleans_up_and_says_so(place: dict[str, Path]) -> None:
    before = _corpus_hash(place["build"])
    code, output = _build_until(place, "extracting who does what", signal.SIGTERM)
    assert code == 130 and "build interrupted" in output and "Traceback" not in output
    assert not [p for p in versions_dir(place["build"]).iterdir() if p.name.startswith("tmp-")]
    assert _corpus_hash(place["build"]) == before


def test_a_folder_of_the_older_layout_becomes_a_version_and_readers_bridge_the_gap(tmp_path: Path) -> None:
    from gazette.publish import new_version, publish, sweep

    target = tmp_path / "build"
    target.mkdir()
    (target / "build.json").write_text('{"corpus_hash": "old"}', encoding="utf-8")
    assert current(target) == target.resolve()
    folder = new_version(target)
    (folder / "build.json").write_text('{"corpus_hash": "new"}', encoding="utf-8")
    previous = publish(folder, target)
    assert target.is_symlink() and _corpus_hash(target) == "new"
    assert previous is not None and previous.name.startswith("legacy-") and _corpus_hash(previous) == "old"
    target.unlink()  # the instant between two renames: no pointer
    assert _corpus_hash(target) == "new"  # the newest complete version
    os.symlink(os.path.relpath(current(target), tmp_path), target)
    half = new_version(target)  # a build killed before it was complete
    assert [p.name for p in sweep(target)] == [half.name]
    with pytest.raises(Exception, match="not a complete build"):
        publish(new_version(target), target)


def test_an_interrupted_embedding_resumes(tmp_path: Path, indexed: Path, cache: Path) -> None:
    """Killed after two batches of embeddings, the next build embeds only what is left: the
    cache keeps every finished batch; progress gives counts, rate and time left. (The
    session's cache, copied, less 160 embeddings: 160 to embed, not the whole corpus.)"""
    import sqlite3

    place = tmp_path / "cache"
    place.mkdir()
    shutil.copy(cache / "embeddings.sqlite", place / "embeddings.sqlite")
    from index import load_units
    from index.units import windows
    from index.vectors import EmbeddingCache, _passage

    encoder_key = json.loads((indexed / "index" / "vectors.json").read_text(encoding="utf-8"))["encoder"]
    keys = sorted({EmbeddingCache.key(encoder_key, _passage(unit, window)) for unit in load_units(indexed / "index")
                   for window in windows(unit.words, lines=not unit.table)})
    with sqlite3.connect(place / "embeddings.sqlite") as db:
        db.executemany("DELETE FROM embeddings WHERE key = ?", [(key,) for key in keys[:160]])
    env = {**os.environ, "GAZETTE_CACHE": str(place)}
    command = [GAZETTE, "build", "--no-site", "--corpus", str(CORPUS_FILE.parent), "--build", str(tmp_path / "build")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    seen = b""
    while b"embedding 64/" not in seen:
        chunk = os.read(process.stderr.fileno(), 4096)
        assert chunk, seen.decode(errors="replace")[-2000:]
        seen += chunk
    process.kill()
    process.wait(timeout=60)
    first = seen.decode(errors="replace")
    total = int(first.split("embedding 64/")[1].split()[0])
    assert total >= 96 and " %, " in first and "/s" in first and " s left)" in first
    result = subprocess.run([*command, "--json"], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    left = [int(line.split("/")[1].split()[0]) for line in result.stderr.replace("\r", "\n").splitlines()
            if line.startswith("embedding ")]
    assert left and left[0] <= total - 64  # the two batches done before the kill are not embedded again


def test_the_embedding_rate_counts_from_the_first_batch() -> None:
    """The keyword and gloss indexes are built before the first embedding: their minutes are
    not embedding time (on an archive the first line read 0.1/s and 57 days left)."""
    from gazette.build import EmbeddingProgress

    lines: list[str] = []
    now = [0.0]
    progress = EmbeddingProgress(lines.append, clock=lambda: now[0])
    now[0] = 300.0  # five minutes of other stages
    progress(0, 100)
    now[0] = 302.0
    progress(20, 100)
    assert lines == ["embedding 0/100", "embedding 20/100 (20 %, 10.0/s, 8 s left)"]
