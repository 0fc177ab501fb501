"""The README's two commands, as a new user runs them: `make run` in a clean clone of the
repository (its own corpus, code and site configuration) builds and serves the shipped
issue; `make test` is what CI runs, and installs or clearly requires the browser.

`make test` itself is not run from inside the tests (it would run them again): CI runs it
on a clean checkout (.ci/run). The clone here reuses this session's environment (`VENV`),
so that the test measures the commands, not the package index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None and readme.index(block.group(0)) < 200, "the README starts with its commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_starts_with_two_commands_and_ci_runs_the_second() -> None:
    assert _commands() == ["make run", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_the_browser_is_required_clearly_when_it_cannot_be_installed() -> None:
    result = subprocess.run([str(ROOT / ".ci" / "browser")], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "CHROMIUM": "/nonexistent/chromium", "GAZETTE_NO_INSTALL": "1"})
    assert result.returncode == 1
    assert "apt-get install --no-install-recommends chromium fonts-wqy-microhei" in result.stderr
    quiet = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    make = subprocess.run(["make", "--no-print-directory", "-n", "test"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=quiet)
    assert make.stdout.splitlines()[0] == "./.ci/browser"  # before anything else, the tests included


def _clean_clone(target: Path) -> Path:
    if (ROOT / ".git").exists():
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True, timeout=120)
        # the working tree as it stands (a clean clone of the commit about to land)
        tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        for name in filter(None, tracked.decode().split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:  # a source tree without its history
        shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", "build", ".build*", "__pycache__",
                                                                     ".pytest_cache", "*.egg-info"))
    return target


def test_make_run_in_a_clean_clone_builds_and_serves(tmp_path: Path, cache: Path) -> None:
    clone = _clean_clone(tmp_path / "clone")
    venv = Path(sys.prefix)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(clone), "GAZETTE_CACHE": str(cache)}
    env.pop("GAZETTE_BUILD", None)
    process = subprocess.Popen(["make", "-o", f"{venv}/bin/gazette", "run", f"VENV={venv}", f"PORT={port}"],
                               cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 900
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=5) as response:
                    health = json.loads(response.read())
                    break
            except OSError:
                time.sleep(1)
        assert health is not None, process.stdout.read().decode(errors="replace")[-3000:] if process.poll() else ""
        assert health["documents"] == 94 and health["sources"] == ["corpus/langfang-gazette-2021-04.txt"]
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert "政府公报知识库" in response.read().decode("utf-8")
        with urllib.request.urlopen(base + "/api/search?q=" + urllib.parse.quote("二次供水 监督检查"),
                                    timeout=30) as response:
            assert json.loads(response.read())["hits"]
        assert (clone / "build" / "gazette.sqlite").exists()  # built from the clone's corpus, in the clone
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

