"""A server that follows its builds: each request is answered by the build published now.

``gazette build`` publishes a new version by turning the ``build`` pointer (see
:mod:`gazette.publish`). :class:`Follower` is the ASGI application ``gazette serve`` runs:
it holds one *generation* (a build version and the app made from it, the site and the API
together) and, at most once a ``poll`` interval, looks where the pointer points. When it
points elsewhere, the new version is leased (so that no later build sweeps it while it is
read) and its app made in a thread, while requests go on to the old generation; then the
new generation takes over for every request that starts after that instant. A request is
answered by one generation from its first byte to its last, never a mix; the old
generation gives its lease back when its last request has left. A version that cannot be
loaded (swept already, or broken) is logged once and left: the server stays on the build it
has.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from .publish import Lease, current, lease

__all__ = ["Follower", "POLL"]

POLL = 1.0  # seconds between two looks at the pointer
LOG = logging.getLogger("gazette.follow")


class _Generation:
    """One build version being served: its app, its lease, the requests in it."""

    def __init__(self, version: Path, app: ASGIApp, held: Lease) -> None:
        self.version, self.app, self.held = version, app, held
        self.inside = 0
        self.retired = False
        self.lock = threading.Lock()

    def enter(self) -> None:
        with self.lock:
            self.inside += 1

    def leave(self) -> None:
        with self.lock:
            self.inside -= 1
            done = self.retired and self.inside == 0
        if done:
            self.held.release()

    def retire(self) -> None:
        with self.lock:
            self.retired = True
            done = self.inside == 0
        if done:
            self.held.release()


class Follower:
    """The ASGI app of ``gazette serve``: dispatches each request to the current generation."""

    def __init__(self, target: Path, make_app: Callable[[Path], ASGIApp], poll: float = POLL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.target, self.make_app, self.poll, self.clock = target, make_app, poll, clock
        version = current(target)
        held = lease(version)
        try:
            self.generation = _Generation(version, make_app(version), held)
        except BaseException:
            held.release()
            raise
        self.checked = clock()
        self.loading = False
        self.failed: set[Path] = set()
        self.lock = threading.Lock()

    @property
    def version(self) -> Path:
        return self.generation.version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        self._look()
        generation = self.generation
        generation.enter()
        try:
            await generation.app(scope, receive, send)
        finally:
            generation.leave()

    def _look(self) -> None:
        """At most once a poll interval: if the pointer names another version, load it aside."""
        now = self.clock()
        with self.lock:
            if self.loading or now - self.checked < self.poll:
                return
            self.checked = now
            version = current(self.target)
            if version == self.generation.version or version in self.failed:
                return
            self.loading = True
        threading.Thread(target=self._load, args=(version,), name="gazette-follow", daemon=True).start()

    def _load(self, version: Path) -> None:
        try:
            held = lease(version)
        except OSError as error:
            self._gave_up(version, error)
            return
        try:
            app = self.make_app(version)
        except Exception as error:  # noqa: BLE001 - a build that cannot be served is left, said once
            held.release()
            self._gave_up(version, error)
            return
        old = self.generation
        self.generation = _Generation(version, app, held)
        LOG.warning("now serving %s (was %s)", version.name, old.version.name)
        old.retire()
        with self.lock:
            self.loading = False

    def _gave_up(self, version: Path, error: BaseException) -> None:
        LOG.warning("cannot serve %s, staying on %s: %s", version, self.generation.version.name, error)
        with self.lock:
            self.failed.add(version)
            self.loading = False

    def close(self) -> None:
        self.generation.retire()


async def _lifespan(receive: Receive, send: Send) -> None:
    """Startup and shutdown: the generations are made outside the event loop, nothing to do."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
