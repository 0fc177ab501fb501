"""Write ``requirements.lock``: the exact version of every package the project installs.

pyproject.toml gives lower bounds; two machines installing from them months apart get
different packages (and a different jieba or encoder gives a different knowledge base and
different search figures). The lock is what `make run` and `make test` install from (as pip
constraints, so it pins without adding anything), and it is changed on purpose only:

    .venv/bin/python tools/lock.py          # after installing a newer version into .venv
    .venv/bin/python tools/lock.py --check  # exit 1 if .venv differs from the lock

The packages are those the project's requirements (with the extras `make` installs) reach,
transitively, in the installed environment: a package installed by hand for an experiment is
not locked.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PROJECT = "gazette"
EXTRAS = ("dev", "st", "milvus")  # what the Makefile installs
ROOTS = ("torch",)  # installed first by the Makefile, pinned to the CPU wheel


def _wanted(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**default_environment(), "extra": extra})
               for extra in extras or {""})


def locked_versions() -> dict[str, str]:
    """Canonical name -> installed version, for every package the project's requirements reach."""
    found: dict[str, str] = {}
    todo: list[tuple[str, set[str]]] = [(PROJECT, set(EXTRAS))] + [(name, set()) for name in ROOTS]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (canonicalize_name(name), frozenset(extras)) in seen:
            continue
        seen.add((canonicalize_name(name), frozenset(extras)))
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform or an extra nobody installed
        if canonicalize_name(name) != PROJECT:
            found[canonicalize_name(name)] = distribution.version
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if _wanted(requirement, extras):
                todo.append((requirement.name, set(requirement.extras)))
    return found


def render(versions: dict[str, str]) -> str:
    lines = ["# Every package `make` installs, at its version: written by tools/lock.py, installed",
             "# as pip constraints (pip install -c requirements.lock). Change it on purpose only."]
    lines += [f"{name}=={versions[name]}" for name in sorted(versions)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare .venv with the lock, write nothing")
    args = parser.parse_args(argv)
    text = render(locked_versions())
    if args.check:
        if LOCK.read_text(encoding="utf-8") == text:
            return 0
        print(f"{LOCK.name} differs from the installed packages: run tools/lock.py", file=sys.stderr)
        return 1
    LOCK.write_text(text, encoding="utf-8")
    print(f"{LOCK.name}: {text.count('==')} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
