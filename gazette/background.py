"""One piece of a build done in a second process while this one goes on.

A build has two long parts that need nothing of each other: the knowledge base (who does
what extracted, the store and the exports written: Python and SQLite) and the search indexes
(words, vectors, related provisions). On a machine with two cores they run side by side:
the knowledge base in a forked child, the indexes here. The child is the part that runs no
OpenMP code (faiss and the e5 encoder do): a forked child must not, when its parent may
already have started an OpenMP thread pool.

The child's progress lines come back through a pipe and are passed on here, one at a time;
its result, or its error, comes back the same way. If this process dies, even by SIGKILL,
the kernel ends the child too (Linux: ``PR_SET_PDEATHSIG``), so nothing goes on writing into
a build folder that no one will publish. Where fork is not available, or only one core is,
the work runs here, before the call returns.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Background", "die_with_parent", "one_at_a_time", "parallel_available"]

T = TypeVar("T")


def die_with_parent() -> None:
    """In a child: ask Linux to kill it when its parent dies (even by SIGKILL)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the parent's own cleanup still ends the child on errors and Ctrl-C


def parallel_available() -> bool:
    """Fork is there (POSIX) and so is a second core."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def one_at_a_time(report: Callable[[str], None]) -> Callable[[str], None]:
    """``report`` behind a lock: the child's lines, passed on by a thread, and this process's
    own lines never interleave within one."""
    lock = threading.Lock()

    def locked(line: str) -> None:
        with lock:
            report(line)

    return locked


def _child(work: Callable[[Callable[[str], None]], Any], send: Any) -> None:
    die_with_parent()
    try:
        result = work(lambda line: send.send(("progress", line)))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, as it is
        try:
            payload = pickle.dumps(error)
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - an error that does not travel is sent as its text
            payload = None
        send.send(("error", payload, f"{type(error).__name__}: {error}", traceback.format_exc()))
        raise SystemExit(1) from None
    send.send(("done", result))


class Background(Generic[T]):
    """``work(progress)`` run in a forked child when ``parallel`` (and fork and a second core
    are there), else here and now; :meth:`result` waits for its value or raises its error."""

    def __init__(self, work: Callable[[Callable[[str], None]], T], progress: Callable[[str], None],
                 parallel: bool = True) -> None:
        self._outcome: tuple[Any, ...] | None = None
        self._process: Any = None
        self._reader: threading.Thread | None = None
        if not (parallel and parallel_available()):
            self._outcome = ("done", work(progress))
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(work, send), daemon=True)
        self._process.start()
        send.close()
        self._reader = threading.Thread(target=self._read, args=(receive, progress), daemon=True)
        self._reader.start()

    @property
    def forked(self) -> bool:
        return self._process is not None

    def _read(self, receive: Any, progress: Callable[[str], None]) -> None:
        while True:
            try:
                message = receive.recv()
            except (EOFError, OSError):
                break
            if message[0] == "progress":
                progress(message[1])
            else:
                self._outcome = message
        receive.close()

    def result(self) -> T:
        """The work's value, once it is done; its error raised here if it failed (with the
        child's traceback as a note), and a RuntimeError if the child died without a word."""
        if self._process is not None:
            assert self._reader is not None
            self._reader.join()
            self._process.join()
        if self._outcome is None:
            raise RuntimeError(f"the second process of the build ended without a result "
                               f"(exit code {self._process.exitcode})")
        if self._outcome[0] == "done":
            return self._outcome[1]  # type: ignore[no-any-return]
        _, payload, text, child_traceback = self._outcome
        error = pickle.loads(payload) if payload is not None else RuntimeError(text)
        if hasattr(error, "add_note"):  # shown with a traceback (a bug), not by str(error)
            error.add_note(f"in the second process of the build:\n{child_traceback}")
        raise error

    def cancel(self) -> None:
        """End the child (SIGTERM, then SIGKILL after 10 s) and wait for it: this build failed
        or was interrupted."""
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()
        self._process.join()
        if self._reader is not None:
            self._reader.join(10)
