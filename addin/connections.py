"""Connection-level defences the add-in server adds to uvicorn's HTTP/1.1 protocol (h11).

uvicorn has no deadline for a request's head: a client that sends its headers one byte a
second holds a connection for as long as it likes, and uvicorn's ``limit_concurrency`` counts
such connections, so a few hundred of them turn every other request into a 503. Here:

- a connection must deliver a complete request head within ``read_timeout`` seconds of opening
  (or of its previous answer), or it is closed; trickling bytes does not extend the deadline;
- the server's limit on open connections sheds the oldest connection that has no request in
  progress to make room for a new one, so waiting connections never crowd out working ones;
- the limit on work is the engine pool's (``max_pending``, answered with a JSON "busy"), not a
  count of sockets, so uvicorn's ``limit_concurrency`` is not used;
- a connection closed while its client is still sending a refused body (413, 408) lingers for
  :data:`LINGER_SECONDS`, its bytes dropped unread, before it is closed: closing at once would
  reset the connection and many clients (browsers among them) would lose the answer that says why.

The body's own deadlines are the application's (:mod:`addin.uploads`), which sees the bytes.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_CONNECTIONS = 1000
LINGER_SECONDS = 2.0


def guarded_protocol(read_timeout: float, max_connections: int = MAX_CONNECTIONS) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for each request head and a connection cap that sheds idle ones."""

    class GuardedH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self.lingering = False
            super().connection_made(_LingeringClose(transport, self))
            self.opened = self.loop.time()
            self.head_deadline: asyncio.TimerHandle | None = None
            self._await_head()
            if len(self.connections) > max_connections:
                _shed(self.connections, self)

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_deadline()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if not self.lingering:  # while lingering, the rest of a refused body is dropped unread
                super().data_received(data)

        def close_gently(self, transport: asyncio.Transport) -> None:
            if self.lingering or transport.is_closing():
                return
            if self.conn.their_state is not h11.SEND_BODY:
                transport.close()
                return
            self.lingering = True
            transport.resume_reading()
            self.loop.call_later(LINGER_SECONDS, transport.close)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._await_head()

        def working(self) -> bool:
            """A request head has arrived and its answer is not complete yet."""
            return self.cycle is not None and not self.cycle.response_complete

        def _await_head(self) -> None:
            self._cancel_deadline()
            self.head_deadline = self.loop.call_later(read_timeout, self._head_overdue)

        def _cancel_deadline(self) -> None:
            if self.head_deadline is not None:
                self.head_deadline.cancel()
                self.head_deadline = None

        def _head_overdue(self) -> None:
            self.head_deadline = None
            if not self.working() and not self.transport.is_closing():
                self.transport.close()

    return GuardedH11Protocol


class _LingeringClose:
    """The transport as uvicorn sees it, except that closing it may linger (see ``close_gently``)."""

    def __init__(self, transport: asyncio.Transport, protocol) -> None:
        self._transport, self._protocol = transport, protocol

    def __getattr__(self, name: str):
        return getattr(self._transport, name)

    def close(self) -> None:
        self._protocol.close_gently(self._transport)

    def is_closing(self) -> bool:
        return self._protocol.lingering or self._transport.is_closing()


def _shed(connections: set, newcomer) -> None:
    """Close the oldest connection without a request in progress; the newcomer itself if every other one works."""
    idle = [c for c in connections if c is not newcomer and hasattr(c, "working") and not c.working()
            and not c.transport.is_closing()]
    victim = min(idle, key=lambda c: c.opened) if idle else newcomer
    victim.transport.close()
