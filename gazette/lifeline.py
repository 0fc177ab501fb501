"""Run a module in a child process that dies with its parent:
``python -m gazette.lifeline PARENT_PID MODULE ARG…``.

The death signal is set by the child itself, at its start, rather than by a ``preexec_fn``
between fork and exec: a parent that has loaded gRPC (the Milvus client) runs gRPC's fork
handlers on a plain fork, and the child can fail before it execs. Without a ``preexec_fn``
Python starts the child by vfork or posix_spawn, which run no fork handlers."""

from __future__ import annotations

import os
import runpy
import sys

from .background import die_with_parent


def main() -> None:
    parent, module, *arguments = sys.argv[1:]
    die_with_parent()
    if os.getppid() != int(parent):  # the parent died before the signal was asked for
        sys.exit(1)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
