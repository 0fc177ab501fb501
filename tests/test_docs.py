"""The project's documentation (docs/, mkdocs-docs.yml): it builds strict, its references are
what the code says (the CLI reference from the commands' help, the API reference from the
server's OpenAPI description), its examples run, and the README stays short."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import ROOT

GAZETTE = str(Path(sys.executable).with_name("gazette"))


def test_the_docs_build_strict(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-f", str(ROOT / "mkdocs-docs.yml"), "-d",
                             str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "reference" / "cli" / "index.html").exists()


def test_the_cli_reference_is_generated_from_the_commands() -> None:
    from tools.cli_reference import TARGET, reference

    assert TARGET.read_text(encoding="utf-8") == reference(), "run python tools/cli_reference.py"
    documented = set(re.findall(r"^## gazette ([a-z][\w-]*)$", reference(), re.M))
    assert documented == set(main.commands)
    assert "-h, --help" in reference()  # the group's setting, as `gazette build -h` accepts it


def test_the_cli_reference_does_not_depend_on_what_ran_before() -> None:
    """Click keeps a command's help option once made: running the CLI first must not change the text."""
    from click.testing import CliRunner

    from tools.cli_reference import reference

    before = reference()
    for args in (["--help"], ["build", "--help"], ["search", "-h"]):
        assert CliRunner().invoke(main, args).exit_code == 0
    assert reference() == before


def test_the_api_reference_is_what_the_server_describes(api_server: str) -> None:
    from tools.api_reference import TARGET, reference, spec_from

    assert TARGET.read_text(encoding="utf-8") == reference(spec_from(api_server, None)), \
        "run python tools/api_reference.py --url URL of a gazette serve"


def _examples() -> list[tuple[str, str, str]]:
    """(page, command, first output line) of every `$ gazette …` block of the guide."""
    found = []
    for page in sorted((ROOT / "docs" / "guide").glob("*.md")):
        for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            lines = block.strip("\n").split("\n")
            assert lines[0].startswith("$ gazette "), (page, lines[0])
            found.append((page.name, lines[0][2:], lines[1] if len(lines) > 1 else ""))
    return found


@pytest.mark.parametrize(("page", "command", "first"), _examples(), ids=[f"{p}:{c[8:40]}" for p, c, _ in _examples()])
def test_the_guide_examples_run(indexed: Path, page: str, command: str, first: str) -> None:
    result = subprocess.run([GAZETTE, *shlex.split(command)[1:]], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "GAZETTE_BUILD": str(indexed)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0].startswith(first), result.stdout[:500]


def test_the_readme_is_short_and_links_its_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for link in re.findall(r"\]\(((?:docs|bench)/[^)#]+)", readme):
        assert (ROOT / link).exists(), link
