"""Build folders that readers never see half-made: versions, one pointer, a lock.

Layout beside the build folder ``build``::

    build -> .build.builds/v-20261129T081500-4242     (a symbolic link: the pointer)
    .build.builds/v-…                                  complete builds (the current and the one before)
    .build.builds/tmp-…                                a build being written
    .build.lock                                        held (flock) while a build runs

A build is written into ``tmp-…``, renamed to ``v-…`` when complete (``build.json`` is
its last file), and published by replacing the pointer with one ``rename`` (atomic on
POSIX): a reader resolves ``build`` once and sees either the old build or the new one,
whole. The build before stays, so that a command that resolved it a moment ago keeps its
files; a server holds a *lease* on each version it reads (a shared lock on the version's
``.readers`` file, released by the kernel if the server dies), and a leased version is never
removed. Older ones, and any ``tmp-…`` of a killed build, are removed by the next build,
under the lock.

A build folder from before this layout (a plain directory) is moved into the versions on
the first publish; in the instant between the two renames readers fall back to the newest
complete version (:func:`current`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parser import GazetteError

__all__ = ["BuildLocked", "Lease", "current", "lease", "locked", "new_version", "publish", "sweep", "versions_dir"]

COMPLETE_MARK = "build.json"  # written last: a version holding it is complete
READERS = ".readers"  # in a version: a reader holds a shared lock on it while it reads the version


class BuildLocked(GazetteError):
    """Another build into the same folder is running."""


def versions_dir(target: Path) -> Path:
    return target.parent / f".{target.name}.builds"


def _complete(folder: Path) -> bool:
    return (folder / COMPLETE_MARK).is_file()


def current(target: Path) -> Path:
    """The folder a reader should open for ``target``, resolved once: the build the pointer
    names, or, if there is no pointer at this instant, the newest complete version."""
    if target.exists():
        return target.resolve()
    versions = versions_dir(target)
    if versions.is_dir():
        complete = sorted(p for p in versions.iterdir() if p.name.startswith(("v-", "legacy-")) and _complete(p))
        if complete:
            return complete[-1]
    return target


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the build lock of ``target`` or raise :class:`BuildLocked` naming the holder. The
    lock is an flock: the kernel releases it when its process dies, however it dies."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(f"another build into {target} is running ({holder}); wait for it to finish "
                              "or build into another folder (--build)") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


class Lease:
    """A reader's hold on one build version: while it is held, no build removes the version."""

    def __init__(self, version: Path) -> None:
        self.version = version
        self._handle = open(version / READERS, "a+b")  # noqa: SIM115 - held until release
        fcntl.flock(self._handle, fcntl.LOCK_SH)

    def release(self) -> None:
        if not self._handle.closed:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()


def lease(version: Path) -> Lease:
    """Hold ``version`` against removal until :meth:`Lease.release` (or the process ends)."""
    return Lease(version)


def _leased(version: Path) -> bool:
    """Does a reader hold a lease on the version? (An exclusive lock cannot be had then.)"""
    try:
        with open(version / READERS, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
    except FileNotFoundError:
        return False
    return False


def sweep(target: Path, keep: Path | None = None, versions: bool = False) -> list[Path]:
    """Remove what killed builds left (``tmp-…``, stray links, the older layout's temporary
    folders); with ``versions``, also every version but the current one, ``keep`` (the one
    it replaced) and those a reader holds a lease on. Call under :func:`locked`."""
    folder = versions_dir(target)
    inside = sorted(folder.iterdir()) if folder.is_dir() else []
    doomed = [p for p in inside if p.name.startswith("tmp-")]
    doomed += list(target.parent.glob(f".{target.name}.tmp-*"))  # the older layout's
    doomed += [p for p in (target.parent / f".{target.name}.old",) if p.exists()]
    doomed += list(target.parent.glob(f".{target.name}.link-*"))
    if versions:
        spared = {target.resolve()} | ({keep.resolve()} if keep is not None else set())
        doomed += [p for p in inside if p.name.startswith(("v-", "legacy-")) and p.resolve() not in spared
                   and not _leased(p)]
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return doomed


def new_version(target: Path) -> Path:
    """An empty folder to write a build into (``tmp-…``, beside the versions)."""
    versions = versions_dir(target)
    versions.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = versions / f"tmp-{stamp}-{os.getpid()}"
    folder.mkdir()
    return folder


def publish(folder: Path, target: Path) -> Path | None:
    """Make the complete build in ``folder`` the one ``target`` names: rename it to its
    version name, then point ``target`` at it with one atomic rename of a link. Returns the
    version ``target`` named before (kept for readers that opened it), if any."""
    if not _complete(folder):
        raise GazetteError(f"{folder} is not a complete build (no {COMPLETE_MARK})")
    version = folder.with_name("v-" + folder.name.removeprefix("tmp-"))
    os.replace(folder, version)
    link = target.parent / f".{target.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(version, target.parent), link)
    previous = target.resolve() if target.is_symlink() and target.exists() else None
    if target.exists() and not target.is_symlink():  # a folder of the older layout: keep it as a version
        previous = versions_dir(target) / f"legacy-{time.strftime('%Y%m%dT%H%M%S')}"
        os.replace(target, previous)
    os.replace(link, target)
    return previous
