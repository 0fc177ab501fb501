"""HTTP connections that cannot be held by slow or many clients.

uvicorn's HTTP/1.1 protocol waits for a request's headers as long as the client cares to
send them, a byte a minute if it likes, and takes every connection the kernel hands it:
a few thousand half-open connections then hold every file descriptor, new clients time out
and the log fills with ``socket.accept() out of system resource``. :class:`GuardedH11`
closes a connection whose request headers are not complete ``HEADER_TIMEOUT`` seconds after
it opened (or after its previous response), and keeps at most ``max_connections``: a new
connection past the cap closes the oldest connection still waiting for its headers, or,
when every connection is busy with a request, is answered 503 at once. Request bodies are
timed by :class:`gazette.server.Guard`. :class:`Once` keeps one log line per kind of event
a minute, with the count of those it held back.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["GuardedH11", "HEADER_TIMEOUT", "Once", "connection_cap", "quiet_floods"]

HEADER_TIMEOUT = 10.0  # seconds for a request's headers to arrive whole
RESERVED_FILES = 64  # descriptors kept free for the store, the indexes and the site's files
LOG = logging.getLogger("gazette.serve")

_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\n"
         b"retry-after: 1\r\ncontent-length: 80\r\n\r\n"
         + b'{"error": "busy", "message": "too many connections; try again in a second"}'.ljust(80))


def connection_cap() -> int:
    """The most connections one server keeps: what its file limit allows, the soft limit raised
    to the hard one first."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    limit = soft if soft != resource.RLIM_INFINITY else 65536
    return max(16, limit - RESERVED_FILES)


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header-read timeout and a connection cap."""

    header_timeout = HEADER_TIMEOUT
    max_connections = 4096

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._timer: asyncio.TimerHandle | None = None
        self.waiting_since: float | None = None
        if len(self.connections) > self.max_connections and not self._evict_one():
            Once.event("busy", "connection cap of %d reached: new connections answered 503", self.max_connections)
            transport.write(_BUSY)
            transport.close()
            return
        self._arm()

    def _evict_one(self) -> bool:
        """Close the oldest connection still waiting for its headers; False if there is none."""
        waiting = [c for c in self.connections if c is not self and getattr(c, "waiting_since", None) is not None
                   and not c.transport.is_closing()]
        if not waiting:
            return False
        Once.event("evicted", "closed connections that had not sent their headers, to take new ones")
        min(waiting, key=lambda c: c.waiting_since)._close()  # type: ignore[attr-defined]
        return True

    def _arm(self) -> None:
        self._disarm()
        self.waiting_since = time.monotonic()
        self._timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_timer", None) is not None:
            self._timer.cancel()  # type: ignore[union-attr]
            self._timer = None
        self.waiting_since = None

    def _too_slow(self) -> None:
        self._timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            Once.event("slow", "closed connections whose request headers took over %g s", self.header_timeout)
            self._close()
        self.waiting_since = None

    def _close(self) -> None:
        self._disarm()
        self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the headers are in: the request is under way
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers, on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class Once(logging.Filter):
    """At most one log record of a kind a minute; the next one says how many were held back.
    Installed on the loggers a flood of connections writes to (asyncio, uvicorn)."""

    def __init__(self, interval: float = 60.0) -> None:
        super().__init__()
        self.interval = interval
        self._last: dict[str, tuple[float, int]] = {}  # kind -> (time of the last one shown, held back)

    def filter(self, record: logging.LogRecord) -> bool:
        kind = f"{record.name}:{record.msg}" if isinstance(record.msg, str) else record.name
        now = time.monotonic()
        last, held = self._last.get(kind, (-self.interval, 0))
        if now - last < self.interval:
            self._last[kind] = (last, held + 1)
            return False
        self._last[kind] = (now, 0)
        if held:
            record.msg = f"{record.msg} ({held} more like it in the last minute)"
        if record.exc_info and kind.startswith("asyncio"):
            record.exc_info = None  # one line, not a traceback a connection
        return True

    @classmethod
    def event(cls, kind: str, message: str, *args: object) -> None:
        LOG.warning(message, *args)


def quiet_floods() -> None:
    """One line a minute per kind on the loggers that a flood of connections writes to."""
    for name in ("asyncio", "uvicorn.error", "gazette.serve"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, Once) for f in logger.filters):
            logger.addFilter(Once())
